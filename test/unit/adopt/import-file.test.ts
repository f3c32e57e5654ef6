import schema from "../../../schema.json";
import { pruneCapabilities } from "../../../cli/adopt/capabilities";
import { classifyConnection, configValues } from "../../../cli/adopt/classify";
import {
  ImportFileError,
  importFileText,
  parseProviderRef,
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
      const urn = file.nameTable?.[r.provider];
      // A resource of the file with that name takes the name table's place.
      if (names.has(r.provider)) problems.push(`${r.name}: provider ${r.provider} is a resource of the file`);
      else if (urn === undefined)
        problems.push(`${r.name}: provider ${r.provider} has no entry in nameTable`);
      else if (!urn.split("::")[2]?.split("$").pop()?.startsWith("pulumi:providers:"))
        problems.push(`${r.name}: ${r.provider} is not a provider`);
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

  const EMEA = "urn:pulumi:dev::acme::pulumi:providers:okta-provisioning::emea";

  it("with an explicit provider, reads everything through it by its URN, as `pulumi import --provider` does", () => {
    const file = renderImportFile(SCAN, { provider: { name: "emea", urn: EMEA } });
    expect(file.nameTable).toEqual({ emea: EMEA });
    expect(file.resources.map((r) => r.provider)).toEqual(Array(6).fill("emea"));
    expect(pulumiRefusals(file)).toEqual([]);
  });

  it("with an org alias, writes ids the default provider reads from that named org (<alias>:<id>)", () => {
    const file = renderImportFile(SCAN, { org: "emea" });
    expect(file.resources.slice(0, 2).map((r) => r.id)).toEqual([
      `emea:${id(1)}`,
      `emea:${id(1)}/USER_PROVISIONING`,
    ]);
    expect(file.resources.every((r) => r.id.startsWith("emea:0oa"))).toBe(true);
    expect(pulumiRefusals(file)).toEqual([]);
    expect(() => renderImportFile(SCAN, { org: "emea west" })).toThrow(/not an org alias/);
  });

  it("refuses a provider name a resource of the org already has: Pulumi would read through that resource", () => {
    const clash = { provider: { name: "partner-org-to-okta", urn: EMEA } };
    expect(() => renderImportFile(SCAN, clash)).toThrow(ImportFileError);
    expect(() => renderImportFile(SCAN, clash)).toThrow(/choose another name with NAME=URN/);
  });

  it("takes the provider as its URN or NAME=URN, and refuses anything else with the way to find it", () => {
    expect(parseProviderRef(EMEA)).toEqual({ name: "emea", urn: EMEA });
    expect(parseProviderRef(`partner=${EMEA}`)).toEqual({ name: "partner", urn: EMEA });
    const parented = "urn:pulumi:dev::acme::my:index:Org$pulumi:providers:okta-provisioning::emea";
    expect(parseProviderRef(parented)).toEqual({ name: "emea", urn: parented });
    for (const bad of ["emea", "urn:pulumi:dev::acme::pulumi:providers:okta::emea", `1x=${EMEA}`])
      expect(parseProviderRef(bad)).toEqual(expect.stringMatching(/URN|not a name/));
    expect(parseProviderRef("emea")).toMatch(/pulumi stack --show-urns/);
  });

  it("is JSON that holds no credential and no value Okta did not return", () => {
    const file = renderImportFile(SCAN, { provider: { name: "emea", urn: EMEA } });
    const text = importFileText(file);
    expect(JSON.parse(text)).toEqual(file);
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
