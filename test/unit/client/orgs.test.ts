import {
  OrgConfigError,
  orgUrlOf,
  resolveOrg,
  resolveProviderOrg,
  type ConfigSource,
} from "../../../provider/orgs";
import { expectNoSecret } from "./helpers";

const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const none = config({});
const TOKEN = "00configToken-secret";
const ENV_TOKEN = "00envToken-secret";

function refused(fn: () => unknown): OrgConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OrgConfigError);
    return err as OrgConfigError;
  }
  throw new Error("expected an OrgConfigError");
}

describe("the default org", () => {
  it("reads @pulumi/okta's keys: orgName, baseUrl (okta.com by default), apiToken", () => {
    expect(resolveOrg(undefined, config({ "okta:orgName": "acme", "okta:apiToken": TOKEN }), {})).toEqual({
      url: "https://acme.okta.com",
      auth: { kind: "apiToken", token: TOKEN },
    });
    const preview = resolveOrg(
      undefined,
      config({ "okta:orgName": "acme", "okta:baseUrl": "oktapreview.com", "okta:apiToken": TOKEN }),
      {},
    );
    expect(preview.url).toBe("https://acme.oktapreview.com");
  });

  it("prefers okta-provisioning:orgUrl, stripping a trailing slash", () => {
    const org = resolveOrg(
      undefined,
      config({
        "okta-provisioning:orgUrl": "https://login.example.com/",
        "okta:orgName": "acme",
        "okta:apiToken": TOKEN,
      }),
      {},
    );
    expect(org.url).toBe("https://login.example.com");
  });

  it("falls back to Okta's environment variables, with config winning key by key", () => {
    const env = { OKTA_ORG_NAME: "envorg", OKTA_BASE_URL: "okta-emea.com", OKTA_API_TOKEN: ENV_TOKEN };
    expect(resolveOrg(undefined, none, env)).toEqual({
      url: "https://envorg.okta-emea.com",
      auth: { kind: "apiToken", token: ENV_TOKEN },
    });
    const mixed = resolveOrg(undefined, config({ "okta:orgName": "cfgorg", "okta:apiToken": TOKEN }), env);
    expect(mixed).toEqual({ url: "https://cfgorg.okta-emea.com", auth: { kind: "apiToken", token: TOKEN } });
    expect(
      resolveOrg(undefined, none, {
        OKTA_PROVISIONING_ORG_URL: "http://127.0.0.1:8787",
        OKTA_API_TOKEN: ENV_TOKEN,
      }).url,
    ).toBe("http://127.0.0.1:8787");
  });

  it("config credentials of one kind win over env credentials of another", () => {
    const org = resolveOrg(
      undefined,
      config({ "okta:orgName": "acme", "okta:clientId": "0oaSvc", "okta:privateKey": "PEM" }),
      { OKTA_API_TOKEN: ENV_TOKEN },
    );
    expect(org.auth).toEqual({
      kind: "privateKeyJwt",
      clientId: "0oaSvc",
      privateKey: "PEM",
      scopes: ["okta.apps.read", "okta.apps.manage"],
    });
  });

  it("reads a service app with key id and scopes, comma/space separated or a JSON array", () => {
    const base = {
      "okta:orgName": "acme",
      "okta:clientId": "0oaSvc",
      "okta:privateKey": "PEM",
      "okta:privateKeyId": "kid1",
    };
    expect(
      resolveOrg(undefined, config({ ...base, "okta:scopes": "okta.apps.read, okta.apps.manage" }), {}).auth,
    ).toMatchObject({
      privateKeyId: "kid1",
      scopes: ["okta.apps.read", "okta.apps.manage"],
    });
    expect(
      resolveOrg(undefined, config({ ...base, "okta:scopes": '["okta.apps.read"]' }), {}).auth,
    ).toMatchObject({ scopes: ["okta.apps.read"] });
    const env = {
      OKTA_ORG_NAME: "acme",
      OKTA_API_CLIENT_ID: "0oaEnv",
      OKTA_API_PRIVATE_KEY: "PEM",
      OKTA_API_PRIVATE_KEY_ID: "k",
      OKTA_API_SCOPES: "okta.apps.read okta.apps.manage",
    };
    expect(resolveOrg(undefined, none, env).auth).toEqual({
      kind: "privateKeyJwt",
      clientId: "0oaEnv",
      privateKey: "PEM",
      privateKeyId: "k",
      scopes: ["okta.apps.read", "okta.apps.manage"],
    });
  });

  it("reads limits from config, then the environment", () => {
    const base = { "okta:orgName": "acme", "okta:apiToken": TOKEN };
    expect(
      resolveOrg(undefined, config({ ...base, "okta-provisioning:requestsPerMinute": "40" }), {
        OKTA_PROVISIONING_MAX_CONCURRENCY: "4",
      }).limits,
    ).toEqual({
      requestsPerMinute: 40,
      maxConcurrency: 4,
    });
    const err = refused(() =>
      resolveOrg(undefined, config({ ...base, "okta-provisioning:maxConcurrency": "many" }), {}),
    );
    expect(err.message).toContain("okta-provisioning:maxConcurrency");
  });

  it("says which keys to set when the org or the credentials are missing", () => {
    const noOrg = refused(() => resolveOrg(undefined, none, {}));
    expect(noOrg.message).toContain("pulumi config set okta:orgName");
    expect(noOrg.message).toContain("OKTA_ORG_NAME");
    const noCreds = refused(() => resolveOrg(undefined, config({ "okta:orgName": "acme" }), {}));
    expect(noCreds.message).toContain("https://acme.okta.com");
    expect(noCreds.message).toContain("pulumi config set --secret okta:apiToken");
    expect(noCreds.message).toContain("OKTA_API_PRIVATE_KEY");
    const noKey = refused(() =>
      resolveOrg(undefined, config({ "okta:orgName": "acme", "okta:clientId": "0oaSvc" }), {}),
    );
    expect(noKey.message).toContain("okta:privateKey");
  });

  it("refuses two kinds of credentials in the same place, without echoing them", () => {
    const err = refused(() =>
      resolveOrg(
        undefined,
        config({
          "okta:orgName": "acme",
          "okta:apiToken": TOKEN,
          "okta:clientId": "c",
          "okta:privateKey": "PEMSECRET",
        }),
        {},
      ),
    );
    expect(err.message).toContain("okta:apiToken");
    expectNoSecret(err, [TOKEN, "PEMSECRET"]);
  });
});

