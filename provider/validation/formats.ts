/**
 * Checks of single values whose shape JSON Schema cannot express in a Pulumi schema: ids that end up in URL
 * paths, URLs, cron expressions and time zones. Each returns the reason a value is wrong, or undefined. No reason
 * quotes the value: some of these values are secrets, and the rest may be long or contain control characters.
 */
import { parseExpression } from "cron-parser";

export const MAX_STRING_LENGTH = 2048;

/** Okta app instance ids: "0oa" and 17 letters or digits. Checked before an id is ever put in a URL path. */
const APP_ID = /^0oa[A-Za-z0-9]{17}$/;
const ORG_ALIAS = /^[A-Za-z0-9_.-]{1,64}$/;
/** Okta app names (`okta_org2org`, `zscalerbyz`, `acme_customsaml20app_1`); one goes into the OAuth callback path. */
const APP_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** `localhost`, all of 127.0.0.0/8 and `[::1]`: the only hosts plain http:// may reach (a local emulator). */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The one loopback rule, for every URL we call: org URLs (provider/orgs.ts) and SCIM base URLs alike. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST.test(hostname);
}

export function textProblem(value: string): string | undefined {
  if (value.length > MAX_STRING_LENGTH) {
    return `is ${value.length} characters long; at most ${MAX_STRING_LENGTH} are accepted`;
  }
  if (CONTROL.test(value)) {
    return "contains a control character (a newline or tab, often from a pasted value or `$(cat file)`): remove it";
  }
  return undefined;
}

export function appIdProblem(value: string): string | undefined {
  if (APP_ID.test(value)) return undefined;
  // An Admin Console URL pasted whole (…/admin/app/zscalerbyz/instance/0oa…/): the id is in it.
  const inside = /^https?:\/\/|\/admin\/app\//.test(value)
    ? /\/(0oa[A-Za-z0-9]{17})(?=$|[/#?&])/.exec(value)?.[1]
    : undefined;
  if (inside)
    return `must be the app instance id alone, not a URL or path: use "${inside}" (the id in the Admin Console URL)`;
  return (
    "must be an Okta app instance id: `0oa` followed by 17 letters or digits (the id at the end of the app's " +
    "Admin Console URL, or the `id` output of an okta app resource)"
  );
}

export function orgAliasProblem(value: string): string | undefined {
  if (ORG_ALIAS.test(value)) return undefined;
  return (
    "must be the alias of a named org in `okta-provisioning:orgs`: 1 to 64 letters, digits, `_`, `.` or `-`; " +
    "omit `org` to use the default org"
  );
}

export function appNameProblem(value: string): string | undefined {
  if (APP_NAME.test(value)) return undefined;
  return "must be an Okta app name such as `zscalerbyz` or `okta_org2org`: letters, digits and `_` only";
}

/** Why `url` cannot be called: https, or plain http for loopback addresses only (a local emulator). */
function urlProblem(url: string, what: string, example: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `must be an absolute URL such as ${example}`;
  }
  if (parsed.username || parsed.password) {
    return `must not carry credentials in the URL; give ${what} without \`user:password@\``;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:") {
    if (isLoopbackHost(parsed.hostname)) return undefined;
    return `must use https (plain http only for loopback addresses such as 127.0.0.1 or localhost), e.g. ${example}`;
  }
  return `must be an https URL such as ${example}`;
}

/** A connection's `baseUrl`: Zscaler 2.0's SCIM base URL, or the target org of an Okta Org2Org connection. */
export function baseUrlProblem(url: string, appName?: string): string | undefined {
  return appName === "okta_org2org"
    ? urlProblem(url, "the target org's URL", "https://acme.okta.com")
    : urlProblem(url, "the SCIM base URL", "https://scim.zscalerbeta.net/1234567/890/scim");
}

/** Okta schedules imports with five-field UNIX cron: no seconds field, no `@daily`-style macros. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  const hint =
    "a five-field UNIX cron expression (minute hour day-of-month month day-of-week), e.g. `0 2 * * 0`";
  if (fields.some((f) => f.startsWith("@"))) return `must be ${hint}; macros such as @daily are not accepted`;
  if (fields.length === 6) return `must be ${hint}; it has 6 fields, and a seconds field is not accepted`;
  if (fields.length !== 5)
    return `must be ${hint}; it has ${fields.length} field${fields.length === 1 ? "" : "s"}`;
  if (/[?#]/.test(expression)) return `must be ${hint}; \`?\` and \`#\` are Quartz syntax, not UNIX cron`;
  try {
    parseExpression(expression);
  } catch (err) {
    return `must be ${hint}: ${(err as Error).message}`;
  }
  return undefined;
}

let zones: Set<string> | undefined;

/** IANA names as this Node.js knows them, plus aliases it resolves (Asia/Kolkata next to Asia/Calcutta). */
export function timeZoneProblem(name: string): string | undefined {
  zones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  if (zones.has(name)) return undefined;
  const hint = "must be an IANA time zone name such as `America/New_York`, `Europe/Berlin` or `UTC`";
  // Intl also takes UTC offsets such as +05:00; Okta wants a name.
  if (!/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(name)) return hint;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return hint;
  }
  if (resolved === name) return undefined;
  // Intl accepts any case, Okta does not: IANA names are case-sensitive.
  const properlyCased = name.split("/").every((part) => /^[A-Z]/.test(part));
  if (!properlyCased || resolved.toLowerCase() === name.toLowerCase()) {
    return `${hint} (names are case-sensitive: did you mean \`${resolved}\`?)`;
  }
  return undefined;
}
