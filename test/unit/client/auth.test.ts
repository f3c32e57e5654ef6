import {
  generateKeyPair,
  exportJWK,
  exportPKCS8,
  jwtVerify,
  decodeProtectedHeader,
  type KeyLike,
} from "jose";
import type { KeyObject } from "node:crypto";
import { createOktaClient, OktaApiError } from "../../../provider/client";
import type { OrgConnection } from "../../../provider/orgs";
import {
  API_TOKEN,
  caught,
  expectNoSecret,
  oktaError,
  serviceAppOrg,
  startServer,
  tokenOrg,
  VirtualClock,
  type TestServer,
} from "./helpers";

const APP = "/api/v1/apps/0oa1234567890abcdefg";
const CLIENT_ID = "0oaServiceApp123456";

describe("API token", () => {
  let server: TestServer;
  const seen: string[] = [];
  beforeAll(async () => {
    server = await startServer((app) =>
      app.get(APP, async (req) => (seen.push(String(req.headers.authorization)), { id: "x" })),
    );
  });
  afterAll(() => server.close());

  it("sends the token as SSWS", async () => {
    const res = await createOktaClient(tokenOrg(server.url)).request<{ id: string }>({
      method: "GET",
      path: APP,
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id: "x" });
    expect(seen).toEqual([`SSWS ${API_TOKEN}`]);
  });
});

/** An Okta org whose token endpoint checks the client assertion the way Okta does. */
async function oauthOrg(publicKey: KeyLike, options: { expiresIn?: number; kid?: string } = {}) {
  const state = {
    tokenCalls: 0,
    current: "",
    assertions: [] as Record<string, unknown>[],
    headers: [] as Record<string, unknown>[],
    forms: [] as Record<string, string>[],
    apiAuth: [] as string[],
    revoke: false,
  };
  const jtis = new Set<string>();
  const server = await startServer((app) => {
    app.post("/oauth2/v1/token", async (req, reply) => {
      const form = req.body as Record<string, string>;
      state.forms.push(form);
      const { payload, protectedHeader } = await jwtVerify(form.client_assertion, publicKey, {
        issuer: CLIENT_ID,
        subject: CLIENT_ID,
        audience: `${server.url}/oauth2/v1/token`,
      }).catch(() => ({ payload: undefined, protectedHeader: undefined }));
      if (!payload || jtis.has(String(payload.jti))) {
        return reply
          .code(401)
          .send({ error: "invalid_client", error_description: "The client_assertion signature is invalid." });
      }
      jtis.add(String(payload.jti));
      state.assertions.push(payload);
      state.headers.push(protectedHeader as Record<string, unknown>);
      state.tokenCalls++;
      await new Promise((r) => setTimeout(r, 20)); // long enough for concurrent callers to pile up
      state.current = `access-${state.tokenCalls}-secret`;
      return {
        access_token: state.current,
        token_type: "Bearer",
        expires_in: options.expiresIn ?? 3600,
        scope: form.scope,
      };
    });
    app.get(APP, async (req, reply) => {
      state.apiAuth.push(String(req.headers.authorization));
      if (state.revoke || req.headers.authorization !== `Bearer ${state.current}`) {
        state.revoke = false;
        return reply.code(401).send(oktaError("E0000011", "Invalid token provided"));
      }
      return { id: "0oa1234567890abcdefg" };
    });
  });
  return { server, state };
}

function jwtOrg(url: string, privateKey: string, privateKeyId?: string): OrgConnection {
  return serviceAppOrg(url, {
    clientId: CLIENT_ID,
    privateKey,
    privateKeyId,
    scopes: ["okta.apps.read", "okta.apps.manage"],
  });
}

