import * as jose from "jose";
import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";
import { appOf, call, callValid } from "./helpers";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

async function assertion(
  key: jose.KeyLike,
  alg: string,
  clientId: string,
  aud: string,
  extra: { lifetime?: number; jti?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT({})
    .setProtectedHeader({ alg, kid: "k1" })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(aud)
    .setIssuedAt(now)
    .setExpirationTime(now + (extra.lifetime ?? 300))
    .setJti(extra.jti ?? crypto.randomUUID())
    .sign(key);
}

describe("authentication and scopes", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;
  let rsa: jose.GenerateKeyPairResult<jose.KeyLike>;
  let ec: jose.GenerateKeyPairResult<jose.KeyLike>;

  beforeAll(async () => {
    rsa = await jose.generateKeyPair("RS256");
    ec = await jose.generateKeyPair("ES256");
    emulator = await startEmulator({
      orgs: [
        {
          name: "prod",
          serviceApps: [{ clientId: "0oaServiceRsa", publicKey: await jose.exportJWK(rsa.publicKey) }],
        },
        { name: "dev" },
      ],
    });
    org = emulator.orgs[0];
    emulator.registerServiceApp("prod", {
      clientId: "0oaServiceEc",
      publicKey: await jose.exportSPKI(ec.publicKey),
      scopes: ["okta.apps.read"],
    });
  });
  afterAll(() => emulator.close());

  const tokenUrl = () => `${org.url}/oauth2/v1/token`;
  const requestToken = (clientAssertion: string, scope = "okta.apps.read okta.apps.manage") =>
    call(org, "POST", "/oauth2/v1/token", {
      auth: null,
      form: {
        grant_type: "client_credentials",
        scope,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: clientAssertion,
      },
    });

  it("refuses no credentials, a wrong token and another org's token with 401 E0000011", async () => {
    const path = "/api/v1/apps";
    for (const auth of [
      null,
      "SSWS not-a-token",
      `SSWS ${emulator.orgs[1].apiToken}`,
      "Bearer nope",
      "Basic abc",
    ]) {
      const res = await callValid(org, "listApplications", "GET", path, { auth });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        errorCode: "E0000011",
        errorSummary: "Invalid token provided",
        errorLink: "E0000011",
        errorCauses: [],
      });
    }
  });

  it("gives every error a unique errorId and every response a request id", async () => {
    const a = await call(org, "GET", "/api/v1/apps", { auth: null });
    const b = await call(org, "GET", "/api/v1/apps", { auth: null });
    expect((a.body as { errorId: string }).errorId).not.toBe((b.body as { errorId: string }).errorId);
    expect(a.headers.get("x-okta-request-id")).not.toBe(b.headers.get("x-okta-request-id"));
  });

  it("lets a read-only API token read but answers its writes with 403 E0000006", async () => {
    const readOnly = emulator.addApiToken("prod", { scopes: ["okta.apps.read"] });
    const id = appOf(org, "zscalerbyz");
    const read = await call(org, "GET", `/api/v1/apps/${id}/connections/default`, {
      auth: `SSWS ${readOnly}`,
    });
    expect(read.status).toBe(200);
    const write = await callValid(
      org,
      "updateDefaultProvisioningConnectionForApplication",
      "POST",
      `/api/v1/apps/${id}/connections/default`,
      {
        auth: `SSWS ${readOnly}`,
        body: { baseUrl: "https://x.example/scim", profile: { authScheme: "TOKEN", token: "t" } },
      },
    );
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ errorCode: "E0000006" });
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "DISABLED",
    });
  });

  it("issues a Bearer token for an RS256 private-key JWT and accepts it for reads and writes", async () => {
    const res = await requestToken(await assertion(rsa.privateKey, "RS256", "0oaServiceRsa", tokenUrl()));
    expect(res.status).toBe(200);
    const body = res.body as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      scope: "okta.apps.read okta.apps.manage",
    });
    const auth = `Bearer ${body.access_token}`;
    expect((await call(org, "GET", "/api/v1/apps", { auth })).status).toBe(200);
    const id = appOf(org, "okta_org2org");
    const write = await call(org, "POST", `/api/v1/apps/${id}/connections/default`, {
      auth,
      body: { baseUrl: org.url, profile: { authScheme: "TOKEN", token: org.apiToken } },
    });
    expect(write.status).toBe(200);
    expect(emulator.counters("prod").operations.oauth2Token).toBeGreaterThanOrEqual(1);
  });

  it("issues an ES256 token with only the read scope, whose writes get 403", async () => {
    const res = await requestToken(
      await assertion(ec.privateKey, "ES256", "0oaServiceEc", tokenUrl()),
      "okta.apps.read",
    );
    expect(res.status).toBe(200);
    const auth = `Bearer ${(res.body as { access_token: string }).access_token}`;
    expect((await call(org, "GET", `/api/v1/apps/${appOf(org, "google")}`, { auth })).status).toBe(200);
    const write = await call(org, "POST", `/api/v1/apps/${appOf(org, "google")}/connections/default`, {
      auth,
      body: { profile: { authScheme: "OAUTH2" } },
    });
    expect(write.status).toBe(403);
    const tooMuch = await requestToken(
      await assertion(ec.privateKey, "ES256", "0oaServiceEc", tokenUrl()),
      "okta.apps.manage",
    );
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toMatchObject({ error: "invalid_scope" });
  });

  it("refuses a wrong audience, a reused jti, a lifetime over an hour, a wrong key and an unknown client", async () => {
    const aud = tokenUrl();
    const cases = [
      await assertion(rsa.privateKey, "RS256", "0oaServiceRsa", "http://elsewhere.example/oauth2/v1/token"),
      await assertion(rsa.privateKey, "RS256", "0oaServiceRsa", aud, { lifetime: 7200 }),
      await assertion(ec.privateKey, "ES256", "0oaServiceRsa", aud),
      await assertion(rsa.privateKey, "RS256", "0oaUnknown", aud),
    ];
    for (const a of cases) {
      const res = await requestToken(a);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: "invalid_client" });
    }
    const once = await assertion(rsa.privateKey, "RS256", "0oaServiceRsa", aud, { jti: "same-jti" });
    expect((await requestToken(once)).status).toBe(200);
    const replay = await requestToken(once);
    expect(replay.status).toBe(401);
    expect(JSON.stringify(replay.body)).toContain("jti");
  });

  it("never writes a credential into the request log", async () => {
    const log = JSON.stringify(emulator.requestLog());
    expect(log).not.toContain(org.apiToken);
    expect(log).not.toContain("client_assertion=");
    expect(log).not.toMatch(/Bearer|SSWS/);
  });
});
