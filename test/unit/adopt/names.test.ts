import { deriveNames, slugOf, variableOf, type AppRef } from "../../../cli/adopt/names";

const app = (id: string, label: string, name = "slack"): AppRef => ({
  id: `0oa${id.padStart(17, "0")}`,
  label,
  name,
});

describe("resource names from app labels", () => {
  it("are readable: lower case, words joined by dashes, accents dropped", () => {
    expect(slugOf("Zscaler 2.0")).toBe("zscaler-2-0");
    expect(slugOf("  Microsoft Office 365 (prod) ")).toBe("microsoft-office-365-prod");
    expect(slugOf("Société Générale — Zoom")).toBe("societe-generale-zoom");
    expect(slugOf("日本")).toBe("");
  });

  it("give valid TypeScript variables that never shadow the program's own names", () => {
    expect(variableOf("zscaler-2-0")).toBe("zscaler20");
    expect(variableOf("okta-org2org-prod")).toBe("oktaOrg2orgProd");
    expect(variableOf("365-admin")).toBe("app365Admin");
    expect(variableOf("config")).toBe("appConfig");
    expect(variableOf("delete")).toBe("appDelete");
    expect(variableOf("pulumi")).toBe("appPulumi");
  });

  it("fall back to the app's Okta name when the label has nothing readable", () => {
    const names = deriveNames([app("1", "日本", "okta_org2org")]);
    expect(names.get(app("1", "").id)).toEqual({ resource: "okta-org2org", variable: "oktaOrg2org" });
  });

  it("are unique: apps sharing a label all take a suffix from their id", () => {
    const a = app("AAAAAA1", "Slack");
    const b = app("BBBBBB2", "Slack");
    const c = app("3", "Zoom", "zoomus");
    const names = deriveNames([a, b, c]);
    expect(names.get(a.id)!.resource).toBe(`slack-${a.id.slice(-6)}`);
    expect(names.get(b.id)!.resource).toBe(`slack-${b.id.slice(-6)}`);
    expect(names.get(c.id)!.resource).toBe("zoom");
    const all = [...names.values()];
    expect(new Set(all.map((n) => n.resource)).size).toBe(3);
    expect(new Set(all.map((n) => n.variable)).size).toBe(3);
  });

  it("stay unique when ids share their last six characters, or a suffixed name equals another label", () => {
    const a = app("1xxxxxx", "Slack");
    const b = app("2xxxxxx", "Slack");
    const c = app("9", `Slack ${a.id.slice(-6)}`);
    const names = deriveNames([a, b, c]);
    expect(new Set([...names.values()].map((n) => n.resource)).size).toBe(3);
    expect(names.get(a.id)!.resource).toBe(`slack-${a.id}`);
  });

  it("stay unique as variables when two names camel-case alike", () => {
    const names = deriveNames([app("1", "a-1"), app("2", "a1")]);
    const variables = [...names.values()].map((n) => n.variable);
    expect(new Set(variables).size).toBe(2);
  });

  it("are stable: the same whatever order Okta lists the apps in", () => {
    const apps = [app("1", "Slack"), app("2", "Slack"), app("3", "Zoom"), app("4", "a-1"), app("5", "a1")];
    const forward = deriveNames(apps);
    const backward = deriveNames([...apps].reverse());
    for (const a of apps) expect(backward.get(a.id)).toEqual(forward.get(a.id));
  });
});
