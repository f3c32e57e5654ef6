/**
 * A live feature's capabilities cut to what the resources accept. The inputs refuse unknown keys (a misspelt
 * setting would otherwise be dropped silently), so a setting Okta reports that schema.json does not know — a newer
 * Okta field, a value outside an enum — cannot go into the program: it is left out, unmanaged, and named.
 */
import schema from "../../schema.json";
import type { FeatureName } from "../../provider/okta-api";
import { FEATURE_CAPABILITY_KEYS } from "../../provider/schema-tables";

interface PropertySpec {
  type?: string;
  $ref?: string;
}
interface TypeSpec {
  type: string;
  properties?: Record<string, PropertySpec>;
  enum?: { value: unknown }[];
}

const TYPES = schema.types as Record<string, TypeSpec>;
const PREFIX = "#/types/";
const ROOT = "okta-provisioning:index:ApplicationFeatureCapabilities";

export interface PrunedCapabilities {
  capabilities: Record<string, unknown>;
  /** Dotted paths of what was left out, e.g. `update.newSetting`. */
  leftOut: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fits(spec: PropertySpec, value: unknown): boolean {
  if (spec.$ref) {
    const type = TYPES[spec.$ref.slice(PREFIX.length)];
    if (type?.enum) return type.enum.some((e) => e.value === value);
    return false;
  }
  if (spec.type === "boolean") return typeof value === "boolean";
  if (spec.type === "string") return typeof value === "string";
  if (spec.type === "integer" || spec.type === "number") return typeof value === "number";
  return false;
}

function prune(
  typeToken: string,
  value: Record<string, unknown>,
  path: string,
  leftOut: string[],
  only?: readonly string[],
): Record<string, unknown> {
  const type = TYPES[typeToken];
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    const at = path ? `${path}.${key}` : key;
    const spec = type?.properties?.[key];
    if (!spec || (only && !only.includes(key))) {
      leftOut.push(at);
      continue;
    }
    const target = spec.$ref ? TYPES[spec.$ref.slice(PREFIX.length)] : undefined;
    if (target && !target.enum) {
      if (!isObject(v)) {
        leftOut.push(at);
        continue;
      }
      const inner = prune(spec.$ref!.slice(PREFIX.length), v, at, leftOut);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (fits(spec, v)) {
      out[key] = v;
    } else {
      leftOut.push(at);
    }
  }
  return out;
}

export function pruneCapabilities(feature: FeatureName, live: unknown): PrunedCapabilities {
  const leftOut: string[] = [];
  const capabilities = isObject(live) ? prune(ROOT, live, "", leftOut, FEATURE_CAPABILITY_KEYS[feature]) : {};
  return { capabilities, leftOut };
}