describe("OAuth 2.0 client credentials with a private-key JWT", () => {
  it("signs an RS256 assertion Okta accepts, then calls the API with the Bearer token", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const { server, state } = await oauthOrg(publicKey);
    try {
      const client = createOktaClient(jwtOrg(server.url, await exportPKCS8(privateKey), "kid-rsa-1"));
      await client.request({ method: "GET", path: APP });

      expect(state.tokenCalls).toBe(1);
      const [form] = state.forms;
      expect(form.grant_type).toBe("client_credentials");
      expect(form.scope).toBe("okta.apps.read okta.apps.manage");
      expect(form.client_assertion_type).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      expect(state.headers[0]).toMatchObject({ alg: "RS256", kid: "kid-rsa-1" });
      const claims = state.assertions[0] as { iat: number; exp: number; jti: string };
      expect(claims.exp - claims.iat).toBe(300);
      expect(typeof claims.jti).toBe("string");
      expect(state.apiAuth).toEqual(["Bearer access-1-secret"]);
    } finally {
      await server.close();
    }
  });

  it("signs ES256 with an EC key given as a JWK, taking its kid", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: "kid-ec-7" };
    const { server, state } = await oauthOrg(publicKey);
    try {
      await createOktaClient(jwtOrg(server.url, JSON.stringify(jwk))).request({ method: "GET", path: APP });
      expect(state.headers[0]).toMatchObject({ alg: "ES256", kid: "kid-ec-7" });
      expect(state.apiAuth).toEqual(["Bearer access-1-secret"]);
    } finally {
      await server.close();
    }
  });

  it("accepts a PKCS#1 RSA key, even pasted with literal \\n", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const pkcs1 = String((privateKey as KeyObject).export({ type: "pkcs1", format: "pem" }));
    const { server, state } = await oauthOrg(publicKey);
    try {
      await createOktaClient(jwtOrg(server.url, pkcs1.replace(/\n/g, "\\n"))).request({
        method: "GET",
        path: APP,
      });
      expect(decodeProtectedHeader(state.forms[0].client_assertion).alg).toBe("RS256");
      expect(state.tokenCalls).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("reuses the token, shares one fetch among concurrent callers, and refreshes a minute before expiry", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const { server, state } = await oauthOrg(publicKey, { expiresIn: 3600 });
    const clock = new VirtualClock();
    try {
      const client = createOktaClient(jwtOrg(server.url, await exportPKCS8(privateKey)), { clock });
      await Promise.all(Array.from({ length: 10 }, () => client.request({ method: "GET", path: APP })));
      expect(state.tokenCalls).toBe(1);

      clock.t += 3_500_000; // 58 min 20 s: still fresh
      await client.request({ method: "GET", path: APP });
      expect(state.tokenCalls).toBe(1);

      clock.t += 45_000; // 59 min 5 s: within the last minute
      await client.request({ method: "GET", path: APP });
      expect(state.tokenCalls).toBe(2);
      expect(state.apiAuth.at(-1)).toBe("Bearer access-2-secret");
    } finally {
      await server.close();
    }
  });

  it("drops a refused cached token and retries once with a fresh one", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const { server, state } = await oauthOrg(publicKey);
    try {
      const client = createOktaClient(jwtOrg(server.url, await exportPKCS8(privateKey)));
      await client.request({ method: "GET", path: APP });
      state.revoke = true; // the next call finds the token revoked
      const res = await client.request({ method: "GET", path: APP });
      expect(res.status).toBe(200);
      expect(state.tokenCalls).toBe(2);
      expect(state.apiAuth).toEqual([
        "Bearer access-1-secret",
        "Bearer access-1-secret",
        "Bearer access-2-secret",
      ]);
    } finally {
      await server.close();
    }
  });

  it("explains a refused assertion without showing the key, the assertion or a token", async () => {
    const { publicKey } = await generateKeyPair("RS256");
    const { privateKey: otherKey } = await generateKeyPair("RS256", { extractable: true });
    const pem = await exportPKCS8(otherKey);
    const { server, state } = await oauthOrg(publicKey);
    try {
      const err = await caught(
        createOktaClient(jwtOrg(server.url, pem, "kid-9")).request({ method: "GET", path: APP }),
      );
      expect(err).toBeInstanceOf(OktaApiError);
      expect(err.message).toContain(`service app ${CLIENT_ID}`);
      expect(err.message).toContain("invalid_client");
      expect(err.message).toContain("okta:privateKey");
      expect(state.apiAuth).toEqual([]);
      const pemBody = pem.split("\n")[1];
      expectNoSecret(err, [pemBody, state.forms[0].client_assertion]);
    } finally {
      await server.close();
    }
  });

  it("says which setting holds an unusable private key", async () => {
    const server = await startServer(() => undefined);
    try {
      const err = await caught(
        createOktaClient(
          jwtOrg(server.url, "-----BEGIN PRIVATE KEY-----\nnot-a-key-secretbits\n-----END PRIVATE KEY-----"),
        ).request({ method: "GET", path: APP }),
      );
      expect(err.message).toMatch(/okta:privateKey is not a private key/);
      expectNoSecret(err, ["not-a-key-secretbits"]);
    } finally {
      await server.close();
    }
  });
});
