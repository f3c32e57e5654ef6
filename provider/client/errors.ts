/**
 * Okta's error bodies as typed errors. The fields are kept as Okta sends them (errorCode, errorSummary,
 * errorCauses, errorId) for code that branches on them; the message is written for the person who must fix it,
 * and names the org, the request id and what to do. Nothing here ever holds a request's headers or config.
 */
import type { OrgConnection } from "../orgs";
import type { HttpMethod } from "./types";

export interface ErrorContext {
  org: OrgConnection;
  method: HttpMethod;
  path: string;
  operation?: string;
}

export interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: string[];
  errorId?: string;
}

export class OktaApiError extends Error {
  readonly status: number;
  readonly errorCode?: string;
  readonly errorSummary?: string;
  readonly errorCauses: string[];
  readonly errorId?: string;
  readonly requestId?: string;
  readonly operation?: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The resource the failure belongs to, once a caller has said (see withResource). */
  resource?: string;

  constructor(
    message: string,
    fields: { status: number; body: OktaErrorBody; requestId?: string } & Omit<ErrorContext, "org">,
  ) {
    super(message);
    this.name = "OktaApiError";
    this.status = fields.status;
    this.errorCode = fields.body.errorCode;
    this.errorSummary = fields.body.errorSummary;
    this.errorCauses = fields.body.errorCauses ?? [];
    this.errorId = fields.body.errorId;
    this.requestId = fields.requestId;
    this.operation = fields.operation;
    this.method = fields.method;
    this.path = fields.path;
  }
}

/** Okta could not be reached (or kept dropping the connection) after the retries. */
export class OktaNetworkError extends Error {
  readonly code: string;
  readonly operation?: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly attempts: number;
  resource?: string;

  constructor(message: string, fields: { code: string; attempts: number } & Omit<ErrorContext, "org">) {
    super(message);
    this.name = "OktaNetworkError";
    this.code = fields.code;
    this.operation = fields.operation;
    this.method = fields.method;
    this.path = fields.path;
    this.attempts = fields.attempts;
  }
}

/** Prefixes the message with the resource (`ProvisioningFeature "zoom-users"`), keeping the type and fields. */
export function withResource<E>(err: E, resourceLabel: string): E | Error {
  if (err instanceof OktaApiError || err instanceof OktaNetworkError) {
    if (err.resource === undefined) {
      err.resource = resourceLabel;
      err.message = `${resourceLabel}: ${err.message}`;
    }
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Error(message.startsWith(resourceLabel) ? message : `${resourceLabel}: ${message}`);
}

export function isNotFound(err: unknown): err is OktaApiError {
  return err instanceof OktaApiError && err.status === 404;
}

const NOT_ENABLED = /provisioning is not enabled/i;

/** Features answer 400 E0000001 with this cause until the app's provisioning connection is enabled. */
export function isProvisioningNotEnabled(err: unknown): err is OktaApiError {
  return (
    err instanceof OktaApiError &&
    err.status === 400 &&
    (err.errorCauses.some((c) => NOT_ENABLED.test(c)) || NOT_ENABLED.test(err.errorSummary ?? ""))
  );
}

/** Okta's error body, tolerant of anything else (a proxy's HTML page, an empty body). */
export function parseErrorBody(data: unknown): OktaErrorBody {
  if (typeof data !== "object" || data === null) return {};
  const d = data as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v.slice(0, 500) : undefined);
  const causes = Array.isArray(d.errorCauses)
    ? d.errorCauses
        .map((c) => (typeof c === "string" ? c : text((c as Record<string, unknown> | null)?.errorSummary)))
        .filter((c): c is string => !!c)
    : [];
  // The token endpoint speaks OAuth (`error`, `error_description`) rather than Okta's management format.
  return {
    errorCode: text(d.errorCode) ?? text(d.error),
    errorSummary: text(d.errorSummary) ?? text(d.error_description),
    errorCauses: causes,
    errorId: text(d.errorId),
  };
}

