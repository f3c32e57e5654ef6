import * as fs from "node:fs";
import { zscalerCredentials } from "../../support/emulator-credentials";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";
import { googleApp, org2orgApp, zscalerApp } from "../../acceptance/harness/oin-apps";
import { call, callValid } from "./helpers";

interface App {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode: string;
  settings: { app: Record<string, unknown> };
  _links: Record<string, { href: string }>;
}

async function create(org: EmulatorOrg, body: unknown, query = ""): Promise<App> {
  const res = await callValid(org, "createApplication", "POST", `/api/v1/apps${query}`, { body });
  expect(res.status).toBe(200);
  return res.body as App;
}

async function labels(org: EmulatorOrg, prefix: string): Promise<string[]> {
  const res = await callValid(org, "listApplications", "GET", `/api/v1/apps?q=${encodeURIComponent(prefix)}`);
  return (res.body as App[]).map((a) => a.label).sort();
}

describe("the apps API: create, deactivate, delete", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, rateLimit: false });
    org = emulator.orgs[0];
  });
  afterAll(() => emulator.close());

  it("creates Zscaler 2.0, Org2Org and Google Workspace apps from Okta's documented bodies, active by default", async () => {
    const zscaler = await create(org, zscalerApp("t1 Zscaler"));
    expect(zscaler).toMatchObject({
      name: "zscalerbyz",
      label: "t1 Zscaler",
      status: "ACTIVE",
      signOnMode: "SAML_2_0",
      settings: { app: { siteDomain: "example" } },
    });
    expect(zscaler.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(zscaler._links.deactivate.href).toBe(`${org.url}/api/v1/apps/${zscaler.id}/lifecycle/deactivate`);

    // The target org's API token may be given at create; like Okta, the emulator never gives it back.
    const body = org2orgApp("t1 Org2Org", "https://hub.example.okta.com");
    const withToken = { ...body, settings: { app: { ...body.settings.app, token: "hub-api-token-t1" } } };
    const created = await call(org, "POST", "/api/v1/apps", { body: withToken });
    expect(created.status).toBe(200);
    expect(created.text).not.toContain("hub-api-token-t1");
    expect(created.body).toMatchObject({ settings: { app: { baseUrl: "https://hub.example.okta.com" } } });

    await create(org, googleApp("t1 Google"));
    expect(await labels(org, "t1 ")).toEqual(["t1 Google", "t1 Org2Org", "t1 Zscaler"]);
    const read = await callValid(org, "getApplication", "GET", `/api/v1/apps/${zscaler.id}`);
    expect(read.body).toMatchObject({ id: zscaler.id, label: "t1 Zscaler", status: "ACTIVE" });
  });

  it("a created app provisions like a seeded one: its connection is enabled and its features answer", async () => {
    const app = await create(org, zscalerApp("t2 Zscaler"));
    const connection = await callValid(
      org,
      "updateDefaultProvisioningConnectionForApplication",
      "POST",
      `/api/v1/apps/${app.id}/connections/default?activate=TRUE`,
      {
        body: {
          baseUrl: zscalerCredentials(emulator).baseUrl,
          profile: { authScheme: "TOKEN", token: zscalerCredentials(emulator).token },
        },
      },
    );
    expect(connection.body).toMatchObject({ status: "ENABLED" });
    const feature = await callValid(
      org,
      "getFeatureForApplication",
      "GET",
      `/api/v1/apps/${app.id}/features/USER_PROVISIONING`,
    );
    expect(feature.status).toBe(200);
  });

  it("creates an inactive app with ?activate=false, and activates and deactivates it (200 {})", async () => {
    const app = await create(org, zscalerApp("t3 Zscaler"), "?activate=false");
    expect(app.status).toBe("INACTIVE");
    expect(app._links.activate.href).toBe(`${org.url}/api/v1/apps/${app.id}/lifecycle/activate`);
    const inactive = await call(org, "GET", '/api/v1/apps?filter=status eq "INACTIVE"');
    expect((inactive.body as App[]).map((a) => a.id)).toEqual([app.id]);

    const activated = await callValid(
      org,
      "activateApplication",
      "POST",
      `/api/v1/apps/${app.id}/lifecycle/activate`,
    );
    expect([activated.status, activated.body]).toEqual([200, {}]);
    expect((await call(org, "GET", `/api/v1/apps/${app.id}`)).body).toMatchObject({ status: "ACTIVE" });
    const deactivated = await callValid(
      org,
      "deactivateApplication",
      "POST",
      `/api/v1/apps/${app.id}/lifecycle/deactivate`,
    );
    expect([deactivated.status, deactivated.body]).toEqual([200, {}]);
    expect((await call(org, "GET", `/api/v1/apps/${app.id}`)).body).toMatchObject({ status: "INACTIVE" });
  });

  it("refuses a body the app's OIN schema refuses, naming the field, and creates nothing", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: "zscalerbyz", label: "t4 no settings", signOnMode: "SAML_2_0" }, /settings/],
      [
        { name: "okta_org2org", label: "t4 no baseUrl", signOnMode: "SAML_2_0", settings: { app: {} } },
        /settings\.app: must have required property 'baseUrl'/,
      ],
      [{ ...googleApp("t4 bad mode"), signOnMode: "BOOKMARK" }, /signOnMode/],
      [{ name: "zscalerbyz", signOnMode: "SAML_2_0", settings: { app: {} } }, /label/],
      [{ ...zscalerApp("t4 unknown"), name: "no_such_app" }, /name: "no_such_app" is not an app/],
      [{ label: "t4 nameless", signOnMode: "SAML_2_0" }, /name: is required/],
    ];
    for (const [body, cause] of cases) {
      const res = await callValid(org, "createApplication", "POST", "/api/v1/apps", { body });
      expect(res.status).toBe(400);
      const error = res.body as { errorCode: string; errorCauses: { errorSummary: string }[] };
      expect(error.errorCode).toBe("E0000001");
      expect(error.errorCauses.map((c) => c.errorSummary).join(" ")).toMatch(cause);
    }
    expect(await labels(org, "t4 ")).toEqual([]);
  });

  it("deletes only a deactivated app (403 E0000056 before), after which its connection and features are 404", async () => {
    const app = await create(org, zscalerApp("t5 Zscaler"));
    const refused = await callValid(org, "deleteApplication", "DELETE", `/api/v1/apps/${app.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      errorCode: "E0000056",
      errorSummary: "Delete application forbidden.",
      errorCauses: [{ errorSummary: "The application must be deactivated before deletion." }],
    });
    expect((await call(org, "GET", `/api/v1/apps/${app.id}`)).status).toBe(200);

    await callValid(org, "deactivateApplication", "POST", `/api/v1/apps/${app.id}/lifecycle/deactivate`);
    const deleted = await call(org, "DELETE", `/api/v1/apps/${app.id}`);
    expect([deleted.status, deleted.text]).toEqual([204, ""]);

    const gone: Array<[string, string, string]> = [
      ["getApplication", "GET", `/api/v1/apps/${app.id}`],
      ["getDefaultProvisioningConnectionForApplication", "GET", `/api/v1/apps/${app.id}/connections/default`],
      ["listFeaturesForApplication", "GET", `/api/v1/apps/${app.id}/features`],
      ["getFeatureForApplication", "GET", `/api/v1/apps/${app.id}/features/USER_PROVISIONING`],
      ["deleteApplication", "DELETE", `/api/v1/apps/${app.id}`],
    ];
    for (const [operationId, method, url] of gone) {
      const res = await callValid(org, operationId, method, url);
      expect([operationId, res.status]).toEqual([operationId, 404]);
      expect(res.body).toMatchObject({ errorCode: "E0000007" });
    }
    expect(await labels(org, "t5 ")).toEqual([]);
  });

  it("needs okta.apps.manage to create, deactivate or delete", async () => {
    const readOnly = emulator.addApiToken(org.name, { scopes: ["okta.apps.read"] });
    const auth = `SSWS ${readOnly}`;
    const app = await create(org, zscalerApp("t6 Zscaler"));
    const attempts = [
      await call(org, "POST", "/api/v1/apps", { auth, body: zscalerApp("t6 refused") }),
      await call(org, "POST", `/api/v1/apps/${app.id}/lifecycle/deactivate`, { auth }),
      await call(org, "DELETE", `/api/v1/apps/${app.id}`, { auth }),
    ];
    expect(attempts.map((r) => [r.status, (r.body as { errorCode: string }).errorCode])).toEqual([
      [403, "E0000006"],
      [403, "E0000006"],
      [403, "E0000006"],
    ]);
    expect(await labels(org, "t6 ")).toEqual(["t6 Zscaler"]);
  });
});

describe("the apps API under rate limits and across restarts", () => {
  it("counts create and lifecycle in the apps bucket and delete in the app's own bucket", async () => {
    const emulator = await startEmulator({ rateLimit: { apps: 20, app: 500 } });
    try {
      const org = emulator.orgs[0];
      const made = await call(org, "POST", "/api/v1/apps", { body: zscalerApp("b1") });
      // One token may use half of a bucket: 10 of the apps bucket's 20, 250 of the app bucket's 500.
      expect(made.headers.get("x-rate-limit-limit")).toBe("10");
      const id = (made.body as App).id;
      const off = await call(org, "POST", `/api/v1/apps/${id}/lifecycle/deactivate`);
      expect(off.headers.get("x-rate-limit-limit")).toBe("10");
      const gone = await call(org, "DELETE", `/api/v1/apps/${id}`);
      expect(gone.status).toBe(204);
      expect(gone.headers.get("x-rate-limit-limit")).toBe("250");
    } finally {
      await emulator.close();
    }
  });

  it("keeps created apps and forgets deleted ones in the state file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-emu-apps-"));
    const statePath = path.join(dir, "state.json");
    try {
      let emulator = await startEmulator({ statePath });
      let org = emulator.orgs[0];
      const kept = (await call(org, "POST", "/api/v1/apps", { body: zscalerApp("s1 kept") })).body as App;
      const dropped = (
        await call(org, "POST", "/api/v1/apps?activate=false", { body: zscalerApp("s1 dropped") })
      ).body as App;
      expect((await call(org, "DELETE", `/api/v1/apps/${dropped.id}`)).status).toBe(204);
      await emulator.close();

      // A fresh port: fetch's pool may still hold a socket to the old server on the remembered one.
      emulator = await startEmulator({ statePath, port: 0 });
      org = emulator.orgs[0];
      try {
        expect((await call(org, "GET", `/api/v1/apps/${kept.id}`)).body).toMatchObject({
          label: "s1 kept",
          settings: { app: { siteDomain: "example" } },
        });
        expect((await call(org, "GET", `/api/v1/apps/${dropped.id}`)).status).toBe(404);
      } finally {
        await emulator.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
