/**
 * App features (USER_PROVISIONING, INBOUND_PROVISIONING): Okta's defaults, the partial-update merge of a PUT, and
 * the checks a PUT must pass. The shape checks walk the spec's own schemas, so enums and property names come from
 * the spec; the guide's slips (`CYCLE`, `timeZone`, `userNameFormat`) fail with a cause naming the right spelling.
 */
import parser from "cron-parser";
import type { FeatureName } from "./catalog";
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

/**
 * Property names the spec does not know. The spec's schemas leave objects open, so this is stricter than its letter
 * (docs/emulator.md says so): a misspelt setting would otherwise be dropped and the old value kept. Types, enums and
 * required fields are the spec check's (request-validation.ts).
 */
function unknownProperties(value: unknown, schema: JsonSchema, at: string, causes: string[]): void {
  if (!isObject(value)) return;
  const s = resolveSchema(schema);
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  if (!s.properties) return;
  for (const [key, child] of Object.entries(value)) {
    const where = at ? `${at}.${key}` : key;
    if (!props[key]) {
      const hint = KNOWN_SLIPS[key] && props[KNOWN_SLIPS[key]] ? ` Did you mean ${KNOWN_SLIPS[key]}?` : "";
      causes.push(`${where}: unknown property.${hint} Known: ${Object.keys(props).join(", ")}.`);
      continue;
    }
    unknownProperties(child, props[key], where, causes);
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

/** Cron expressions and time zones of the schedules a body sets. */
function checkSchedules(body: Json, causes: string[]): void {
  const settings = isObject(body.importSettings) ? body.importSettings : {};
  const schedule = isObject(settings.schedule) ? settings.schedule : {};
  for (const kind of ["fullImport", "incrementalImport"]) {
    const at = `importSettings.schedule.${kind}`;
    const entry = schedule[kind];
    if (!isObject(entry)) continue;
    if (typeof entry.expression === "string" && entry.expression)
      checkCron(entry.expression, `${at}.expression`, causes);
    if (typeof entry.timezone === "string" && entry.timezone && !isIanaTimeZone(entry.timezone)) {
      causes.push(
        `${at}.timezone: ${JSON.stringify(entry.timezone)} is not an IANA time zone name (e.g. America/New_York).`,
      );
    }
  }
}

/** What only the merged result can show: a CUSTOM username needs its expression, wherever that came from. */
function checkMerged(name: FeatureName, caps: Json, causes: string[]): void {
  if (name !== "INBOUND_PROVISIONING") return;
  const settings = (caps.importSettings ?? {}) as Json;
  const username = (settings.username ?? {}) as Json;
  if (username.usernameFormat === "CUSTOM" && !username.userNameExpression) {
    causes.push("importSettings.username.userNameExpression: is required when usernameFormat is CUSTOM.");
  }
}

/**
 * Why a PUT of `body` must be refused beyond what the spec's schema says (empty when it may be merged): unknown
 * property names, cron, time zones, and the merged result. Computed before anything is stored.
 */
export function featurePutProblems(name: FeatureName, current: Capabilities, body: unknown): string[] {
  if (!isObject(body)) return [];
  const causes: string[] = [];
  unknownProperties(body, componentSchema(CAPABILITY_SCHEMAS[name]), "", causes);
  checkSchedules(body, causes);
  checkMerged(name, mergeCapabilities(current, body), causes);
  return causes;
}