function credentialHelp(org: OrgConnection): string {
  if (org.alias) {
    const key = `okta-provisioning:orgs.${org.alias}`;
    return org.auth.kind === "apiToken"
      ? `set a valid token with \`pulumi config set --secret --path '${key}.apiToken' <token>\``
      : `check ${key}.clientId, ${key}.privateKey and ${key}.privateKeyId`;
  }
  return org.auth.kind === "apiToken"
    ? "create a new token (Admin Console > Security > API > Tokens) and set it with " +
        "`pulumi config set --secret okta:apiToken <token>` or OKTA_API_TOKEN"
    : "check okta:clientId, okta:privateKey and okta:privateKeyId (or OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, " +
        "OKTA_API_PRIVATE_KEY_ID) and that the service app holds the matching public key";
}

function appIdOf(path: string): string | undefined {
  return /^\/api\/v1\/apps\/(?:[a-z0-9_]+\/)?(0oa[A-Za-z0-9]+)/.exec(path)?.[1];
}

function isWrite(method: HttpMethod): boolean {
  return method !== "GET";
}

/** The message for an error answer, after any retries. */
export function describeApiError(
  status: number,
  body: OktaErrorBody,
  requestId: string | undefined,
  ctx: ErrorContext,
  attempts: number,
): string {
  const { org } = ctx;
  const what = ctx.operation ?? `${ctx.method} ${ctx.path}`;
  const code = [status, body.errorCode].filter(Boolean).join(" ");
  const summary = body.errorSummary ? `: ${body.errorSummary}` : "";
  const rid = requestId ? ` (Okta request id ${requestId})` : "";
  const causes = body.errorCauses?.length ? ` Causes: ${body.errorCauses.join("; ")}.` : "";
  const where = org.alias ? `org "${org.alias}" (${org.url})` : org.url;
  const appId = appIdOf(ctx.path);

  if (status === 401) {
    const creds =
      org.auth.kind === "apiToken"
        ? `The API token for ${where} is`
        : `The OAuth credentials of service app ${org.auth.clientId} for ${where} are`;
    return `${creds} invalid or expired (${code}${summary})${rid}: ${credentialHelp(org)}.`;
  }
  if (status === 403) {
    const fix =
      org.auth.kind === "apiToken"
        ? "use a token created by an admin who can manage this app (a super admin or an app admin for it)"
        : `grant the service app the ${isWrite(ctx.method) ? "okta.apps.manage scope (needed for writes)" : "okta.apps.read scope (needed for reads; okta.apps.manage for writes)"} ` +
          "in the Admin Console (the app's Okta API Scopes tab), list it in okta:scopes, and give the app an admin role that covers this app";
    return `Not permitted to ${what} in ${where} (${code}${summary})${rid}: ${fix}.`;
  }
  if (status === 404 && appId) {
    return `The app ${appId} was not found in ${where} (${code})${rid}: check appId (the 0oa… id in the app's Admin Console URL) and that the resource points at the right org.`;
  }
  if (
    status === 400 &&
    [...(body.errorCauses ?? []), body.errorSummary ?? ""].some((c) => NOT_ENABLED.test(c))
  ) {
    return `Provisioning is not enabled for app ${appId ?? "?"} in ${where} (${code})${rid}: enable the app's provisioning connection first (a ProvisioningConnection with enabled: true, passed as this resource's \`connection\`).`;
  }
  if (status === 429) {
    return `Okta's rate limit for ${where} was still exceeded after ${attempts} attempts at ${what}${rid}: lower the pace with \`pulumi config set okta-provisioning:maxConcurrency 2\` or okta-provisioning:requestsPerMinute (or OKTA_PROVISIONING_MAX_CONCURRENCY / OKTA_PROVISIONING_REQUESTS_PER_MINUTE), or run fewer deployments against this org at once.`;
  }
  if (status >= 500) {
    return `Okta was unavailable for ${what} at ${where} (${code}${summary}) after ${attempts} attempt${attempts === 1 ? "" : "s"}${rid}: re-run the deployment; if it persists, quote the request id to Okta support.`;
  }
  return `Okta refused ${what} at ${where} (${code}${summary})${rid}.${causes}`;
}

export function describeNetworkError(
  code: string,
  detail: string,
  ctx: ErrorContext,
  attempts: number,
): string {
  const where = ctx.org.alias ? `org "${ctx.org.alias}" (${ctx.org.url})` : ctx.org.url;
  const what = ctx.operation ?? `${ctx.method} ${ctx.path}`;
  return `Could not reach ${where} for ${what} after ${attempts} attempt${attempts === 1 ? "" : "s"} (${code}: ${detail}): check the org URL and the network (proxy, firewall), then re-run.`;
}
