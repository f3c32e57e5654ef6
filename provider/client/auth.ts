/**
 * The Authorization header for an org: `SSWS <token>`, or a Bearer token from OAuth 2.0 client credentials with a
 * private-key JWT. Access tokens are cached until a minute before they expire, and concurrent callers share one
 * fetch, so a stack of a hundred resources asks the token endpoint once an hour, not a hundred times.
 */
import type { OrgConnection } from "../orgs";
import { loadSigningKey, signClientAssertion, type SigningKey } from "./client-assertion";
import { OktaApiError, parseErrorBody } from "./errors";
import type { RawResponse } from "./transport";

export interface Authorizer {
  /** The header value for the next request. */
  authorization(): Promise<string>;
  /** True when a 401 may mean a stale cached token rather than bad credentials. */
  readonly refreshable: boolean;
  /** Drops the cached token if it is still the one `authorization` was; the next call fetches a new one. */
  invalidate(authorization: string): void;
}

export const TOKEN_PATH = "/oauth2/v1/token";
const REFRESH_BEFORE_EXPIRY_MS = 60_000;

export interface AuthorizerDeps {
  now(): number;
  /**
   * Sends the form-encoded token request with the client's retries for faults, and answers the last response.
   * The form is built again for each attempt: Okta refuses an assertion whose jti it has already seen.
   */
  postToken(form: () => Promise<string>): Promise<RawResponse>;
}

type PrivateKeyAuth = Extract<OrgConnection["auth"], { kind: "privateKeyJwt" }>;

export function createAuthorizer(org: OrgConnection, deps: AuthorizerDeps): Authorizer {
  if (org.auth.kind === "apiToken") {
    const header = `SSWS ${org.auth.token}`;
    return { authorization: async () => header, refreshable: false, invalidate: () => undefined };
  }
  const auth: PrivateKeyAuth = org.auth;

  const tokenEndpoint = `${org.url}${TOKEN_PATH}`;
  const keyName = org.alias ? `okta-provisioning:orgs.${org.alias}.privateKey` : "okta:privateKey";
  let signing: SigningKey | undefined;
  let cached: { header: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const key = (signing ??= loadSigningKey(auth.privateKey, auth.privateKeyId, keyName));
    const res = await deps.postToken(async () =>
      new URLSearchParams({
        grant_type: "client_credentials",
        scope: auth.scopes.join(" "),
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await signClientAssertion(key, auth.clientId, tokenEndpoint, deps.now()),
      }).toString(),
    );
    const data = (res.data ?? {}) as { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    if (res.status !== 200 || typeof data.access_token !== "string") throw tokenError(org, res);
    const expiresInMs = (typeof data.expires_in === "number" ? data.expires_in : 3600) * 1000;
    const header = `Bearer ${data.access_token}`;
    cached = { header, refreshAt: deps.now() + Math.max(expiresInMs - REFRESH_BEFORE_EXPIRY_MS, 0) };
    return header;
  }

  return {
    refreshable: true,
    async authorization() {
      if (cached && deps.now() < cached.refreshAt) return cached.header;
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(header) {
      if (cached?.header === header) cached = undefined;
    },
  };
}

function tokenError(org: OrgConnection, res: RawResponse): OktaApiError {
  const body = parseErrorBody(res.data);
  const auth = org.auth as PrivateKeyAuth;
  const where = org.alias ? `org "${org.alias}" (${org.url})` : org.url;
  const requestId = res.headers["x-okta-request-id"];
  const rid = requestId ? ` (Okta request id ${requestId})` : "";
  const code = [res.status, body.errorCode].filter(Boolean).join(" ");
  const summary = body.errorSummary ? `: ${body.errorSummary}` : "";
  const keys = org.alias
    ? `okta-provisioning:orgs.${org.alias}.clientId/privateKey/privateKeyId/scopes`
    : "okta:clientId, okta:privateKey, okta:privateKeyId and okta:scopes (or OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, OKTA_API_PRIVATE_KEY_ID, OKTA_API_SCOPES)";
  if (res.status >= 500 || res.status === 429) {
    return new OktaApiError(
      `Okta's token endpoint at ${where} did not answer (${code}${summary}) after its retries${rid}: re-run the deployment.`,
      { status: res.status, body, requestId, method: "POST", path: TOKEN_PATH, operation: "token" },
    );
  }
  const fix =
    body.errorCode === "invalid_scope"
      ? `grant the service app the scopes ${auth.scopes.join(", ")} in the Admin Console (its Okta API Scopes tab), or request fewer with ${org.alias ? `okta-provisioning:orgs.${org.alias}.scopes` : "okta:scopes"}`
      : `check ${keys}, and that the service app ${auth.clientId} uses public key client authentication with the matching public key${auth.privateKeyId ? ` (kid ${auth.privateKeyId})` : ""}`;
  return new OktaApiError(
    `Okta refused an access token for service app ${auth.clientId} at ${where} (${code}${summary})${rid}: ${fix}.`,
    {
      status: res.status,
      body,
      requestId,
      method: "POST",
      path: TOKEN_PATH,
      operation: "token",
    },
  );
}
