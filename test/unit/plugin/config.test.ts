import {
  configFailures,
  configSource,
  fromVariables,
  orgMoves,
  secretConfig,
  useProviderConfig,
} from "../../../plugin/config";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { secret } from "../../../plugin/properties";
import { isDefaultProvider, stackConfigKeys, stackOfUrn } from "../../../plugin/stack-config";
import { UNKNOWN } from "../../../provider/validation";
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
    // The engine prints a named property's value beside the failure: a URL that may hold a password is not named.
    expect(creds).toEqual({
      property: "",
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
      { property: "", reason: expect.stringMatching(/okta-provisioning:orgs\.emea\.orgUrl .*https/) },
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

describe("which provider changes move an org (DiffConfig's replacements)", () => {
  const token = { apiToken: "t1" };
  it("another orgUrl, or orgName and baseUrl naming another org, moves it; the same org spelled otherwise does not", () => {
    expect(
      orgMoves({ orgUrl: "https://a.okta.com", ...token }, { orgUrl: "https://b.okta.com", ...token }, {}),
    ).toEqual(["orgUrl"]);
    expect(
      orgMoves({ orgName: "a", ...token }, { orgName: "a", baseUrl: "oktapreview.com", ...token }, {}),
    ).toEqual(["baseUrl"]);
    expect(
      orgMoves({ orgName: "acme", ...token }, { orgUrl: "https://ACME.okta.com/", ...token }, {}),
    ).toEqual([]);
  });

  it("a rotated credential moves nothing", () => {
    expect(
      orgMoves(
        { orgUrl: "https://a.okta.com", apiToken: "old" },
        { orgUrl: "https://a.okta.com", apiToken: "new" },
        {},
      ),
    ).toEqual([]);
    expect(
      orgMoves(
        { orgUrl: "https://a.okta.com", apiToken: "old" },
        { orgUrl: "https://a.okta.com", clientId: "0oac", privateKey: "PEM" },
        {},
      ),
    ).toEqual([]);
  });

  it("a named org moved to another URL moves the provider's orgs; a new or rotated one does not", () => {
    const orgs = (emea: string, extra: Record<string, unknown> = {}) => ({
      emea: { orgUrl: emea, apiToken: "t" },
      ...extra,
    });
    expect(orgMoves({ orgs: orgs("https://e.okta.com") }, { orgs: orgs("https://f.okta.com") }, {})).toEqual([
      "orgs",
    ]);
    expect(
      orgMoves(
        { orgs: JSON.stringify(orgs("https://e.okta.com")) },
        {
          orgs: JSON.stringify(
            orgs("https://e.okta.com", { apac: { orgUrl: "https://p.okta.com", apiToken: "t" } }),
          ),
        },
        {},
      ),
    ).toEqual([]);
  });

  it("an org URL still unknown at preview may move it", () => {
    expect(orgMoves({ orgUrl: "https://a.okta.com", ...token }, { orgUrl: UNKNOWN, ...token }, {})).toEqual([
      "orgUrl",
    ]);
  });
});

describe("CheckConfig with values unknown at preview, and secrets", () => {
  it("accepts an orgUrl or a named org's URL that is unknown at preview (computed from another resource)", () => {
    expect(configFailures({ orgUrl: UNKNOWN, apiToken: "t" }, {})).toEqual([]);
    expect(configFailures({ orgs: { emea: { orgUrl: UNKNOWN, apiToken: "t" } } }, {})).toEqual([]);
    expect(configFailures({ orgs: UNKNOWN }, {})).toEqual([]);
    // A known one is still checked.
    expect(configFailures({ orgUrl: "http://acme.okta.com", apiToken: UNKNOWN }, {})).toHaveLength(1);
  });

  it("its resources are not refused at preview while their org's URL is unknown", () => {
    useProviderConfig({ orgUrl: UNKNOWN, apiToken: "t" });
    expect(orgFailures(undefined)).toEqual([]);
    setConfigSource({ get: () => undefined });
  });

  it("keeps every credential secret: the top-level ones, each named org's, and what the program made secret", () => {
    const { secretKeys, props } = secretConfig(
      {
        orgUrl: "https://a.okta.com",
        apiToken: "t",
        orgs: { emea: { orgUrl: "https://e.okta.com", apiToken: "e" } },
      },
      new Set(["orgUrl"]),
    );
    expect([...secretKeys].sort()).toEqual(["apiToken", "orgUrl", "privateKey"]);
    expect(props.orgs).toEqual({ emea: { orgUrl: "https://e.okta.com", apiToken: secret("e") } });
    // The default provider's orgs come as JSON text: with a credential inside, all of it is secret.
    const text = secretConfig(
      { orgs: JSON.stringify({ emea: { orgUrl: "https://e.okta.com", privateKey: "k" } }) },
      new Set(),
    );
    expect(text.secretKeys.has("orgs")).toBe(true);
  });

  it("names the key in the reason, never as the property: the engine would print the property's value", () => {
    const failures = configFailures(
      { orgs: { emea: { orgUrl: "http://e.okta.com", apiToken: "tok-not-to-print" } } },
      {},
    );
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^okta-provisioning:orgs\.emea\.orgUrl .*https/) },
    ]);
    expect(JSON.stringify(failures)).not.toContain("tok-not-to-print");
  });
});

describe("the default provider and the dynamic door's keys", () => {
  it("names okta-provisioning:apiToken to set when the stack config file sets only okta:apiToken, never its value", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-stack-keys-"));
    try {
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: yaml\nstackConfigDir: stacks\n");
      fs.mkdirSync(path.join(dir, "stacks"));
      fs.writeFileSync(
        path.join(dir, "stacks", "dev.yaml"),
        "config:\n  okta:apiToken:\n    secure: v1:abc\n  okta-provisioning:orgUrl: https://acme.okta.com\n",
      );
      fs.renameSync(path.join(dir, "stacks", "dev.yaml"), path.join(dir, "stacks", "Pulumi.dev.yaml"));
      const keys = stackConfigKeys(
        dir,
        stackOfUrn("urn:pulumi:dev::p::pulumi:providers:okta-provisioning::default"),
      );
      expect([...keys].sort()).toEqual(["okta-provisioning:orgUrl", "okta:apiToken"]);
      const [failure] = configFailures({ orgUrl: "https://acme.okta.com" }, {}, keys);
      expect(failure.reason).toMatch(
        /okta:apiToken is set, but the okta-provisioning provider plugin reads okta-provisioning:apiToken: set it with `pulumi config set --secret okta-provisioning:apiToken <token>`/,
      );
      expect(failure.reason).not.toContain("v1:abc");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(isDefaultProvider("urn:pulumi:dev::p::pulumi:providers:okta-provisioning::default_0_1_0")).toBe(
      true,
    );
    expect(isDefaultProvider("urn:pulumi:dev::p::pulumi:providers:okta-provisioning::emea")).toBe(false);
  });
});
