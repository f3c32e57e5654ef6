import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";
import { appOf, call, callValid } from "./helpers";

const GET = "getDefaultProvisioningConnectionForApplication";
const POST = "updateDefaultProvisioningConnectionForApplication";
const ZSCALER_TOKEN = "zscaler-secret-token-123";

describe("provisioning connections, as Okta's guide walks them", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 2 });
    org = emulator.orgs[0];
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
    expect(bookmark.body).toMatchObject({ status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } });
  });

  it("enables a Zscaler token connection in one POST ?activate=TRUE and never echoes the token", async () => {
    const id = appOf(org, "zscalerbyz");
    const res = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      body: {
        baseUrl: "https://scim.zscalerbeta.net/1111111/222/scim",
        profile: { authScheme: "TOKEN", token: ZSCALER_TOKEN },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      authScheme: "TOKEN",
      status: "ENABLED",
      baseUrl: "https://scim.zscalerbeta.net/1111111/222/scim",
      profile: { authScheme: "TOKEN" },
    });
    expect(res.text).not.toContain(ZSCALER_TOKEN);
    const read = await callValid(org, GET, "GET", `/api/v1/apps/${id}/connections/default`);
    expect(read.body).toMatchObject({ status: "ENABLED" });
    expect(read.text).not.toContain(ZSCALER_TOKEN);
    expect(JSON.stringify(emulator.requestLog())).not.toContain(ZSCALER_TOKEN);
  });

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

  it("enables an Org2Org token connection, then deactivates and reactivates it with 204s", async () => {
    const id = appOf(org, "okta_org2org");
    const res = await callValid(org, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      body: { profile: { authScheme: "TOKEN", token: "target-org-token" } },
    });
    expect(res.body).toMatchObject({ status: "ENABLED", profile: { authScheme: "TOKEN" } });
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
  });

  it("takes a two-legged Org2Org OAuth connection with clientId and signing, and serves its JWKS", async () => {
    const o = emulator.orgs[1];
    const id = appOf(o, "okta_org2org");
    const res = await callValid(o, POST, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
      body: {
        profile: {
          authScheme: "OAUTH2",
          clientId: "0oa2h6su6bVFyJzIf1d7",
          signing: { rotationMode: "AUTO" },
        },
      },
    });
    expect(res.body).toMatchObject({
      status: "ENABLED",
      profile: { authScheme: "OAUTH2", clientId: "0oa2h6su6bVFyJzIf1d7", signing: { rotationMode: "AUTO" } },
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
    const bookmark = await callValid(
      org,
      POST,
      "POST",
      `/api/v1/apps/${appOf(org, "bookmark")}/connections/default`,
      {
        body: { profile: { authScheme: "TOKEN", token: "x" } },
      },
    );
    expect(bookmark.status).toBe(400);
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
