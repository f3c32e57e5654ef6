import * as ts from "typescript";
import { pruneCapabilities } from "../../../cli/adopt/capabilities";
import { classifyConnection, configValues } from "../../../cli/adopt/classify";
import { renderIndex } from "../../../cli/adopt/codegen";
import type { AdoptedApp, OrgScan } from "../../../cli/adopt/model";
import { configCommands, renderReadme } from "../../../cli/adopt/readme";
import type { ConnectionResponse } from "../../../provider/okta-api";

const id = (n: number) => `0oa${String(n).padStart(17, "0")}`;

function adopted(
  n: number,
  name: string,
  label: string,
  variable: string,
  resource: string,
  live: ConnectionResponse,
  features: AdoptedApp["features"] = [],
): AdoptedApp {
  const decision = classifyConnection(name, live, false);
  if (!("adopt" in decision)) throw new Error(`fixture ${label} is not adopted: ${decision.skip}`);
  return {
    app: { id: id(n), name, label },
    names: { resource, variable },
    connection: decision.adopt,
    features,
    config: configValues(variable, name, label, decision.adopt),
  };
}

const SCAN: OrgScan = {
  orgUrl: "https://acme.okta.com",
  scanned: 6,
  adopted: [
    adopted(
      1,
      "zscalerbyz",
      "Zscaler 2.0",
      "zscaler20",
      "zscaler-2-0",
      { status: "ENABLED", baseUrl: "https://scim.zscaler.example/1/scim", profile: { authScheme: "TOKEN" } },
      [
        {
          name: "USER_PROVISIONING",
          ...pruneCapabilities("USER_PROVISIONING", { create: { lifecycleCreate: { status: "ENABLED" } } }),
        },
      ],
    ),
    adopted(2, "office365", 'Office "365" */ evil\nline', "office365", "office-365", {
      status: "ENABLED",
      profile: { authScheme: "OAUTH2" },
    }),
    adopted(3, "okta_org2org", "Partner org", "partnerOrg", "partner-org", {
      status: "ENABLED",
      profile: { authScheme: "OAUTH2", clientId: "0oaTarget000000000001", signing: { rotationMode: "AUTO" } },
    }),
    adopted(4, "google", "Google Workspace", "googleWorkspace", "google-workspace", {
      status: "DISABLED",
      profile: { authScheme: "OAUTH2" },
      _links: { authorize: { href: "https://acme.okta.com/authorize" } },
    }),
  ],
  skipped: [
    { app: { id: id(5), name: "bookmark", label: "Wiki" }, reason: "cannot provision (no connection)" },
    { app: { id: id(6), name: "slack", label: "Slack" }, reason: "provisioning not configured" },
  ],
};

describe("the generated index.ts", () => {
  const source = renderIndex(SCAN, "okta-provisioning adopt");

  it("is valid TypeScript, whatever the labels hold", () => {
    const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { strict: true } });
    expect(out.diagnostics ?? []).toEqual([]);
    // The label's quote and line break stay inside a one-line comment.
    expect(source).toContain('// Office "365" */ evil line (office365');
  });

  it("adopts every resource and declares the values Okta reported", () => {
    const resources = source.match(/new Provisioning(Connection|Feature)\(/g) ?? [];
    expect(resources).toHaveLength(5);
    expect(source.match(/adopt: true,/g)).toHaveLength(5);
    expect(source).toContain('baseUrl: "https://scim.zscaler.example/1/scim"');
    expect(source).toContain('clientId: "0oaTarget000000000001"');
    expect(source).toMatch(/signing: \{\s*rotationMode: "AUTO",\s*\}/);
    expect(source).toMatch(/new ProvisioningFeature\("zscaler-2-0-to-app", \{\s*connection: zscaler20,/);
    // A consent not given yet stays as it is: no write turns it on or off.
    expect(source).toMatch(/"google-workspace", \{[^}]*enabled: false,/);
  });

  it("reads every secret from stack config as a secret, named after its app", () => {
    expect(source).toContain('token: config.requireSecret("zscaler20Token")');
    expect(source).toContain('adminUsername: config.require("office365AdminUsername")');
    expect(source).toContain('adminPassword: config.requireSecret("office365AdminPassword")');
    expect(source).not.toMatch(/token: "/);
  });
});

describe("the generated README", () => {
  const readme = renderReadme(SCAN, "acme-provisioning", "okta-provisioning adopt");

  it("lists one `pulumi config set` per value Okta cannot return, under its app's name", () => {
    expect(configCommands(SCAN)).toEqual([
      `# Zscaler 2.0 (zscalerbyz, ${id(1)})`,
      "pulumi config set --secret zscaler20Token   # the API token Zscaler 2.0 accepts from Okta",
      `# Office "365" */ evil line (office365, ${id(2)})`,
      expect.stringMatching(/^pulumi config set office365AdminUsername /),
      expect.stringMatching(/^pulumi config set --secret office365AdminPassword /),
    ]);
    for (const line of configCommands(SCAN)) expect(readme).toContain(line);
  });

  it("says what a later token change does, and lists what was skipped and why", () => {
    expect(readme).toMatch(/Changing a token or admin password/);
    expect(readme).toContain(`| Wiki (bookmark) | ${id(5)} | cannot provision (no connection) |`);
    expect(readme).toContain("pulumi config set okta-provisioning:orgUrl https://acme.okta.com");
  });
});

describe("what is adopted", () => {
  const disabled: ConnectionResponse = { status: "DISABLED", profile: { authScheme: "TOKEN" } };

  it("skips apps that cannot provision, and disabled connections with nothing configured", () => {
    expect(
      classifyConnection("bookmark", { status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } }, true),
    ).toEqual({
      skip: expect.stringMatching(/cannot provision/),
    });
    expect(classifyConnection("okta_org2org", disabled, false)).toEqual({
      skip: expect.stringMatching(/not configured/),
    });
    expect(classifyConnection("zscalerbyz", disabled, true)).toEqual({
      skip: expect.stringMatching(/base URL/),
    });
  });

  it("takes disabled connections that show their settings, and any with --include-disabled", () => {
    expect(
      classifyConnection("zscalerbyz", { ...disabled, baseUrl: "https://scim.example/scim" }, false),
    ).toMatchObject({ adopt: { enabled: false, baseUrl: "https://scim.example/scim" } });
    expect(classifyConnection("okta_org2org", disabled, true)).toMatchObject({
      adopt: { authScheme: "TOKEN", enabled: false },
    });
  });
});

describe("capabilities", () => {
  it("keep what the resources accept and name what they leave out", () => {
    const pruned = pruneCapabilities("INBOUND_PROVISIONING", {
      importSettings: {
        username: { usernameFormat: "EMAIL" },
        schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: null } },
        newOktaSetting: { status: "ENABLED" },
      },
      importRules: { userCreateAndMatch: { exactMatchCriteria: "PHONE", autoConfirmNewUsers: true } },
      create: { lifecycleCreate: { status: "ENABLED" } },
    });
    expect(pruned.capabilities).toEqual({
      importSettings: {
        username: { usernameFormat: "EMAIL" },
        schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0" } },
      },
      importRules: { userCreateAndMatch: { autoConfirmNewUsers: true } },
    });
    expect(pruned.leftOut.sort()).toEqual([
      "create",
      "importRules.userCreateAndMatch.exactMatchCriteria",
      "importSettings.newOktaSetting",
    ]);
  });
});
