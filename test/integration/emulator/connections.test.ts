import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";
import {
  org2orgClientId,
  org2orgCredentials,
  zscalerCredentials,
  type TokenCredentials,
} from "../../support/emulator-credentials";
import { appOf, call, callValid } from "./helpers";

const GET = "getDefaultProvisioningConnectionForApplication";
const POST = "updateDefaultProvisioningConnectionForApplication";

describe("provisioning connections, as Okta's guide walks them", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;

  let zscaler: TokenCredentials;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 2 });
    org = emulator.orgs[0];
    zscaler = zscalerCredentials(emulator);
  });
  afterAll(() => emulator.close());

  it("seeds each org with the provisioning apps and a bookmark app, with Okta-shaped ids", () => {
    for (const o of emulator.orgs) {
      expect(o.apps.map((a) => a.name)).toEqual(
        expect.arrayContaining([
          "okta_org2org",
          "zscalerbyz",
          "google",
          "office365",
          "slack",
          "zoomus",
          "bookmark",
        ]),
      );
      for (const a of o.apps) expect(a.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    }
    expect(emulator.orgs[0].url).not.toBe(emulator.orgs[1].url);
    expect(emulator.orgs[0].apiToken).not.toBe(emulator.orgs[1].apiToken);
  });

  it("answers DISABLED for a never-configured app and UNKNOWN for an app that cannot provision", async () => {
    const fresh = await callValid(org, GET, "GET", `/api/v1/apps/${appOf(org, "slack")}/connections/default`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ status: "DISABLED" });
    const bookmark = await callValid(
      org,
      GET,
      "GET",
      `/api/v1/apps/${appOf(org, "bookmark")}/connections/default`,
    );
    expect(bookmark.status).toBe(200);
    // Recorded (py-bookmark-connection-lifecycle.json): exactly this, with no _links.
    expect(bookmark.body).toEqual({ status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } });
  });

  it("answers a new Org2Org connection with no profile, only its top-level authScheme (recorded)", async () => {
    const o = emulator.orgs[1];
    const res = await call(o, "GET", `/api/v1/apps/${appOf(o, "okta_org2org")}/connections/default`);
    expect(res.body).toMatchObject({ authScheme: "TOKEN", status: "DISABLED" });
    expect(res.body).not.toHaveProperty("profile");
  });

  it("enables a Zscaler token connection in one POST ?activate=TRUE and never echoes the token", async () => {
    const id = appOf(org, "zscalerbyz");
    const res = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      body: { baseUrl: zscaler.baseUrl, profile: { authScheme: "TOKEN", token: zscaler.token } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      authScheme: "TOKEN",
      status: "ENABLED",
      baseUrl: zscaler.baseUrl,
      profile: { authScheme: "TOKEN" },
    });
    expect(res.text).not.toContain(zscaler.token);
    const read = await callValid(org, GET, "GET", `/api/v1/apps/${id}/connections/default`);
    expect(read.body).toMatchObject({ status: "ENABLED" });
    expect(read.text).not.toContain(zscaler.token);
    expect(JSON.stringify(emulator.requestLog())).not.toContain(zscaler.token);
  });

  it("serves the Zscaler tenant's SCIM endpoint to its own bearer token only", async () => {
    const users = `${zscaler.baseUrl}/Users`;
    expect((await fetch(users, { headers: { authorization: `Bearer ${zscaler.token}` } })).status).toBe(200);
    expect((await fetch(users, { headers: { authorization: "Bearer someone-elses" } })).status).toBe(401);
  });

  it.each([
    ["a token the tenant did not issue", () => ({ baseUrl: zscaler.baseUrl, token: `${zscaler.token}x` })],
    [
      "a SCIM base URL that is no tenant's",
      () => ({ baseUrl: "https://scim.zscalerbeta.net/1/2/scim", token: zscaler.token }),
    ],
    [
      "another tenant's token",
      () => ({ baseUrl: zscaler.baseUrl, token: emulator.addZscalerTenant().token }),
    ],
  ])(
    "refuses a Zscaler connection with %s: 400 'Api validation failed: credential', nothing kept",
    async (_what, credentials) => {
      const o = emulator.orgs[1];
      const id = appOf(o, "zscalerbyz");
      const { baseUrl, token } = credentials();
      const res = await callValid(o, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
        auth: `SSWS ${o.apiToken}`,
        body: { baseUrl, profile: { authScheme: "TOKEN", token } },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        errorCode: "E0000001",
        errorSummary: "Api validation failed: credential",
        errorCauses: [{ errorSummary: "Verification failed: Invalid URL. Not authorized." }],
      });
      const read = await call(o, "GET", `/api/v1/apps/${id}/connections/default`);
      expect(read.body).toMatchObject({ status: "DISABLED" });
      expect(read.body).not.toHaveProperty("baseUrl");
    },
  );

  it("refuses a Zscaler connection without baseUrl, naming the field, and changes nothing", async () => {
    const id = appOf(emulator.orgs[1], "zscalerbyz");
    const res = await callValid(
      emulator.orgs[1],
      POST,
      "POST",
      `/api/v1/apps/${id}/connections/default?activate=TRUE`,
      {
        body: { profile: { authScheme: "TOKEN", token: "t" } },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errorCode: "E0000001",
      errorCauses: [{ errorSummary: expect.stringContaining("baseUrl") }],
    });
    const read = await call(emulator.orgs[1], "GET", `/api/v1/apps/${id}/connections/default`);
    expect(read.body).toMatchObject({ status: "DISABLED" });
  });

  it("enables an Org2Org token connection to the target org at baseUrl, then deactivates and reactivates it with 204s", async () => {
    const id = appOf(org, "okta_org2org");
    const target = org2orgCredentials(emulator, org);
    const res = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      body: { baseUrl: target.baseUrl, profile: { authScheme: "TOKEN", token: target.token } },
    });
    // Recorded (tf-org2org-token-connection.json): the target org's URL is echoed beside the profile.
    expect(res.body).toMatchObject({
      authScheme: "TOKEN",
      status: "ENABLED",
      baseUrl: emulator.orgs[1].url,
      profile: { authScheme: "TOKEN" },
    });
    const off = await call(org, "POST", `/api/v1/apps/${id}/connections/default/lifecycle/deactivate`);
    expect(off.status).toBe(204);
    expect(off.text).toBe("");
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "DISABLED",
    });
    expect(
      (await call(org, "POST", `/api/v1/apps/${id}/connections/default/lifecycle/activate`)).status,
    ).toBe(204);
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
    });
    // Recorded (tf-org2org-token-connection-reposted.json): the same profile POSTed without activate disables it.
    const reposted = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default`, {
      body: { baseUrl: target.baseUrl, profile: { authScheme: "TOKEN", token: target.token } },
    });
    expect(reposted.body).toMatchObject({ status: "DISABLED", baseUrl: target.baseUrl });
  });

  it.each([
    [
      "a token of another org than baseUrl's",
      () => ({ baseUrl: emulator.orgs[1].url, token: emulator.orgs[0].apiToken }),
    ],
    [
      "a baseUrl no org answers",
      () => ({ baseUrl: "https://acme.okta.com", token: emulator.orgs[1].apiToken }),
    ],
    [
      "no baseUrl, so the app's own settings (a seeded app: its own org) and another org's token",
      () => ({ token: emulator.orgs[1].apiToken }),
    ],
  ])(
    "refuses an Org2Org token connection with %s: 400 credential, nothing kept",
    async (_what, credentials) => {
      const id = appOf(org, "okta_org2org");
      const before = await call(org, "GET", `/api/v1/apps/${id}/connections/default`);
      const { baseUrl, token } = credentials() as { baseUrl?: string; token: string };
      const res = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
        body: { ...(baseUrl ? { baseUrl } : {}), profile: { authScheme: "TOKEN", token } },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        errorSummary: "Api validation failed: credential",
        errorCauses: [{ errorSummary: "Verification failed: Invalid URL. Not authorized." }],
      });
      expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toEqual(before.body);
    },
  );

  it("refuses an http baseUrl that is not a loopback address for Org2Org, naming it", async () => {
    const id = appOf(org, "okta_org2org");
    const res = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default`, {
      body: {
        baseUrl: "http://acme.okta.com",
        profile: { authScheme: "TOKEN", token: emulator.orgs[1].apiToken },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errorSummary: "Api validation failed: connection",
      errorCauses: [{ errorSummary: expect.stringContaining("baseUrl") }],
    });
  });

  it("takes a two-legged Org2Org OAuth connection with clientId and signing, and serves its JWKS", async () => {
    const o = emulator.orgs[1];
    const id = appOf(o, "okta_org2org");
    const unknown = await callValid(o, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      auth: `SSWS ${o.apiToken}`,
      body: { profile: { authScheme: "OAUTH2", clientId: "0oa2h6su6bVFyJzIf1d7" } },
    });
    // The Node.js SDK's CI expects a client id the target does not know to be refused so.
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ errorSummary: "Api validation failed: credential" });
    const clientId = org2orgClientId(emulator, o);
    const res = await callValid(o, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      auth: `SSWS ${o.apiToken}`,
      body: { profile: { authScheme: "OAUTH2", clientId, signing: { rotationMode: "AUTO" } } },
    });
    expect(res.body).toMatchObject({
      status: "ENABLED",
      profile: { authScheme: "OAUTH2", clientId, signing: { rotationMode: "AUTO" } },
    });
    const jwks = await callValid(
      o,
      "getUserProvisioningConnectionJWKS",
      "GET",
      `/api/v1/apps/${id}/connections/default/jwks`,
    );
    expect(jwks.status).toBe(200);
    expect((jwks.body as { jwks: { keys: { kty: string; n: string }[] } }).jwks.keys[0]).toMatchObject({
      kty: "RSA",
    });
    const missing = await callValid(o, POST, "POST", `/api/v1/apps/${id}/connections/default`, {
      body: { profile: { authScheme: "OAUTH2" } },
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain("clientId");
  });

  it("refuses a scheme the app does not support, saying which it does", async () => {
    const res = await callValid(
      org,
      POST,
      "POST",
      `/api/v1/apps/${appOf(org, "google")}/connections/default`,
      {
        body: { profile: { authScheme: "TOKEN", token: "x" } },
      },
    );
    expect(res.status).toBe(400);
    expect((res.body as { errorCauses: { errorSummary: string }[] }).errorCauses[0].errorSummary).toMatch(
      /google.*TOKEN.*OAUTH2/,
    );
  });

  it("answers a POST and the lifecycle calls of an app that cannot provision as Okta does: 200 UNKNOWN and 204s, nothing enabled", async () => {
    const id = appOf(org, "bookmark");
    const posted = await call(org, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      body: { profile: { authScheme: "TOKEN", token: "x" } },
    });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } });
    const activated = await call(org, "POST", `/api/v1/apps/${id}/connections/default/lifecycle/activate`);
    expect(activated.status).toBe(204);
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "UNKNOWN",
    });
  });

  it("answers 404 E0000007 naming the app id for an unknown app", async () => {
    const res = await callValid(org, GET, "GET", "/api/v1/apps/0oaDOESNOTEXIST000000/connections/default");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      errorCode: "E0000007",
      errorSummary: "Not found: Resource not found: 0oaDOESNOTEXIST000000 (AppInstance)",
      errorLink: "E0000007",
    });
  });
});

