import { fakeClient } from "./fake-okta";

const client = { current: fakeClient(() => ({})) };
jest.mock("../../../provider/runtime", () => ({
  oktaClient: () => client.current,
  orgFor: () => ({ url: "https://acme.okta.com", auth: { kind: "apiToken", token: "t" } }),
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
