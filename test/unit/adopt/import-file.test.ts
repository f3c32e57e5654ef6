import schema from "../../../schema.json";
import { pruneCapabilities } from "../../../cli/adopt/capabilities";
import { classifyConnection, configValues } from "../../../cli/adopt/classify";
import {
  ImportFileError,
  importFileText,
  renderImportFile,
  writeOnlyInputs,
  type ImportFile,
} from "../../../cli/adopt/import-file";
import type { AdoptedApp, OrgScan } from "../../../cli/adopt/model";
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

const feature = (name: "USER_PROVISIONING" | "INBOUND_PROVISIONING") => ({
  name,
  ...pruneCapabilities(name, {}),
});

const SCAN: OrgScan = {
  orgUrl: "https://acme.okta.com",
  scanned: 4,
  adopted: [
    adopted(
      1,
      "zscalerbyz",
      "Zscaler 2.0",
      "zscaler20",
      "zscaler-2-0",
      { status: "ENABLED", baseUrl: "https://scim.zscaler.example/1/scim", profile: { authScheme: "TOKEN" } },
      [feature("USER_PROVISIONING")],
    ),
    adopted(
      2,
      "okta_org2org",
      "Partner org",
      "partnerOrg",
      "partner-org",
      { status: "ENABLED", profile: { authScheme: "TOKEN" } },
      [feature("USER_PROVISIONING"), feature("INBOUND_PROVISIONING")],
    ),
    adopted(3, "office365", "Office 365", "office365", "office-365", {
      status: "ENABLED",
      profile: { authScheme: "OAUTH2" },
    }),
  ],
  skipped: [{ app: { id: id(4), name: "bookmark", label: "Wiki" }, reason: "cannot provision" }],
};

/** The checks `pulumi import --file` makes before it reads anything (pkg/cmd/pulumi/operations/import.go). */
function pulumiRefusals(file: ImportFile): string[] {
  const problems: string[] = [];
  const names = new Map<string, number>();
  for (const r of file.resources) names.set(r.name, (names.get(r.name) ?? 0) + 1);
  const urns = new Set<string>();
  for (const [i, r] of file.resources.entries()) {
    if (!r.type) problems.push(`${i} has no type`);
    if (!r.name) problems.push(`${i} has no name`);
    const isProvider = r.type.startsWith("pulumi:providers:");
    if (isProvider && r.id) problems.push(`${r.name} is a provider with an id`);
    if (!isProvider && !r.id) problems.push(`${r.name} has no id`);
    const urn = `${r.type}::${r.name}`;
    if (urns.has(urn)) problems.push(`${r.name} has an ambiguous URN`);
    urns.add(urn);
    if (r.provider !== undefined) {
      const target = file.resources.find((p) => p.name === r.provider);
      if (!target) problems.push(`${r.name}: provider ${r.provider} has no entry`);
      else if (!target.type.startsWith("pulumi:providers:"))
        problems.push(`${r.name}: ${r.provider} is no provider`);
      if ((names.get(r.provider) ?? 0) > 1) problems.push(`${r.name} has an ambiguous provider`);
    }
  }
  return problems;
}

describe("adopt --format import-file: the file `pulumi import --file` reads", () => {
  it("lists every adopted connection and feature by the plugin's type tokens and ids, in the program's names", () => {
    const file = renderImportFile(SCAN);
    expect(file).toEqual({
      resources: [
        { type: "okta-provisioning:index:ProvisioningConnection", name: "zscaler-2-0", id: id(1) },
        {
          type: "okta-provisioning:index:ProvisioningFeature",
          name: "zscaler-2-0-to-app",
          id: `${id(1)}/USER_PROVISIONING`,
        },
        { type: "okta-provisioning:index:ProvisioningConnection", name: "partner-org", id: id(2) },
        {
          type: "okta-provisioning:index:ProvisioningFeature",
          name: "partner-org-to-app",
          id: `${id(2)}/USER_PROVISIONING`,
        },
        {
          type: "okta-provisioning:index:ProvisioningFeature",
          name: "partner-org-to-okta",
          id: `${id(2)}/INBOUND_PROVISIONING`,
        },
        { type: "okta-provisioning:index:ProvisioningConnection", name: "office-365", id: id(3) },
      ],
    });
    expect(pulumiRefusals(file)).toEqual([]);
  });

  it("uses the resource tokens schema.json declares", () => {
    const types = new Set(renderImportFile(SCAN).resources.map((r) => r.type));
    for (const type of types) expect(Object.keys(schema.resources)).toContain(type);
  });

  it("with a provider name, declares that provider with the org's URL and reads everything through it", () => {
    const file = renderImportFile(SCAN, { provider: "acme" });
    expect(file.resources[0]).toEqual({
      type: "pulumi:providers:okta-provisioning",
      name: "acme",
      inputs: { orgUrl: "https://acme.okta.com" },
    });
    expect(file.resources.slice(1).map((r) => r.provider)).toEqual(Array(6).fill("acme"));
    expect(pulumiRefusals(file)).toEqual([]);
  });

  it("refuses a provider name a resource of the org already has: Pulumi would call the reference ambiguous", () => {
    expect(() => renderImportFile(SCAN, { provider: "partner-org-to-okta" })).toThrow(ImportFileError);
    expect(() => renderImportFile(SCAN, { provider: "partner-org-to-okta" })).toThrow(/choose another/);
  });

  it("is JSON that holds no credential and no value Okta did not return", () => {
    const text = importFileText(renderImportFile(SCAN, { provider: "acme" }));
    expect(JSON.parse(text)).toEqual(renderImportFile(SCAN, { provider: "acme" }));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).not.toMatch(/token|password|secret|apiToken/i);
  });

  it("names the inputs Okta never returns, which the generated code will lack", () => {
    expect(writeOnlyInputs(SCAN)).toEqual([
      { resource: "zscaler-2-0", property: "token", what: "the API token Zscaler 2.0 accepts from Okta" },
      { resource: "partner-org", property: "token", what: "the API token Partner org accepts from Okta" },
      { resource: "office-365", property: "settings.adminUsername", what: expect.any(String) },
      { resource: "office-365", property: "settings.adminPassword", what: expect.any(String) },
    ]);
  });
});
