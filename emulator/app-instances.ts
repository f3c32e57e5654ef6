/**
 * App instances as the apps API creates, deactivates and deletes them. A create body is checked against the
 * integration-network schema the spec documents for its `name` (the one whose `x-okta-defined-as.name` it is, e.g.
 * `ZscalerbyzApplication` for `zscalerbyz`), so what Okta requires of an OIN app (Org2Org's `settings.app.baseUrl`,
 * Google's `settings.app.domain`) is required here too. An app must be deactivated before it can be deleted.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { APP_KINDS } from "./catalog";
import { OktaError, validationFailed } from "./errors";
import { loadSpec, specAsJsonSchema, SPEC_ID } from "./spec";
import { newApp, type AppRecord } from "./store";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** What E0000001 names for an app body (assumed: not recorded for these causes). */
export const APP = "app";

/** App settings Okta takes on create but never returns (Org2Org's target-org API token). */
const WRITE_ONLY_SETTINGS = new Set(["token", "tokenEncrypted"]);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

/** The OIN schema of an app key name, compiled once; null when the spec documents none. */
function oinValidator(name: string): ValidateFunction | null {
  if (validators.has(name)) return validators.get(name)!;
  const schemas = loadSpec().components.schemas;
  const schemaName = Object.keys(schemas).find(
    (key) => (schemas[key]["x-okta-defined-as"] as { name?: string } | undefined)?.name === name,
  );
  let validate: ValidateFunction | null = null;
  if (schemaName) {
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema(specAsJsonSchema());
    }
    validate = ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/${schemaName}` });
  }
  validators.set(name, validate);
  return validate;
}

/** ajv's errors as Okta-style causes, without the noise of if/then branches that merely failed to apply. */
function causesOf(errors: ErrorObject[] | null | undefined): string[] {
  const causes = (errors ?? [])
    .filter((e) => !["if", "then", "oneOf"].includes(e.keyword))
    .map((e) => {
      const at = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const allowed = (e.params as { allowedValues?: string[] }).allowedValues;
      return `${at || "body"}: ${e.message}${allowed ? ` (${allowed.join(", ")})` : ""}.`;
    });
  return [...new Set(causes)];
}

/**
 * Recorded: a bookmark app POSTed without `signOnMode` is created (py-bookmark-connection-*.json), although the
 * spec's schema requires it: Okta takes the app's own sign-on mode. Assumed the same for the other apps.
 */
export function withDefaultSignOnMode(body: unknown): unknown {
  if (!isObject(body) || body.signOnMode !== undefined || typeof body.name !== "string") return body;
  const kind = APP_KINDS[body.name];
  return kind ? { ...body, signOnMode: kind.signOnMode } : body;
}

/** The new app from a `POST /api/v1/apps` body, or 400 E0000001 naming every field at fault. */
export function appFromCreate(input: unknown, activate: boolean): AppRecord {
  if (!isObject(input))
    throw validationFailed(APP, "The request body must be a JSON object describing the app.");
  const name = input.name;
  if (typeof name !== "string" || !name) {
    throw validationFailed(
      APP,
      "name: is required: the key name of an Okta Integration Network app (e.g. zscalerbyz, okta_org2org).",
    );
  }
  const validate = APP_KINDS[name] ? oinValidator(name) : null;
  if (!validate) {
    throw validationFailed(
      APP,
      `name: ${JSON.stringify(name)} is not an app this emulator can create; it knows ${Object.keys(APP_KINDS).join(", ")}.`,
    );
  }
  const body = withDefaultSignOnMode(input) as Json;
  if (!validate(body)) throw validationFailed(APP, ...causesOf(validate.errors));

  const app = newApp(name, String(body.label));
  app.status = activate ? "ACTIVE" : "INACTIVE";
  if (typeof body.signOnMode === "string") app.signOnMode = body.signOnMode;
  const settings = isObject(body.settings) && isObject(body.settings.app) ? body.settings.app : {};
  app.settingsApp = Object.fromEntries(
    Object.entries(settings).filter(([key]) => !WRITE_ONLY_SETTINGS.has(key)),
  );
  return app;
}

export function deleteForbidden(): OktaError {
  return new OktaError(403, "E0000056", "Delete application forbidden.", [
    "The application must be deactivated before deletion.",
  ]);
}

/** `DELETE /api/v1/apps/{appId}`: only an inactive app goes (Okta's rule); its connection and features go with it. */
export function checkDeletable(app: AppRecord): void {
  if ((app.status ?? "ACTIVE") === "ACTIVE") throw deleteForbidden();
}
