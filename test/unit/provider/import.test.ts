import { fakeClient } from "./fake-okta";

const client = { current: fakeClient(() => ({})) };
jest.mock("../../../provider/runtime", () => ({
  oktaClient: () => client.current,
  orgFor: () => ({ url: "https://acme.okta.com", auth: { kind: "apiToken", token: "t" } }),
  orgFailures: () => [],
}));

import { connectionProvider } from "../../../provider/connection";
import { consentProvider } from "../../../provider/consent/provider";
import { featureProvider } from "../../../provider/feature";

const APP = "0oa1gjh63g214q0Hq0g4";

/** `pulumi import okta-provisioning:index:TYPE name ID`, as the plugin calls each resource's import. */
describe("importing by id", () => {
  beforeEach(() => {
    client.current = fakeClient((req) =>
      req.operation === "getApplication"
        ? { data: { id: APP, name: "google", label: "Google Workspace" } }
        : { data: { status: "ENABLED", authScheme: "OAUTH2", profile: { authScheme: "OAUTH2" } } },
    );
  });

  it("reads a consent's app and connection, and states the consent the program would", async () => {
    const imported = await consentProvider.import!(APP);
    expect(imported.inputs).toEqual({ appId: APP, appName: "google" });
    expect(imported.props).toMatchObject({ appId: APP, appName: "google", status: "ENABLED" });
  });

  it.each([
    ["ProvisioningConnection", () => connectionProvider.import!("apps/../users")],
    ["OAuthConsent", () => consentProvider.import!("apps/../users")],
    ["ProvisioningFeature", () => featureProvider.import!("apps/../users")],
  ])(
    "refuses an id that is not an app id for %s, naming the form it takes, before calling Okta",
    async (kind, run) => {
      await expect(run()).rejects.toThrow(new RegExp(`${kind}.*0oa`));
      expect(client.current.requests).toEqual([]);
    },
  );
});

/**
 * `pulumi import` checks the inputs an import answers against themselves (olds = news = the import's inputs) and,
 * on any failure, warns "This is almost certainly a bug in the provider" before the code it writes. The import's
 * inputs must be inputs the check accepts, whatever Okta cannot return.
 */
describe("the inputs an import answers pass the check", () => {
  const ZSCALER = {
    status: "ENABLED",
    baseUrl: "https://scim.zscalerbeta.net/1234567/890/scim",
    profile: { authScheme: "TOKEN" },
  };
  const answer = (name: string, connection: unknown) => (req: { operation?: string }) =>
    req.operation === "getApplication"
      ? { data: { id: APP, name, label: name } }
      : req.operation === "getFeatureForApplication"
        ? {
            data: {
              name: "INBOUND_PROVISIONING",
              status: "ENABLED",
              capabilities: {
                importSettings: {
                  username: { usernameFormat: "EMAIL" },
                  schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: "UTC" } },
                },
                importRules: {
                  userCreateAndMatch: { exactMatchCriteria: "EMAIL", autoConfirmExactMatch: true },
                },
              },
            },
          }
        : { data: connection };

  it("a TOKEN connection without its token (Okta never returns it): accepted until its profile is posted again", async () => {
    client.current = fakeClient(answer("zscalerbyz", ZSCALER));
    const { inputs } = await connectionProvider.import!(APP);
    expect(inputs).not.toHaveProperty("token");
    expect((await connectionProvider.check(inputs, inputs)).failures).toEqual([]);

    // The program of the generated code, unchanged: nothing is posted, so nothing needs the token.
    expect((await connectionProvider.check(inputs, { ...inputs })).failures).toEqual([]);
    // Another base URL posts the profile, and Okta needs the token with it.
    const moved = { ...inputs, baseUrl: "https://scim.zscalerbeta.net/7654321/890/scim" };
    expect((await connectionProvider.check(inputs, moved)).failures).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^token: is required with authScheme TOKEN/) }),
    ]);
    // A new connection always needs it.
    expect((await connectionProvider.check(undefined, inputs)).failures).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^token: is required/) }),
    ]);
  });

  it("a Microsoft 365 connection without its admin credentials: accepted until its profile is posted again", async () => {
    client.current = fakeClient(
      answer("office365", { status: "ENABLED", profile: { authScheme: "OAUTH2" } }),
    );
    const { inputs } = await connectionProvider.import!(APP);
    expect((await connectionProvider.check(inputs, inputs)).failures).toEqual([]);
    expect(
      (await connectionProvider.check(undefined, inputs)).failures.map((f) => f.reason.split(":")[0]).sort(),
    ).toEqual(["settings.adminPassword", "settings.adminUsername"]);
  });

  it.each([
    [
      "spelled userNameFormat, as Okta's spec example has it",
      { userNameFormat: "CUSTOM", userNameExpression: "source.login" },
      "CUSTOM",
    ],
    ["left out (Okta's default, EMAIL)", {}, "EMAIL"],
  ])(
    "an INBOUND_PROVISIONING feature whose username format Okta answered %s",
    async (_, username, format) => {
      // A required enum the state lacks stops `pulumi import`'s code generation ("unexpected schema type
      // okta-provisioning:index:UsernameFormat"): the import states it in the schema's spelling.
      client.current = fakeClient((req) =>
        req.operation === "getFeatureForApplication"
          ? {
              data: {
                name: "INBOUND_PROVISIONING",
                status: "ENABLED",
                capabilities: { importSettings: { username, schedule: { status: "DISABLED" } } },
              },
            }
          : { data: {} },
      );
      const { inputs } = await featureProvider.import!(`${APP}/INBOUND_PROVISIONING`);
      const imported = (inputs.capabilities as { importSettings: { username: Record<string, unknown> } })
        .importSettings.username;
      expect(imported.usernameFormat).toBe(format);
      expect(imported).not.toHaveProperty("userNameFormat");
      expect((await featureProvider.check(inputs, inputs)).failures).toEqual([]);
    },
  );

  it("an INBOUND_PROVISIONING feature with every capability Okta reports", async () => {
    client.current = fakeClient(answer("okta_org2org", {}));
    const { inputs } = await featureProvider.import!(`${APP}/INBOUND_PROVISIONING`);
    expect((await featureProvider.check(inputs, inputs)).failures).toEqual([]);
  });
});