describe("three-legged OAuth consent (Google, Microsoft 365)", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;

  beforeAll(async () => {
    emulator = await startEmulator();
    org = emulator.orgs[0];
  });
  afterAll(() => emulator.close());

  async function postOAuth(name: string, profile: Record<string, unknown> = {}) {
    const res = await callValid(org, POST, "POST", `/api/v1/apps/${appOf(org, name)}/connections/default`, {
      body: { profile: { authScheme: "OAUTH2", ...profile } },
    });
    return res;
  }

  it("takes Google through POST, the authorize page, Allow, the callback and activate", async () => {
    const id = appOf(org, "google");
    const posted = await postOAuth("google");
    expect(posted.body).toMatchObject({ status: "DISABLED", profile: { authScheme: "OAUTH2" } });
    const href = (posted.body as { _links: { authorize: { href: string } } })._links.authorize.href;
    expect(href.startsWith(`${org.url}/__thirdparty/google/authorize?`)).toBe(true);
    const state = new URL(href).searchParams.get("state");

    const early = await call(org, "POST", `/api/v1/apps/${id}/connections/default/lifecycle/activate`);
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({
      errorCode: "E0000001",
      errorCauses: [{ errorSummary: expect.stringMatching(/consent is missing/) }],
    });

    const page = await call(org, "GET", href, { auth: null });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toMatch(/value="allow"/);
    expect(page.text).toMatch(/value="deny"/);

    const allowed = await call(org, "POST", href, { auth: null, form: { decision: "allow" } });
    expect(allowed.status).toBe(200);
    const cont = (allowed.body as { continue_oauth_flow_url: { href: string; method: string } })
      .continue_oauth_flow_url;
    expect(cont.method).toBe("POST");
    expect(cont.href).toMatch(
      new RegExp(`^${org.url}/api/v1/apps/google/${id}/oauth2/callback\\?code=[^&]+&state=${state}$`),
    );

    const noAuth = await call(org, "POST", cont.href, { auth: null });
    expect(noAuth.status).toBe(401);
    const callback = await call(org, "POST", cont.href);
    expect(callback.status).toBe(204);
    const again = await callValid(org, "verifyProvisioningConnectionForApplication", "POST", cont.href);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ errorCode: "E0000001" });

    expect(
      (await call(org, "POST", `/api/v1/apps/${id}/connections/default/lifecycle/activate`)).status,
    ).toBe(204);
    const read = await callValid(org, GET, "GET", `/api/v1/apps/${id}/connections/default`);
    expect(read.body).toMatchObject({ status: "ENABLED", profile: { authScheme: "OAUTH2" } });
  });

  it("requires Microsoft 365 admin credentials, never echoes the password, and completes consent", async () => {
    const missing = await postOAuth("office365");
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain("adminUsername");
    const posted = await postOAuth("office365", {
      settings: { adminUsername: "admin@contoso.example", adminPassword: "Sup3r-Secret!" },
    });
    expect(posted.status).toBe(200);
    expect(posted.text).not.toContain("Sup3r-Secret!");
    const href = (posted.body as { _links: { authorize: { href: string } } })._links.authorize.href;
    const continueUrl = emulator.approveConsent(href);
    expect((await call(org, "POST", continueUrl)).status).toBe(204);
    expect(
      (
        await call(
          org,
          "POST",
          `/api/v1/apps/${appOf(org, "office365")}/connections/default/lifecycle/activate`,
        )
      ).status,
    ).toBe(204);
  });

  it("issues a fresh state on each POST; an old code or another state is refused", async () => {
    const first = await postOAuth("slack");
    const firstHref = (first.body as { _links: { authorize: { href: string } } })._links.authorize.href;
    const staleContinue = emulator.approveConsent(firstHref);
    const second = await postOAuth("slack");
    const secondHref = (second.body as { _links: { authorize: { href: string } } })._links.authorize.href;
    expect(new URL(secondHref).searchParams.get("state")).not.toBe(
      new URL(firstHref).searchParams.get("state"),
    );
    expect((await call(org, "POST", staleContinue)).status).toBe(400);

    const fresh = new URL(emulator.approveConsent(secondHref));
    fresh.searchParams.set("state", "someone-elses-state");
    expect((await call(org, "POST", fresh.toString())).status).toBe(400);
  });

  it("answers Deny with an error and no continue URL", async () => {
    const posted = await postOAuth("zoomus");
    const href = (posted.body as { _links: { authorize: { href: string } } })._links.authorize.href;
    const denied = await call(org, "POST", href, { auth: null, form: { decision: "deny" } });
    expect(denied.status).toBeGreaterThanOrEqual(400);
    expect(denied.body).toMatchObject({ error: "access_denied" });
    expect(denied.text).not.toContain("continue_oauth_flow_url");
  });

  it("refuses ?activate=TRUE on a three-legged app, because consent cannot have happened yet", async () => {
    const res = await callValid(
      org,
      POST,
      "POST",
      `/api/v1/apps/${appOf(org, "zoomus")}/connections/default?activate=TRUE`,
      {
        body: { profile: { authScheme: "OAUTH2" } },
      },
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/consent/);
  });
});
