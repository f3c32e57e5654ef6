/**
 * The one error mapper: Okta's error answers and network faults become typed errors. The fields are kept as Okta
 * sends them (errorCode, errorSummary, errorCauses, errorId) for code that branches on them; the message is written
 * for the person who must fix it, and names the org, the request id and what to do, in the words the org's
 * resolver gave (`OrgConnection.help`). Nothing here ever holds a request's headers or config, and a last pass
 * takes any credential out of every message.
 */
import { printable } from "./printable";
import { AbortFault } from "./abort";
import { faultNeverReachedServer, mayRepeat } from "./retry";
import { TransportFault } from "./transport";
import type { HttpMethod, Layer, OrgConnection, OrgHelp, RawResponse } from "./types";

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

/**
 * The request was abandoned on its signal (a cancelled `pulumi up`, a resource's custom timeout) before Okta
 * answered; `reason` says which.
 */
export class OktaRequestAborted extends Error {
  readonly reason: string;
  readonly operation?: string;
  readonly method: HttpMethod;
  readonly path: string;

  constructor(message: string, fields: { reason: string } & Omit<ErrorContext, "org">) {
    super(message);
    this.name = "OktaRequestAborted";
    this.reason = fields.reason;
    this.operation = fields.operation;
    this.method = fields.method;
    this.path = fields.path;
  }
}

export function isNotFound(err: unknown): err is OktaApiError {
  return err instanceof OktaApiError && err.status === 404;
}

/**
 * What a 404 says is missing: Okta's summary ends with the kind of object in parentheses ("Not found: Resource not
 * found: 0oa… (AppInstance)", recorded: py-connection-app-not-found.json; "… INVALID_FEATURE_TYPE
 * (PublicAppFeatureSetName)", recorded: py-feature-unknown-name.json).
 */
function missingKind(summary: string | undefined): string | undefined {
  return /\(([A-Za-z]+)\)\s*$/.exec(summary ?? "")?.[1];
}

/**
 * A 404 about something below the app, the app itself being there: its summary names another kind than
 * `AppInstance`. For a feature name Okta knows but the app lacks (Zscaler's INBOUND_PROVISIONING) no answer is
 * recorded: assumed a 404 naming the feature (the emulator says "(AppFeature)").
 */
