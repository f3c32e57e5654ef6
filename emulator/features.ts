/**
 * App features (USER_PROVISIONING, INBOUND_PROVISIONING): Okta's defaults, the partial-update merge of a PUT, and
 * the checks a PUT must pass. The shape checks walk the spec's own schemas, so enums and property names come from
 * the spec; the guide's slips (`CYCLE`, `timeZone`, `userNameFormat`) fail with a cause naming the right spelling.
 */
import parser from "cron-parser";
import type { FeatureName } from "./catalog";
import { validationFailed } from "./errors";
import { resolveSchema, componentSchema, type JsonSchema } from "./spec";
import type { Capabilities } from "./store";

export const FEATURE_DESCRIPTIONS: Record<FeatureName, string> = {
  USER_PROVISIONING: "User provisioning settings from Okta to a downstream application",
  INBOUND_PROVISIONING: "In-bound provisioning settings from an application to Okta",
};

const CAPABILITY_SCHEMAS: Record<FeatureName, string> = {
  USER_PROVISIONING: "CapabilitiesObject",
  INBOUND_PROVISIONING: "CapabilitiesInboundProvisioningObject",
};

/** Spellings seen in Okta's guide that the spec does not accept, with the one it does. */
const KNOWN_SLIPS: Record<string, string> = { timeZone: "timezone", userNameFormat: "usernameFormat" };

export function defaultCapabilities(name: FeatureName): Capabilities {
  if (name === "USER_PROVISIONING") {
    return {
      create: { lifecycleCreate: { status: "DISABLED" } },
      update: {
        lifecycleDeactivate: { status: "DISABLED" },
        profile: { status: "DISABLED" },
        password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" },
      },
    };
  }
  return {
    importSettings: { username: { usernameFormat: "EMAIL" }, schedule: { status: "DISABLED" } },
    importRules: {
      userCreateAndMatch: {
        exactMatchCriteria: "EMAIL",
        allowPartialMatch: false,
        autoConfirmPartialMatch: false,
        autoConfirmExactMatch: false,
        autoConfirmNewUsers: false,
        autoActivateNewUsers: false,
      },
    },
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The feature's status, a rule of ours (Okta does not document it): USER_PROVISIONING is ENABLED when any of its
 * capabilities is; INBOUND_PROVISIONING when its import schedule is ENABLED or any user-create-and-match
 * automation (auto-confirm / auto-activate / partial match) is on.
 */
export function featureStatus(name: FeatureName, caps: Capabilities): "ENABLED" | "DISABLED" {
  const enabled = (v: unknown): boolean => isObject(v) && v.status === "ENABLED";
  if (name === "USER_PROVISIONING") {
    const create = (caps.create ?? {}) as Json;
    const update = (caps.update ?? {}) as Json;
    const any =
      enabled(create.lifecycleCreate) ||
      enabled(update.profile) ||
      enabled(update.lifecycleDeactivate) ||
      enabled(update.password);
    return any ? "ENABLED" : "DISABLED";
  }
  const schedule = ((caps.importSettings ?? {}) as Json).schedule;
  const rules = (((caps.importRules ?? {}) as Json).userCreateAndMatch ?? {}) as Json;
  const automation = Object.entries(rules).some(([k, v]) => k !== "exactMatchCriteria" && v === true);
  return enabled(schedule) || automation ? "ENABLED" : "DISABLED";
}

/** Deep merge of a partial body; `null` clears an optional object (the spec's example sends `fullImport: null`). */
export function mergeCapabilities(current: Json, patch: Json): Json {
  const out: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = mergeCapabilities(out[key] as Json, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

function checkShape(value: unknown, schema: JsonSchema, at: string, causes: string[]): void {
  const s = resolveSchema(schema);
  const type = s.type ?? (s.properties ? "object" : undefined);
  if (value === null) {
    if (type !== "object") causes.push(`${at}: must not be null.`);
    return;
  }
  if (Array.isArray(s.enum)) {
    if (typeof value !== "string" || !(s.enum as string[]).includes(value)) {
      causes.push(`${at}: ${JSON.stringify(value)} is not one of ${(s.enum as string[]).join(", ")}.`);
    }
    return;
  }
  if (type === "object") {
    if (!isObject(value)) {
      causes.push(`${at}: must be an object.`);
      return;
    }
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, child] of Object.entries(value)) {
      const where = at ? `${at}.${key}` : key;
      if (!props[key]) {
        const hint = KNOWN_SLIPS[key] && props[KNOWN_SLIPS[key]] ? ` Did you mean ${KNOWN_SLIPS[key]}?` : "";
        causes.push(`${where}: unknown property.${hint} Known: ${Object.keys(props).join(", ")}.`);
        continue;
      }
      checkShape(child, props[key], where, causes);
    }
    return;
  }
  if (type === "boolean" && typeof value !== "boolean") causes.push(`${at}: must be true or false.`);
  if (type === "string") {
    if (typeof value !== "string") causes.push(`${at}: must be a string.`);
    else if (typeof s.minLength === "number" && value.length < s.minLength)
      causes.push(`${at}: must not be empty.`);
    else if (typeof s.maxLength === "number" && value.length > s.maxLength)
      causes.push(`${at}: is too long.`);
  }
}

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkCron(expression: string, at: string, causes: string[]): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    causes.push(
      `${at}: ${JSON.stringify(expression)} must be a five-field UNIX cron expression (minute hour day month weekday).`,
    );
    return;
  }
  try {
    parser.parseExpression(expression);
  } catch {
    causes.push(`${at}: ${JSON.stringify(expression)} is not a valid cron expression.`);
  }
}

/** Checks what only the merged result can show: required fields, cron, time zones, CUSTOM usernames. */
function checkMerged(name: FeatureName, caps: Json, causes: string[]): void {
  if (name !== "INBOUND_PROVISIONING") return;
  const settings = (caps.importSettings ?? {}) as Json;
  const username = (settings.username ?? {}) as Json;
  if (username.usernameFormat === "CUSTOM" && !username.userNameExpression) {
    causes.push("importSettings.username.userNameExpression: is required when usernameFormat is CUSTOM.");
  }
  const schedule = (settings.schedule ?? {}) as Json;
  for (const kind of ["fullImport", "incrementalImport"]) {
    const at = `importSettings.schedule.${kind}`;
    const entry = schedule[kind];
    if (!isObject(entry)) continue;
    if (typeof entry.expression !== "string" || !entry.expression)
      causes.push(`${at}.expression: is required.`);
    else checkCron(entry.expression, `${at}.expression`, causes);
    if (typeof entry.timezone === "string" && !isIanaTimeZone(entry.timezone)) {
      causes.push(
        `${at}.timezone: ${JSON.stringify(entry.timezone)} is not an IANA time zone name (e.g. America/New_York).`,
      );
    }
  }
}

/** The capabilities after a PUT, or a 400 E0000001 naming every field at fault (and nothing changes). */
export function applyFeaturePut(name: FeatureName, current: Capabilities, body: unknown): Capabilities {
  const causes: string[] = [];
  if (!isObject(body)) throw validationFailed("The request body must be a JSON object of capabilities.");
  checkShape(body, componentSchema(CAPABILITY_SCHEMAS[name]), "", causes);
  if (causes.length) throw validationFailed(...causes);
  const merged = mergeCapabilities(current, body);
  checkMerged(name, merged, causes);
  if (causes.length) throw validationFailed(...causes);
  return merged;
}
