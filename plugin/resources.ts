/**
 * The plugin's resource types and the CRUD behind each: the very objects the dynamic resources run
 * (provider/index.ts), so the two doors cannot disagree.
 */
import * as crud from "../provider";
import { PROVISIONING_APPS } from "../provider/apps";
import type { DynamicProvider } from "../provider/dynamic";
import {
  RESOURCE_NAMES,
  SECRET_HOLDING_INPUTS,
  SECRET_OUTPUTS,
  type ResourceName,
} from "../provider/schema-tables";
import { PACKAGE } from "./schema";

export type Kind = ResourceName;

export interface ResourceType {
  kind: Kind;
  token: string;
  crud: DynamicProvider<Record<string, unknown>, Record<string, unknown>>;
  /** Top-level properties that are always secret (schema.json's `secret`, anywhere inside). */
  secretKeys: Set<string>;
  /**
   * Properties Okta never returns (write-only): an imported resource's state has none, so its diff takes the
   * program's value as the old one instead of calling it a change.
   */
  writeOnly: string[];
}

/** The top-level connection inputs some app never returns (the catalog's `settings.adminPassword` → `settings`). */
const WRITE_ONLY: Record<Kind, string[]> = {
  ProvisioningConnection: [
    ...new Set(Object.values(PROVISIONING_APPS).flatMap((app) => app.writeOnly.map((p) => p.split(".")[0]))),
  ],
  ProvisioningFeature: [],
  OAuthConsent: [],
};

const TYPES = new Map<string, ResourceType>(
  RESOURCE_NAMES.map((kind) => {
    const token = `${PACKAGE}:index:${kind}`;
    return [
      token,
      {
        kind,
        token,
        crud: crud[kind] as unknown as ResourceType["crud"],
        secretKeys: new Set([...SECRET_HOLDING_INPUTS[kind], ...SECRET_OUTPUTS[kind]]),
        writeOnly: WRITE_ONLY[kind],
      },
    ];
  }),
);

/** The type a URN names (`urn:pulumi:stack::project::TYPE::name`, possibly `PARENT$TYPE`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

export function resourceType(urn: string, type?: string): ResourceType {
  const token = type || typeOfUrn(urn);
  const found = TYPES.get(token);
  if (!found)
    throw new Error(`unknown resource type ${token}: this provider serves ${[...TYPES.keys()].join(", ")}`);
  return found;
}
