/**
 * The Authorization header for an org: `SSWS <token>`, or a Bearer token from OAuth 2.0 client credentials with a
 * private-key JWT. Access tokens are cached until a minute before they expire, and concurrent callers share one
 * fetch, so a stack of a hundred resources asks the token endpoint once an hour, not a hundred times.
 */
import { loadSigningKey, signClientAssertion, type SigningKey } from "./client-assertion";
import { helpOf, tokenError } from "./errors";
import type { Layer, OrgConnection, RawResponse } from "./types";

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
  const keyName = helpOf(org).privateKey;
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
    if (res.status !== 200 || typeof data.access_token !== "string") throw tokenError(org, res, TOKEN_PATH);
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

/**
 * The authorize layer: every exchange carries the org's Authorization header. A cached access token can be revoked
 * or expire early, so a 401 to one fetches a fresh token once before the credentials are blamed.
 */
export function authorize(authorizer: Authorizer, log?: (line: string) => void): Layer {
  const withHeader = (out: Parameters<ReturnType<Layer>>[0], authorization: string) => ({
    ...out,
    wire: { ...out.wire, headers: { ...out.wire.headers, Authorization: authorization } },
  });
  return (next) => async (out) => {
    const authorization = await authorizer.authorization();
    const res = await next(withHeader(out, authorization));
    if (res.status !== 401 || !authorizer.refreshable) return res;
    log?.("okta: access token refused, fetching a new one");
    authorizer.invalidate(authorization);
    return next(withHeader(out, await authorizer.authorization()));
  };
}
