import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";
import { org2orgCredentials, zscalerCredentials } from "../../support/emulator-credentials";
import { appOf, call, callValid, expectSpecValid } from "./helpers";

const PUT = "updateFeatureForApplication";
const GET = "getFeatureForApplication";

describe("app features", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;
  let zscaler: string;
  let org2org: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    org = emulator.orgs[0];
    zscaler = appOf(org, "zscalerbyz");
    org2org = appOf(org, "okta_org2org");
  });
  afterAll(() => emulator.close());

  it("the spec validator itself refuses bodies the spec does not allow", () => {
    expect(() => expectSpecValid(GET, 200, { name: "USER_PROVISIONING", status: "ON" })).toThrow(
      /does not match/,
    );
    expect(() =>
      expectSpecValid("getDefaultProvisioningConnectionForApplication", 200, { status: "ENABLED" }),
    ).toThrow(/profile/);
  });

  it("refuses every feature call while the connection is not enabled, naming the object `feature`", async () => {
    for (const [method, path, op] of [
      ["GET", `/api/v1/apps/${zscaler}/features`, "listFeaturesForApplication"],
      ["GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, GET],
      ["PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, PUT],
    ] as const) {
      const res = await callValid(org, op, method, path, method === "PUT" ? { body: {} } : {});
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        errorCode: "E0000001",
        errorSummary: "Api validation failed: feature",
        errorCauses: [{ errorSummary: "Provisioning is not enabled for the app instance." }],
      });
    }
  });

  it("refuses features of an app that cannot provision: 'Provisioning is not supported.' (recorded)", async () => {
    const res = await callValid(
      org,
      GET,
      "GET",
      `/api/v1/apps/${appOf(org, "bookmark")}/features/USER_PROVISIONING`,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errorSummary: "Api validation failed: feature",
      errorCauses: [{ errorSummary: "Provisioning is not supported." }],
    });
  });

  describe("once the connections are enabled", () => {
    beforeAll(async () => {
      const z = zscalerCredentials(emulator);
      const o = org2orgCredentials(emulator);
      for (const [id, { baseUrl, token }] of [
        [zscaler, z],
        [org2org, o],
      ] as const) {
        const res = await call(org, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
          body: { baseUrl, profile: { authScheme: "TOKEN", token } },
        });
        expect(res.status).toBe(200);
      }
    });

    it("starts USER_PROVISIONING with the spec's disabled defaults, its status ENABLED as in every recording", async () => {
      const res = await callValid(org, GET, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`);
      expect(res.body).toMatchObject({
        name: "USER_PROVISIONING",
        status: "ENABLED",
        description: "User provisioning settings from Okta to a downstream application",
        capabilities: {
          create: { lifecycleCreate: { status: "DISABLED" } },
          update: {
            lifecycleDeactivate: { status: "DISABLED" },
            profile: { status: "DISABLED" },
            password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" },
          },
        },
      });
    });

    it("lists USER_PROVISIONING for Zscaler and both features for Org2Org only", async () => {
      const z = await callValid(org, "listFeaturesForApplication", "GET", `/api/v1/apps/${zscaler}/features`);
      expect((z.body as { name: string }[]).map((f) => f.name)).toEqual(["USER_PROVISIONING"]);
      const o = await callValid(org, "listFeaturesForApplication", "GET", `/api/v1/apps/${org2org}/features`);
      expect((o.body as { name: string }[]).map((f) => f.name)).toEqual([
        "USER_PROVISIONING",
        "INBOUND_PROVISIONING",
      ]);
      const none = await callValid(org, GET, "GET", `/api/v1/apps/${zscaler}/features/INBOUND_PROVISIONING`);
      expect(none.status).toBe(404);
    });

    it("refuses the guide's `change: CYCLE` (no recording has it), naming the spec's values, and takes CHANGE", async () => {
      const path = `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`;
      const guide = {
        create: { lifecycleCreate: { status: "ENABLED" } },
        update: {
          lifecycleDeactivate: { status: "ENABLED" },
          profile: { status: "ENABLED" },
          password: { status: "ENABLED", seed: "RANDOM", change: "CYCLE" },
        },
      };
      const refused = await callValid(org, PUT, "PUT", path, { body: guide });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(/update\.password\.change.*CYCLE.*CHANGE, KEEP_EXISTING/);
      // A refused PUT changes nothing, not even the valid parts of it.
      expect((await call(org, "GET", path)).body).toMatchObject({
        capabilities: { create: { lifecycleCreate: { status: "DISABLED" } } },
      });

      guide.update.password.change = "CHANGE";
      const res = await callValid(org, PUT, "PUT", path, { body: guide });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: "USER_PROVISIONING", status: "ENABLED", capabilities: guide });
    });

    it("merges a partial PUT into the current capabilities and answers the whole feature", async () => {
      const path = `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`;
      const res = await callValid(org, PUT, "PUT", path, {
        body: { update: { profile: { status: "DISABLED" } } },
      });
      expect(res.body).toMatchObject({
        status: "ENABLED",
        capabilities: {
          create: { lifecycleCreate: { status: "ENABLED" } },
          update: {
            profile: { status: "DISABLED" },
            password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
          },
        },
      });
      const all = {
        create: { lifecycleCreate: { status: "DISABLED" } },
        update: { lifecycleDeactivate: { status: "DISABLED" }, password: { status: "DISABLED" } },
      };
      const off = await callValid(org, PUT, "PUT", path, { body: all });
      // Recorded: the feature's status reads ENABLED whatever its capabilities.
      expect(off.body).toMatchObject({ status: "ENABLED", capabilities: all });
    });

    it("takes Okta's `userNameFormat` (recorded) and reads it back so; refuses `timeZone`, listing the known names", async () => {
      const path = `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`;
      const guide = {
        importSettings: {
          username: { userNameFormat: "CUSTOM", userNameExpression: "source.userName" },
          schedule: {
            status: "ENABLED",
            fullImport: { expression: "0 */4 * * *", timeZone: "America/New_York" },
            incrementalImport: {},
          },
        },
        importRules: {
          userCreateAndMatch: {
            exactMatchCriteria: "USERNAME",
            allowPartialMatch: false,
            autoConfirmPartialMatch: false,
            autoConfirmExactMatch: false,
            autoConfirmNewUsers: false,
            autoActivateNewUsers: false,
          },
        },
      };
      const refused = await callValid(org, PUT, "PUT", path, { body: guide });
      expect(refused.status).toBe(400);
      const causes = JSON.stringify(refused.body);
      expect(causes).toContain(
        "importSettings.schedule.fullImport.timeZone: unknown property. Known: expression, timezone",
      );
      expect(causes).not.toContain("userNameFormat");

      const fixed = {
        ...guide,
        importSettings: {
          username: { userNameFormat: "CUSTOM", userNameExpression: "source.userName" },
          schedule: {
            status: "ENABLED",
            fullImport: { expression: "0 */4 * * *", timezone: "America/New_York" },
            incrementalImport: { expression: "0 */3 * * *", timezone: "America/New_York" },
          },
        },
      };
      const res = await callValid(org, PUT, "PUT", path, { body: fixed });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: "INBOUND_PROVISIONING",
        status: "ENABLED",
        description: "In-bound provisioning settings for provisioning users from an application to Okta",
        capabilities: fixed,
      });
      // The spec schema's spelling is taken too, and read back as Okta spells it.
      const schemaSpelling = await callValid(org, PUT, "PUT", path, {
        body: { importSettings: { username: { usernameFormat: "EMAIL" } }, importRules: {} },
      });
      expect(schemaSpelling.status).toBe(200);
      const username = (schemaSpelling.body as { capabilities: { importSettings: { username: unknown } } })
        .capabilities.importSettings.username;
      expect(username).toEqual({ userNameFormat: "EMAIL", userNameExpression: "source.userName" });
    });

    it("starts INBOUND_PROVISIONING as recorded in a real org: USERNAME matching, partial match on, no schedules", async () => {
      const fresh = await startEmulator();
      const o = fresh.orgs[0];
      const id = appOf(o, "okta_org2org");
      const { baseUrl, token } = org2orgCredentials(fresh);
      await call(o, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
        body: { baseUrl, profile: { authScheme: "TOKEN", token } },
      });
      const res = await callValid(o, GET, "GET", `/api/v1/apps/${id}/features/INBOUND_PROVISIONING`);
      expect((res.body as { capabilities: unknown }).capabilities).toEqual({
        importSettings: {
          username: { userNameFormat: "EMAIL" },
          schedule: { status: "DISABLED", fullImport: null, incrementalImport: null },
        },
        importRules: {
          userCreateAndMatch: {
            exactMatchCriteria: "USERNAME",
            allowPartialMatch: true,
            autoConfirmPartialMatch: false,
            autoConfirmExactMatch: false,
            autoConfirmNewUsers: false,
            autoActivateNewUsers: false,
          },
        },
      });
      await fresh.close();
    });

    it("checks cron expressions, time zones and required schedule fields, naming the field", async () => {
      const path = `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`;
      const before = (await call(org, "GET", path)).body;
      const cases: [unknown, RegExp][] = [
        [
          { importSettings: { schedule: { fullImport: { expression: "0 */4 * *" } } } },
          /fullImport\.expression.*five-field/,
        ],
        [{ importSettings: { schedule: { fullImport: { expression: "0 0 * * * *" } } } }, /five-field/],
        [{ importSettings: { schedule: { fullImport: { expression: "99 0 * * *" } } } }, /not a valid cron/],
        [
          {
            importSettings: {
              schedule: { incrementalImport: { expression: "0 1 * * *", timezone: "Mars/Olympus" } },
            },
          },
          /incrementalImport\.timezone.*IANA/,
        ],
        [{ importSettings: { schedule: { status: "ON" } } }, /schedule\.status.*DISABLED, ENABLED/],
        [
          { importRules: { userCreateAndMatch: { exactMatchCriteria: "PHONE" } } },
          /exactMatchCriteria.*EMAIL, USERNAME/,
        ],
        [
          { importRules: { userCreateAndMatch: { allowPartialMatch: "yes" } } },
          /allowPartialMatch.*true or false/,
        ],
        [
          { importSettings: { username: { usernameFormat: "CUSTOM", userNameExpression: null } } },
          /userNameExpression/,
        ],
      ];
      for (const [body, cause] of cases) {
        const res = await callValid(org, PUT, "PUT", path, { body });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ errorCode: "E0000001" });
        expect(JSON.stringify(res.body)).toMatch(cause);
      }
      expect((await call(org, "GET", path)).body).toEqual(before);
    });

    it("clears an import schedule entry given as null, as the spec's example does", async () => {
      const path = `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`;
      const res = await callValid(org, PUT, "PUT", path, {
        body: {
          importSettings: { schedule: { status: "DISABLED", fullImport: null, incrementalImport: null } },
          // The spec's request schema requires both objects of an INBOUND_PROVISIONING body.
          importRules: {},
        },
      });
      expect(res.status).toBe(200);
      const schedule = (
        res.body as { capabilities: { importSettings: { schedule: Record<string, unknown> } } }
      ).capabilities.importSettings.schedule;
      // Recorded: an unset schedule entry reads null.
      expect(schedule).toEqual({ status: "DISABLED", fullImport: null, incrementalImport: null });
    });

    it("refuses, before merging, a body the spec's request schema refuses, and changes nothing", async () => {
      const path = `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`;
      const configured = {
        importSettings: {
          username: { userNameFormat: "CUSTOM", userNameExpression: "source.login" },
          schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: "UTC" } },
        },
        importRules: {},
      };
      expect((await callValid(org, PUT, "PUT", path, { body: configured })).status).toBe(200);
      const before = (await call(org, "GET", path)).body;
      // Each would pass a check of the merged result only: the current feature has the required field.
      const cases: [unknown, RegExp][] = [
        [
          { importSettings: { schedule: { fullImport: { timezone: "Europe/Berlin" } } }, importRules: {} },
          /importSettings\.schedule\.fullImport\.expression: is required/,
        ],
        [
          { importSettings: { username: { userNameExpression: "source.email" } }, importRules: {} },
          /importSettings\.username\.usernameFormat: is required/,
        ],
        [{ importSettings: { schedule: { status: "DISABLED" } } }, /importRules: is required/],
        [
          { importRules: { userCreateAndMatch: { autoConfirmNewUsers: true } } },
          /importSettings: is required/,
        ],
      ];
      for (const [body, cause] of cases) {
        const res = await callValid(org, PUT, "PUT", path, { body });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ errorCode: "E0000001" });
        expect(JSON.stringify(res.body)).toMatch(cause);
      }
      expect((await call(org, "GET", path)).body).toEqual(before);
    });

    it("serves INBOUND_PROVISIONING for the three-legged OAuth apps, as the guide's OAuth section says", async () => {
      // An org of its own: four consents are more calls than this org's rate-limit window has left.
      const own = await startEmulator({ rateLimit: false });
      const org = own.orgs[0];
      const emulator = own;
      for (const name of ["google", "office365", "slack", "zoomus"]) {
        const id = appOf(org, name);
        const settings =
          name === "office365" ? { settings: { adminUsername: "admin@x.example", adminPassword: "pw" } } : {};
        const posted = await call(org, "POST", `/api/v1/apps/${id}/connections/default`, {
          body: { profile: { authScheme: "OAUTH2", ...settings } },
        });
        const authorize = (posted.body as { _links: { authorize: { href: string } } })._links.authorize.href;
        const continueUrl = new URL(emulator.approveConsent(authorize));
        await call(org, "POST", `${continueUrl.pathname}${continueUrl.search}`);
        await call(org, "POST", `/api/v1/apps/${id}/connections/default/lifecycle/activate`);
        const list = await callValid(org, "listFeaturesForApplication", "GET", `/api/v1/apps/${id}/features`);
        expect((list.body as { name: string }[]).map((f) => f.name)).toEqual([
          "USER_PROVISIONING",
          "INBOUND_PROVISIONING",
        ]);
        const inbound = await callValid(org, GET, "GET", `/api/v1/apps/${id}/features/INBOUND_PROVISIONING`);
        expect(inbound.status).toBe(200);
      }
      await own.close();
    });

    it("answers an unknown feature name 404 (PublicAppFeatureSetName), as recorded", async () => {
      const res = await call(org, "GET", `/api/v1/apps/${zscaler}/features/GROUP_PUSH`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        errorCode: "E0000007",
        errorSummary: "Not found: Resource not found: GROUP_PUSH (PublicAppFeatureSetName)",
      });
    });
  });
});