export function isMissingBelowApp(err: unknown): err is OktaApiError {
  const kind = isNotFound(err) ? missingKind(err.errorSummary) : undefined;
  return kind !== undefined && kind !== "AppInstance";
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
function parseErrorBody(data: unknown): OktaErrorBody {
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

/** The resolver's words, or plain ones for an org built by hand (a test, a benchmark, an embedding program). */
export function helpOf(org: OrgConnection): OrgHelp {
  if (org.help) return org.help;
  const jwt = org.auth.kind === "privateKeyJwt";
  return {
    credentials: jwt
      ? "check the service app's client id, private key and key id, and that it holds the matching public key"
      : "create a new token (Admin Console > Security > API > Tokens) and configure it for this org",
    scopes: "the service app's configured scopes",
    privateKey: "The service app's private key",
    serviceApp: "the service app's client id, private key, key id and scopes",
    pace: "lower the request rate or concurrency configured for this org",
  };
}

function appIdOf(path: string): string | undefined {
  return /^\/api\/v1\/apps\/(?:[a-z0-9_]+\/)?(0oa[A-Za-z0-9]+)/.exec(path)?.[1];
}

/**
 * What a request tried, in the words of the person reading the error ("update the USER_PROVISIONING feature of app
 * 0oa…"), from its method and path: Okta's operation ids (`updateFeatureForApplication`) stay on the error's
 * `operation` field for code, out of its message.
 */
export function attempted(method: HttpMethod, path: string): string {
  const bare = path.split("?")[0];
  if (bare === "/api/v1/apps") return "list the org's apps";
  if (/\/oauth2\/v1\/token$/.test(bare)) return "get an access token";
  const appId = appIdOf(bare);
  const below = appId ? bare.slice(bare.indexOf(appId) + appId.length) : undefined;
  const app = `app ${appId}`;
  const connection = `the provisioning connection of ${app}`;
  const feature = /^\/features\/([A-Z_]+)$/.exec(below ?? "")?.[1];
  if (below === "") return method === "GET" ? `read ${app}` : `${method} ${bare}`;
  if (below === "/connections/default") return method === "GET" ? `read ${connection}` : `save ${connection}`;
  if (below === "/connections/default/lifecycle/activate") return `activate ${connection}`;
  if (below === "/connections/default/lifecycle/deactivate") return `deactivate ${connection}`;
  if (below === "/connections/default/jwks") return `read the signing keys of ${connection}`;
  if (below === "/features") return `list the features of ${app}`;
  if (feature) return `${method === "GET" ? "read" : "update"} the ${feature} feature of ${app}`;
  if (below === "/oauth2/callback") return `complete the OAuth consent of ${app}`;
  return `${method} ${bare}`;
}

function isWrite(method: HttpMethod): boolean {
  return method !== "GET";
}

/** The message for an error answer, after any retries. */
function describeApiError(
  status: number,
  body: OktaErrorBody,
  requestId: string | undefined,
  ctx: ErrorContext,
  attempts: number,
): string {
  const { org } = ctx;
  const what = attempted(ctx.method, ctx.path);
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
    return `${creds} invalid or expired (${code}${summary})${rid}: ${helpOf(org).credentials}.`;
  }
  if (status === 403) {
    const fix =
      org.auth.kind === "apiToken"
        ? "use a token created by an admin who can manage this app (a super admin or an app admin for it)"
        : `grant the service app the ${isWrite(ctx.method) ? "okta.apps.manage scope (needed for writes)" : "okta.apps.read scope (needed for reads; okta.apps.manage for writes)"} ` +
          `in the Admin Console (the app's Okta API Scopes tab), list it in ${helpOf(org).scopes}, and give the app an admin role that covers this app`;
    return `Not permitted to ${what} in ${where} (${code}${summary})${rid}: ${fix}.`;
  }
  const missing = missingKind(body.errorSummary);
  if (status === 404 && appId && missing !== undefined && missing !== "AppInstance") {
    return `Okta found no such ${missing} for app ${appId} in ${where} (${code}${summary})${rid}.`;
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
    return `Okta's rate limit for ${where} was still exceeded after ${attempts} attempts to ${what}${rid}: ${helpOf(org).pace}, or run fewer deployments against this org at once.`;
  }
  if (status >= 500) {
    return `Okta was unavailable to ${what} at ${where} (${code}${summary}) after ${attempts} attempt${attempts === 1 ? "" : "s"}${rid}: re-run the deployment; if it persists, quote the request id to Okta support.`;
  }
  return `Okta refused to ${what} at ${where} (${code}${summary})${rid}.${causes}`;
}

function describeNetworkError(code: string, detail: string, ctx: ErrorContext, attempts: number): string {
  const where = ctx.org.alias ? `org "${ctx.org.alias}" (${ctx.org.url})` : ctx.org.url;
  const what = attempted(ctx.method, ctx.path);
  return `Could not reach ${where} to ${what} after ${attempts} attempt${attempts === 1 ? "" : "s"} (${code}: ${detail}): check the org URL and the network (proxy, firewall), then re-run.`;
}

/** The token endpoint's refusal, for the service app's owner: which settings to check, never the key. */
export function tokenError(org: OrgConnection, res: RawResponse, path: string): OktaApiError {
  const body = parseErrorBody(res.data);
  const auth = org.auth as Extract<OrgConnection["auth"], { kind: "privateKeyJwt" }>;
  const help = helpOf(org);
  const where = org.alias ? `org "${org.alias}" (${org.url})` : org.url;
  const requestId = res.headers["x-okta-request-id"];
  const rid = requestId ? ` (Okta request id ${requestId})` : "";
  const code = [res.status, body.errorCode].filter(Boolean).join(" ");
  const summary = body.errorSummary ? `: ${body.errorSummary}` : "";
  const fields = { status: res.status, body, requestId, method: "POST" as const, path, operation: "token" };
  if (res.status >= 500 || res.status === 429) {
    return new OktaApiError(
      `Okta's token endpoint at ${where} did not answer (${code}${summary}) after its retries${rid}: re-run the deployment.`,
      fields,
    );
  }
  const fix =
    body.errorCode === "invalid_scope"
      ? `grant the service app the scopes ${auth.scopes.join(", ")} in the Admin Console (its Okta API Scopes tab), or request fewer with ${help.scopes}`
      : `check ${help.serviceApp}, and that the service app ${auth.clientId} uses public key client authentication with the matching public key${auth.privateKeyId ? ` (kid ${auth.privateKeyId})` : ""}`;
  return new OktaApiError(
    `Okta refused an access token for service app ${auth.clientId} at ${where} (${code}${summary})${rid}: ${fix}.`,
    fields,
  );
}

/**
 * The error layer, outermost: a non-2xx answer becomes an OktaApiError, a fault the retries could not cure an
 * OktaNetworkError, and no message leaves with a credential in it. Okta answers 2xx; a redirect means the URL is
 * not an org's API, and following it would leak credentials.
 */
export function mapErrors(org: OrgConnection): Layer {
  const secrets = secretsOf(org);
  return (next) => async (out) => {
    const { method, path, operation } = out.request;
    const ctx: ErrorContext = { org, method, path, operation };
    let res: RawResponse;
    try {
      res = await next(out);
    } catch (err) {
      if (err instanceof AbortFault)
        throw abandoned(err.reason, ctx, out.request.idempotent === true, out.attempts);
      if (!(err instanceof TransportFault)) throw redacted(err, secrets);
      const repeatable = mayRepeat(out.request) || faultNeverReachedServer(err.code);
      const note = repeatable
        ? ""
        : " It was not retried because repeating it could act twice: check in Okta whether it took effect.";
      throw redacted(
        new OktaNetworkError(describeNetworkError(err.code, err.message, ctx, out.attempts) + note, {
          code: err.code,
          attempts: out.attempts,
          method,
          path,
          operation,
        }),
        secrets,
      );
    }
    if (res.status >= 200 && res.status < 300) return res;
    const body = redactBody(parseErrorBody(res.data), secrets);
    const requestId = res.headers["x-okta-request-id"];
    throw redacted(
      new OktaApiError(describeApiError(res.status, body, requestId, ctx, out.attempts), {
        status: res.status,
        body,
        requestId,
        method,
        path,
        operation,
      }),
      secrets,
    );
  };
}

function abandoned(
  reason: string,
  ctx: ErrorContext,
  idempotent: boolean,
  attempts: number,
): OktaRequestAborted {
  const { method, path, operation } = ctx;
  const where = ctx.org.alias ? `org "${ctx.org.alias}" (${ctx.org.url})` : ctx.org.url;
  const what = attempted(method, path);
  // A write that had been sent may have taken effect before its answer was given up.
  const note =
    attempts > 0 && !mayRepeat({ method, idempotent }) ? " It may have taken effect: check in Okta." : "";
  return new OktaRequestAborted(`The request to ${what} at ${where} was abandoned: ${reason}.${note}`, {
    reason,
    method,
    path,
    operation,
  });
}

function secretsOf(org: OrgConnection): string[] {
  const auth = org.auth;
  return (auth.kind === "apiToken" ? [auth.token] : [auth.privateKey]).filter((s) => s.length >= 8);
}

/**
 * A last guard: every message is built from safe parts, but an error text relayed from a server (or a future
 * edit) must still not carry a credential into Pulumi's output, nor a control character from Okta's answer to
 * the terminal (see printable.ts).
 */
function redacted(err: unknown, secrets: string[]): unknown {
  if (err instanceof Error) {
    const raw = redactText(err.message, secrets);
    const safe = printable(raw);
    // The stack starts with the message: the same text, escaped the same way.
    if (err.stack) err.stack = redactText(err.stack, secrets).split(raw).join(safe);
    err.message = safe;
  }
  return err;
}

function redactText(text: string, secrets: string[]): string {
  return secrets.reduce((t, secret) => (t.includes(secret) ? t.split(secret).join("[redacted]") : t), text);
}

function redactBody(body: OktaErrorBody, secrets: string[]): OktaErrorBody {
  const r = (t: string | undefined) => (t === undefined ? t : redactText(t, secrets));
  return {
    errorCode: r(body.errorCode),
    errorSummary: r(body.errorSummary),
    errorCauses: body.errorCauses?.map((c) => redactText(c, secrets)),
    errorId: r(body.errorId),
  };
}