describe("org URLs", () => {
  const withUrl = (orgUrl: string) => () =>
    resolveOrg(undefined, config({ "okta-provisioning:orgUrl": orgUrl, "okta:apiToken": TOKEN }), {});

  it("accepts plain http only on loopback addresses (the emulator)", () => {
    for (const url of [
      "http://127.0.0.1:9000",
      "http://localhost:9000",
      "http://[::1]:9000",
      "http://127.5.6.7",
    ]) {
      expect(withUrl(url)().url).toBe(url);
    }
    for (const url of ["http://acme.okta.com", "http://10.0.0.5:8080", "http://localhost.evil.example"]) {
      expect(refused(withUrl(url)).message).toMatch(/https:\/\//);
    }
  });

  it("refuses paths, queries and embedded credentials, naming the key and not echoing a password", () => {
    expect(refused(withUrl("https://acme.okta.com/api/v1")).message).toContain(
      "okta-provisioning:orgUrl must be the org's address only",
    );
    expect(refused(withUrl("https://acme.okta.com/?x=1")).message).toContain("no path or query");
    const creds = refused(withUrl("https://admin:hunter2secret@acme.okta.com"));
    expect(creds.message).toContain("must not contain credentials: put them in okta:apiToken");
    expectNoSecret(creds, ["hunter2secret"]);
    // Where the URL came from, there the token goes: the environment's variable, a named org's entry.
    const fromEnv = refused(() =>
      resolveOrg(undefined, config({}), {
        OKTA_PROVISIONING_ORG_URL: "https://admin:hunter2secret@acme.okta.com",
      }),
    );
    expect(fromEnv.message).toContain(
      "OKTA_PROVISIONING_ORG_URL must not contain credentials: put them in OKTA_API_TOKEN",
    );
    const orgs = JSON.stringify({ emea: { orgUrl: "https://admin:hunter2secret@acme.okta.com" } });
    const named = refused(() => resolveOrg("emea", config({ "okta-provisioning:orgs": orgs }), {}));
    expect(named.message).toContain("put them in okta-provisioning:orgs.emea.apiToken");
    expect(refused(withUrl("acme.okta.com")).message).toContain("okta-provisioning:orgUrl");
  });

  it("points out the Admin Console address", () => {
    expect(refused(withUrl("https://acme-admin.okta.com")).message).toContain("https://acme.okta.com");
  });

  it("refuses an orgName that is a URL", () => {
    const err = refused(() =>
      resolveOrg(undefined, config({ "okta:orgName": "https://acme.okta.com", "okta:apiToken": TOKEN }), {}),
    );
    expect(err.message).toContain("okta:orgName must be the org's subdomain");
  });
});

describe("named orgs", () => {
  const orgs = {
    emea: { orgUrl: "https://acme-emea.okta.com", apiToken: "emea-token-secret", maxConcurrency: 2 },
    apac: {
      orgName: "acme-apac",
      baseUrl: "okta.com",
      clientId: "0oaApac",
      privateKey: "APAC-PEM",
      scopes: ["okta.apps.read", "okta.apps.manage"],
    },
  };
  const cfg = config({
    "okta-provisioning:orgs": JSON.stringify(orgs),
    "okta:orgName": "acme",
    "okta:apiToken": TOKEN,
    "okta-provisioning:requestsPerMinute": "30",
  });

  it("resolves an alias to its own URL, credentials and limits", () => {
    expect(resolveOrg("emea", cfg, {})).toEqual({
      url: "https://acme-emea.okta.com",
      auth: { kind: "apiToken", token: "emea-token-secret" },
      alias: "emea",
      limits: { maxConcurrency: 2, requestsPerMinute: 30 },
    });
    expect(resolveOrg("apac", cfg, {})).toMatchObject({
      url: "https://acme-apac.okta.com",
      auth: { kind: "privateKeyJwt", clientId: "0oaApac", scopes: ["okta.apps.read", "okta.apps.manage"] },
    });
    expect(resolveOrg(undefined, cfg, {}).url).toBe("https://acme.okta.com");
  });

  it("lists the known aliases for an unknown one", () => {
    const err = refused(() => resolveOrg("us", cfg, {}));
    expect(err.message).toContain('Unknown org "us"');
    expect(err.message).toContain('"emea", "apac"');
    expectNoSecret(err, ["emea-token-secret", "APAC-PEM", TOKEN]);
  });

  it("never lends the default org's credentials to a named org", () => {
    const c = config({
      "okta-provisioning:orgs": JSON.stringify({ eu: { orgUrl: "https://eu.okta.com" } }),
      "okta:apiToken": TOKEN,
    });
    const err = refused(() => resolveOrg("eu", c, { OKTA_API_TOKEN: ENV_TOKEN }));
    expect(err.message).toContain("okta-provisioning:orgs.eu.apiToken");
  });

  it("explains bad JSON without quoting it", () => {
    const err = refused(() =>
      resolveOrg("emea", config({ "okta-provisioning:orgs": '{"emea": {"apiToken": "leaky-secret",}}' }), {}),
    );
    expect(err.message).toContain("okta-provisioning:orgs is not valid JSON");
    expectNoSecret(err, ["leaky-secret"]);
  });

  it("explains how to add named orgs when none exist", () => {
    expect(refused(() => resolveOrg("emea", none, {})).message).toContain(
      "pulumi config set --path 'okta-provisioning:orgs.emea.orgUrl'",
    );
  });
});

describe("a native provider's configuration (the plugin door)", () => {
  it("reads okta-provisioning:* keys, then the OKTA_* variables", () => {
    expect(
      resolveProviderOrg(
        config({ "okta-provisioning:orgName": "acme", "okta-provisioning:apiToken": TOKEN }),
        {},
      ),
    ).toEqual({ url: "https://acme.okta.com", auth: { kind: "apiToken", token: TOKEN } });
    const org = resolveProviderOrg(config({ "okta-provisioning:orgUrl": "https://acme.oktapreview.com" }), {
      OKTA_API_CLIENT_ID: "0oaEnv",
      OKTA_API_PRIVATE_KEY: "PEM",
      OKTA_API_SCOPES: "okta.apps.read",
    });
    expect(org).toEqual({
      url: "https://acme.oktapreview.com",
      auth: { kind: "privateKeyJwt", clientId: "0oaEnv", privateKey: "PEM", scopes: ["okta.apps.read"] },
    });
  });

  it("does not read @pulumi/okta's keys, and names its own keys when something is missing", () => {
    const err = refused(() =>
      resolveProviderOrg(config({ "okta:orgName": "acme", "okta:apiToken": TOKEN }), {}),
    );
    expect(err.message).toContain("pulumi config set okta-provisioning:orgName");
    const noCreds = refused(() => resolveProviderOrg(config({ "okta-provisioning:orgName": "acme" }), {}));
    expect(noCreds.message).toContain("pulumi config set --secret okta-provisioning:apiToken");
    expect(noCreds.message).toContain("OKTA_API_TOKEN");
  });
});

describe("the two doors' keys: one missing and the other set", () => {
  it("the dynamic resources, given only the plugin's okta-provisioning:apiToken, name okta:apiToken to set", () => {
    const err = refused(() =>
      resolveOrg(
        undefined,
        config({ "okta-provisioning:orgUrl": "https://acme.okta.com", "okta-provisioning:apiToken": TOKEN }),
        {},
      ),
    );
    expect(err.message).toMatch(
      /okta-provisioning:apiToken is set, but the dynamic resources read okta:apiToken \(as @pulumi\/okta does\): set it with `pulumi config set --secret okta:apiToken <token>`/,
    );
    expect(err.message).not.toContain(TOKEN);
  });

  it("the plugin, given only okta:apiToken (seen set, its value unread), names okta-provisioning:apiToken", () => {
    const source: ConfigSource = {
      get: (key) => (key === "okta-provisioning:orgUrl" ? "https://acme.okta.com" : undefined),
      has: (key) => key === "okta:apiToken" || key === "okta-provisioning:orgUrl",
    };
    const err = refused(() => resolveProviderOrg(source, {}));
    expect(err.message).toMatch(
      /okta:apiToken is set, but the okta-provisioning provider plugin reads okta-provisioning:apiToken: set it with `pulumi config set --secret okta-provisioning:apiToken <token>`/,
    );
  });

  it("names the other door's org name key too", () => {
    const err = refused(() =>
      resolveProviderOrg(config({ "okta:orgName": "acme", "okta:apiToken": TOKEN }), {}),
    );
    expect(err.message).toMatch(
      /okta:orgName is set, but the okta-provisioning provider plugin reads okta-provisioning:orgName/,
    );
  });
});

describe("orgUrlOf (the rollout's grouping of stacks by org)", () => {
  it("spells one org one way whether config names it by URL or by name", () => {
    expect(orgUrlOf(config({ "okta-provisioning:orgUrl": "https://ACME.okta.com/" }))).toBe(
      "https://acme.okta.com",
    );
    expect(orgUrlOf(config({ "okta:orgName": "acme" }))).toBe("https://acme.okta.com");
    expect(orgUrlOf(config({ "okta:orgName": "acme", "okta:baseUrl": "oktapreview.com" }))).toBe(
      "https://acme.oktapreview.com",
    );
    expect(orgUrlOf(none)).toBeUndefined();
  });
});

describe("the fix-it words the resolver gives the client", () => {
  it("names the keys the org was read from", () => {
    const named = resolveOrg(
      "emea",
      config({
        "okta-provisioning:orgs": JSON.stringify({
          emea: { orgUrl: "https://e.okta.com", clientId: "c", privateKey: "k" },
        }),
      }),
      {},
    );
    expect(named.help?.scopes).toBe("okta-provisioning:orgs.emea.scopes");
    expect(named.help?.privateKey).toBe("okta-provisioning:orgs.emea.privateKey");
    const plugin = resolveProviderOrg(
      config({ "okta-provisioning:orgName": "a", "okta-provisioning:apiToken": TOKEN }),
      {},
    );
    expect(plugin.help?.credentials).toContain("pulumi config set --secret okta-provisioning:apiToken");
    expectNoSecret(plugin.help, [TOKEN]);
  });
});
