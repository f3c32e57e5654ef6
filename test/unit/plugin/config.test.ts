import { configFailures, configSource, fromVariables, useProviderConfig } from "../../../plugin/config";
import { resetSharedClients } from "../../../provider/client";
import { PROVIDER_CONFIG_KEYS, resolveOrg } from "../../../provider/orgs";
import { oktaClient, orgFailures, setConfigSource } from "../../../provider/runtime";
import { API_TOKEN, caught, oktaError, startServer, type TestServer } from "../client/helpers";

/** The org resolution as the plugin's resources use it: the provider's own okta-provisioning:* keys. */
const resolve = (config: Record<string, unknown>, env: NodeJS.ProcessEnv) =>
  resolveOrg(undefined, configSource(config), env, PROVIDER_CONFIG_KEYS);

describe("the plugin's provider config, fed to the dynamic door's org resolution", () => {
  it("takes the default provider's stack config (okta-provisioning:KEY, objects as JSON) as KEY → value", () => {
    const config = fromVariables([
      ["okta-provisioning:orgName", "acme"],
      ["okta-provisioning:baseUrl", "oktapreview.com"],
      ["okta-provisioning:apiToken", "tok"],
    ]);
    expect(resolve(config, {})).toEqual({
      url: "https://acme.oktapreview.com",
      auth: { kind: "apiToken", token: "tok" },
    });
  });

  it("an explicit provider's service app, with scopes as a list", () => {
    const org = resolve(
      {
        orgUrl: "https://acme.okta.com",
        clientId: "0oaclient",
        privateKey: "PEM",
        scopes: ["okta.apps.read"],
      },
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
    expect(resolve({}, env).url).toBe("https://envorg.okta.com");
    expect(resolve({ orgUrl: "https://acme.okta.com" }, env).url).toBe("https://acme.okta.com");
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
    const [creds] = configFailures(
      { orgUrl: "https://admin:hunter2secret@acme.okta.com", apiToken: "t" },
      {},
    );
    expect(creds).toEqual({
      property: "orgUrl",
      reason: expect.stringContaining(
        "okta-provisioning:orgUrl must not contain credentials: put them in okta-provisioning:apiToken",
      ),
    });
    expect(creds.reason).not.toContain("hunter2secret");
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

describe("the plugin's resources, configured by the provider", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((app) => {
      app.get("/api/v1/apps/:id", async (_req, reply) =>
        reply.code(401).send(oktaError("E0000011", "Invalid token provided")),
      );
    });
  });
  afterAll(() => server.close());
  afterEach(() => {
    resetSharedClients();
    setConfigSource({ get: () => undefined });
  });

  it("a 401's fix-it text names okta-provisioning:apiToken, the key the provider was given", async () => {
    useProviderConfig({ orgUrl: server.url, apiToken: API_TOKEN });
    const err = await caught(oktaClient(undefined).request({ method: "GET", path: "/api/v1/apps/0oa1" }));
    expect(err.message).toContain(`The API token for ${server.url} is invalid or expired`);
    expect(err.message).toContain("pulumi config set --secret okta-provisioning:apiToken");
    expect(err.message).not.toMatch(/\bokta:/);
    expect(err.message).not.toContain(API_TOKEN);
  });

  it("a resource's org failure at preview names the provider's keys", () => {
    useProviderConfig({ orgName: "acme" });
    const [failure] = orgFailures(undefined);
    expect(failure.reason).toMatch(/pulumi config set --secret okta-provisioning:apiToken/);
    expect(failure.reason).not.toMatch(/\bokta:/);
  });

  it("reads the provider's other settings under its own namespace (okta-provisioning:openBrowser)", () => {
    expect(configSource({ openBrowser: false }).get("okta-provisioning:openBrowser")).toBe("false");
    expect(configSource({ apiToken: "t" }).get("okta:apiToken")).toBeUndefined();
  });
});
