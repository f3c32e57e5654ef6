import { configFailures, configSource, fromVariables } from "../../../plugin/config";
import { resolveOrg } from "../../../provider/orgs";

describe("the plugin's provider config, fed to the dynamic door's org resolution", () => {
  it("takes the default provider's stack config (okta-provisioning:KEY, objects as JSON) as KEY → value", () => {
    const config = fromVariables([
      ["okta-provisioning:orgName", "acme"],
      ["okta-provisioning:baseUrl", "oktapreview.com"],
      ["okta-provisioning:apiToken", "tok"],
    ]);
    expect(resolveOrg(undefined, configSource(config), {})).toEqual({
      url: "https://acme.oktapreview.com",
      auth: { kind: "apiToken", token: "tok" },
    });
  });

  it("an explicit provider's service app, with scopes as a list", () => {
    const org = resolveOrg(
      undefined,
      configSource({
        orgUrl: "https://acme.okta.com",
        clientId: "0oaclient",
        privateKey: "PEM",
        scopes: ["okta.apps.read"],
      }),
      {},
    );
    expect(org.auth).toEqual({
      kind: "privateKeyJwt",
      clientId: "0oaclient",
      privateKey: "PEM",
      scopes: ["okta.apps.read"],
    });
  });

  it("falls back to the OKTA_* environment variables, and config wins over them", () => {
    const env = { OKTA_ORG_NAME: "envorg", OKTA_API_TOKEN: "envtok" };
    expect(resolveOrg(undefined, configSource({}), env).url).toBe("https://envorg.okta.com");
    expect(resolveOrg(undefined, configSource({ orgUrl: "https://acme.okta.com" }), env).url).toBe(
      "https://acme.okta.com",
    );
    expect(configFailures({}, env)).toEqual([]);
  });

  it("CheckConfig names the provider's key, never the dynamic door's", () => {
    expect(configFailures({ orgName: "acme.okta.com", apiToken: "t" }, {})).toEqual([
      {
        property: "orgName",
        reason: expect.stringMatching(/^okta-provisioning:orgName must be the org's subdomain/),
      },
    ]);
    const [both] = configFailures({ orgUrl: "https://acme.okta.com", apiToken: "t", clientId: "c" }, {});
    expect(both.reason).toMatch(/okta-provisioning:apiToken and okta-provisioning:clientId/);
    expect(both.reason).not.toMatch(/\bokta:/);
  });

  it("a provider with only named orgs needs no default org; a bad named org is refused", () => {
    const orgs = JSON.stringify({ emea: { orgUrl: "https://acme-emea.okta.com", apiToken: "t" } });
    expect(configFailures({ orgs }, {})).toEqual([]);
    const bad = JSON.stringify({ emea: { orgUrl: "http://acme-emea.okta.com", apiToken: "t" } });
    expect(configFailures({ orgs: bad }, {})).toEqual([
      { property: "orgs", reason: expect.stringMatching(/okta-provisioning:orgs\.emea\.orgUrl .*https/) },
    ]);
  });
});
