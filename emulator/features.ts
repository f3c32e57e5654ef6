/**
 * App features (USER_PROVISIONING, INBOUND_PROVISIONING): Okta's defaults, the partial-update merge of a PUT, and
 * the checks a PUT must pass. The shape checks walk the spec's own schemas, so enums and property names come from
 * the spec — except where Okta's recorded traffic says otherwise: INBOUND_PROVISIONING's username format is
 * `userNameFormat` on the wire (tf-inbound-feature-read.json; the spec's own examples agree, only its schema says
 * `usernameFormat`).
 */
import parser from "cron-parser";
import type { FeatureName } from "./catalog";
import { resolveSchema, componentSchema, type JsonSchema } from "./spec";
import type { Capabilities } from "./store";

/** Recorded (tf-user-feature-put.json, tf-inbound-feature-read.json). */
export const FEATURE_DESCRIPTIONS: Record<FeatureName, string> = {
  USER_PROVISIONING: "User provisioning settings from Okta to a downstream application",
  INBOUND_PROVISIONING: "In-bound provisioning settings for provisioning users from an application to Okta",
};

const CAPABILITY_SCHEMAS: Record<FeatureName, string> = {
  USER_PROVISIONING: "CapabilitiesObject",
  INBOUND_PROVISIONING: "CapabilitiesInboundProvisioningObject",
};

/** Okta's spelling on the wire (recorded), and the spec schema's, which a PUT may also use (assumed accepted). */
export const WIRE_USERNAME_FORMAT = "userNameFormat";
const SCHEMA_USERNAME_FORMAT = "usernameFormat";

/**
 * A feature nobody wrote. INBOUND_PROVISIONING: as recorded in one real org (tf-inbound-feature-read.json; an admin of
 * that org may have set some of it). USER_PROVISIONING: no recording of an untouched one; the spec's defaults
 * (statuses DISABLED, seed RANDOM, change KEEP_EXISTING).
 */
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
    importSettings: {
      username: { userNameFormat: "EMAIL" },
      schedule: { status: "DISABLED", fullImport: null, incrementalImport: null },
    },
    importRules: {
      userCreateAndMatch: {
        exactMatchCriteria: "USERNAME",
        allowPartialMatch: true,
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

/** Recorded: every feature body Okta answered reads `status: ENABLED`, whatever its capabilities. */
export function featureStatus(): "ENABLED" {
  return "ENABLED";
}

/**
 * The capabilities as Okta answers them: an INBOUND_PROVISIONING schedule shows `fullImport` and
 * `incrementalImport` as `null` when unset (recorded for a DISABLED schedule; assumed when only one is set).
 */
export function renderCapabilities(name: FeatureName, caps: Capabilities): Capabilities {
  const out = structuredClone(caps);
  if (name !== "INBOUND_PROVISIONING") return out;
  const settings = isObject(out.importSettings) ? out.importSettings : undefined;
  const schedule = settings && isObject(settings.schedule) ? settings.schedule : undefined;
  if (schedule) {
    schedule.fullImport ??= null;
    schedule.incrementalImport ??= null;
  }
  return out;
}

/** A PUT body's username with the spec schema's spelling moved to Okta's (`usernameFormat` → `userNameFormat`). */
export function withWireSpelling(body: Json): Json {
  return respelled(body, SCHEMA_USERNAME_FORMAT, WIRE_USERNAME_FORMAT);
}

/** The same body as the spec's schema spells it, for the spec's request check (which requires `usernameFormat`). */
export function withSchemaSpelling(body: unknown): unknown {
  return isObject(body) ? respelled(body, WIRE_USERNAME_FORMAT, SCHEMA_USERNAME_FORMAT) : body;
}

/** A copy of `body` whose username format is spelled `to` instead of `from` (the body itself when there is nothing to move). */
function respelled(body: Json, from: string, to: string): Json {
  const username = usernameOf(body);
  if (!username || !(from in username) || to in username) return body;
  const copy = structuredClone(body);
  const u = usernameOf(copy)!;
  u[to] = u[from];
  delete u[from];
  return copy;
}

function usernameOf(body: Json): Json | undefined {
  const settings = body.importSettings;
  return isObject(settings) && isObject(settings.username) ? settings.username : undefined;
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
    // Okta's own spelling of the schema's `usernameFormat` (recorded).
    const known =
      key === WIRE_USERNAME_FORMAT && props[SCHEMA_USERNAME_FORMAT] ? SCHEMA_USERNAME_FORMAT : key;
    if (!props[known]) {
      causes.push(`${where}: unknown property. Known: ${Object.keys(props).join(", ")}.`);
      continue;
    }
    unknownProperties(child, props[known], where, causes);
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
  const username = usernameOf(caps) ?? {};
  if (username[WIRE_USERNAME_FORMAT] === "CUSTOM" && !username.userNameExpression) {
    causes.push("importSettings.username.userNameExpression: is required when userNameFormat is CUSTOM.");
  }
}

/**
 * Why a PUT of `body` must be refused beyond what the spec's schema says (empty when it may be merged): unknown
 * property names, cron, time zones, and the merged result. Computed before anything is stored.
 */
export function featurePutProblems(name: FeatureName, current: Capabilities, body: unknown): string[] {
  if (!isObject(body)) return [];
  const causes: string[] = [];
  const username = usernameOf(body);
  if (username && WIRE_USERNAME_FORMAT in username && SCHEMA_USERNAME_FORMAT in username) {
    causes.push(
      `importSettings.username: give the format once, as ${WIRE_USERNAME_FORMAT} (or ${SCHEMA_USERNAME_FORMAT}), not both.`,
    );
  }
  unknownProperties(body, componentSchema(CAPABILITY_SCHEMAS[name]), "", causes);
  checkSchedules(body, causes);
  checkMerged(name, mergeCapabilities(current, withWireSpelling(body)), causes);
  return causes;
}
