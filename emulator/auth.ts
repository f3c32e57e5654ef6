/**
 * Who is calling: `SSWS <api token>` or `Bearer <access token>` minted by the org's token endpoint for a registered
 * service app (client credentials with a private-key JWT, checked with jose). The caller's scopes decide what it may
 * do; its `principal` (never the secret itself) is what the per-token rate limit counts against.
 */
import { createHash } from "node:crypto";
import * as jose from "jose";
import { invalidToken, accessDenied } from "./errors";
import { opaqueSecret } from "./ids";
import type { OrgRecord, Scope, ServiceAppRecord } from "./store";

export interface Caller {
  /** A stable, non-secret key for the calling token or service app. */
  principal: string;
  scopes: Scope[];
}

interface AccessToken {
  clientId: string;
  scopes: Scope[];
  expiresAt: number;
}

export class OAuthError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

const digest = (secret: string) => createHash("sha256").update(secret).digest("hex").slice(0, 16);

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const MAX_ASSERTION_LIFETIME_S = 3600;

/** Per-org authentication state that is not persisted: minted access tokens and spent JWT ids. */
export class OrgAuth {
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly usedJti = new Map<string, number>();

  constructor(private readonly org: OrgRecord) {}

  /** Resolves the Authorization header to a caller, or throws 401 E0000011 (assumed: 401 or 403 is unrecorded). */
  authenticate(header: string | undefined): Caller {
    if (!header) throw invalidToken();
    const [kind, value] = header.split(/\s+/, 2);
    if (!value) throw invalidToken();
    if (kind === "SSWS") {
      const token = this.org.apiTokens.find((t) => t.token === value);
      if (!token) throw invalidToken();
      return { principal: `token:${digest(value)}`, scopes: token.scopes };
    }
    if (kind === "Bearer") {
      const access = this.accessTokens.get(value);
      if (!access || access.expiresAt <= Date.now()) throw invalidToken();
      return { principal: `app:${access.clientId}`, scopes: access.scopes };
    }
    throw invalidToken();
  }

  /** Reads need read or manage; writes need manage (403 E0000006). */
  static authorize(caller: Caller, write: boolean): void {
    const ok = write
      ? caller.scopes.includes("okta.apps.manage")
      : caller.scopes.includes("okta.apps.read") || caller.scopes.includes("okta.apps.manage");
    if (!ok) throw accessDenied();
  }

  /** `POST /oauth2/v1/token`: client credentials with a private-key JWT. */
  async issueToken(form: Record<string, unknown>, tokenUrl: string): Promise<Record<string, unknown>> {
    if (form.grant_type !== "client_credentials") {
      throw new OAuthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
    }
    if (form.client_assertion_type !== ASSERTION_TYPE || typeof form.client_assertion !== "string") {
      throw new OAuthError(401, "invalid_client", "A private-key JWT client_assertion is required.");
    }
    const assertion = form.client_assertion;
    let clientId: string | undefined;
    try {
      clientId = jose.decodeJwt(assertion).iss;
    } catch {
      throw new OAuthError(401, "invalid_client", "The client_assertion is not a JWT.");
    }
    const app = this.org.serviceApps.find((a) => a.clientId === clientId);
    if (!app || !clientId)
      throw new OAuthError(401, "invalid_client", "The client_assertion names no registered client.");
    const payload = await verifyAssertion(assertion, app, tokenUrl);
    if (typeof payload.jti !== "string" || !payload.jti) {
      throw new OAuthError(401, "invalid_client", "The client_assertion has no jti.");
    }
    this.forgetSpentJti();
    const jtiKey = `${clientId}:${payload.jti}`;
    if (this.usedJti.has(jtiKey))
      throw new OAuthError(401, "invalid_client", "The client_assertion jti was already used.");
    this.usedJti.set(jtiKey, (payload.exp ?? 0) * 1000);

    const requested = String(form.scope ?? "")
      .split(/\s+/)
      .filter(Boolean);
    if (!requested.length) throw new OAuthError(400, "invalid_scope", "The scope parameter is required.");
    const refused = requested.filter((s) => !app.scopes.includes(s as Scope));
    if (refused.length) {
      throw new OAuthError(400, "invalid_scope", `The client is not granted: ${refused.join(" ")}.`);
    }
    const accessToken = opaqueSecret(32);
    this.accessTokens.set(accessToken, {
      clientId,
      scopes: requested as Scope[],
      expiresAt: Date.now() + 3600_000,
    });
    return { token_type: "Bearer", expires_in: 3600, access_token: accessToken, scope: requested.join(" ") };
  }

  private forgetSpentJti(): void {
    const now = Date.now();
    for (const [key, expiresAt] of this.usedJti) if (expiresAt < now) this.usedJti.delete(key);
  }
}

async function verifyAssertion(
  assertion: string,
  app: ServiceAppRecord,
  tokenUrl: string,
): Promise<jose.JWTPayload> {
  const header = jose.decodeProtectedHeader(assertion);
  const alg = header.alg;
  if (alg !== "RS256" && alg !== "ES256") {
    throw new OAuthError(401, "invalid_client", "The client_assertion must be signed with RS256 or ES256.");
  }
  let key: jose.KeyLike | Uint8Array;
  try {
    key =
      typeof app.publicKey === "string"
        ? await jose.importSPKI(app.publicKey, alg)
        : await jose.importJWK(app.publicKey as unknown as jose.JWK, alg);
  } catch {
    throw new OAuthError(
      401,
      "invalid_client",
      "The registered public key does not fit the assertion's algorithm.",
    );
  }
  try {
    const { payload } = await jose.jwtVerify(assertion, key, {
      algorithms: [alg],
      issuer: app.clientId,
      subject: app.clientId,
      audience: tokenUrl,
      requiredClaims: ["exp", "iat"],
    });
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > MAX_ASSERTION_LIFETIME_S) {
      throw new OAuthError(
        401,
        "invalid_client",
        "The client_assertion expires more than one hour after it was issued.",
      );
    }
    return payload;
  } catch (err) {
    if (err instanceof OAuthError) throw err;
    const reason =
      err instanceof Error && "code" in err ? String((err as { code: unknown }).code) : "invalid";
    throw new OAuthError(401, "invalid_client", `The client_assertion was refused (${reason}).`);
  }
}
