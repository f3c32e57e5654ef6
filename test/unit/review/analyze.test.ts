import { analyzePreview } from "../../../cli/review";
import { fixture } from "./fixtures";

const FEATURE = "pulumi-nodejs:dynamic/okta-provisioning:ProvisioningFeature";

describe("analyzePreview over recorded previews", () => {
  it("reports nothing for a clean stack, only the tokens Okta cannot return", () => {
    const report = analyzePreview(fixture("clean"));
    expect(report.stack).toBe("dev");
    expect(report.drift).toEqual([]);
    expect(report.changes).toEqual([]);
    expect(report.summary).toMatchObject({
      drifted: 0,
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      unchanged: 5,
    });
    expect(report.unverifiable.map((u) => `${u.name}.${u.path}`).sort()).toEqual([
      "org2org.token",
      "zscaler.token",
    ]);
  });

  it("reports drift made in the Admin Console with the last-known and live values, and the changes that undo it", () => {
    const report = analyzePreview(fixture("drift"));
    const push = report.drift.find((d) => d.name === "zscaler-push");
    expect(push).toMatchObject({
      type: FEATURE,
      status: "changed",
      properties: [{ path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" }],
    });
    expect(push?.kind).toMatch(/^ProvisioningFeature USER_PROVISIONING of app 0oa/);
    const org2org = report.drift.find((d) => d.name === "org2org");
    expect(org2org?.properties).toEqual([
      { path: "enabled", before: true, after: false },
      { path: "status", before: "ENABLED", after: "DISABLED" },
    ]);
    // The next `pulumi up` puts the program's values back: planned changes, marked as undoing the drift.
    const undo = report.changes.find((c) => c.name === "zscaler-push");
    expect(undo?.properties).toEqual([
      {
        path: "capabilities.update.profile.status",
        before: "DISABLED",
        after: "ENABLED",
        revertsDrift: true,
      },
    ]);
    // Re-enabling the connection someone deactivated is not destructive.
    expect(report.changes.find((c) => c.name === "org2org")?.destructive).toBeUndefined();
  });

  it("reports a program change alone, with no drift, including a resource of another package", () => {
    const report = analyzePreview(fixture("changes"));
    expect(report.drift).toEqual([]);
    expect(report.summary).toMatchObject({ drifted: 0, update: 2, destructive: 0 });
    expect(report.changes.find((c) => c.name === "zscaler-push")).toMatchObject({
      op: "update",
      properties: [{ path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" }],
    });
    expect(report.changes.find((c) => c.name === "change-ticket")).toMatchObject({
      type: "pulumi-nodejs:dynamic:Resource",
      kind: "pulumi-nodejs:dynamic:Resource",
      op: "update",
      properties: [{ path: "ticket", before: "CHG-1000", after: "CHG-2000" }],
    });
  });

  it("keeps drift and changes apart when both happen", () => {
    const report = analyzePreview(fixture("drift-and-changes"));
    // Out of band: the Org2Org connection deactivated (its import feature goes with it).
    expect(report.drift.map((d) => d.name).sort()).toEqual(["org2org", "org2org-import"]);
    expect(report.changes.find((c) => c.name === "change-ticket")?.properties).toEqual([
      { path: "ticket", before: "CHG-1000", after: "CHG-2000" },
    ]);
  });

  it("flags a replace as destructive, with the property that forces it", () => {
    const report = analyzePreview(fixture("replace"));
    expect(report.summary).toMatchObject({ replace: 2, destructive: 2 });
    const connection = report.changes.find((c) => c.name === "org2org");
    expect(connection?.op).toBe("replace");
    expect(connection?.destructive).toMatch(/stops provisioning users/);
    expect(connection?.properties.map((p) => p.path)).toEqual(["appId"]);
  });

  it("flags a delete as destructive and lists what goes", () => {
    const report = analyzePreview(fixture("delete"));
    expect(report.summary).toMatchObject({ delete: 1, destructive: 1 });
    const gone = report.changes[0];
    expect(gone).toMatchObject({ name: "org2org-import", op: "delete" });
    expect(gone.destructive).toMatch(/reset to Okta's disabled defaults/);
    expect(gone.properties).toContainEqual({
      path: "capabilities.importSettings.schedule.status",
      before: "ENABLED",
      after: null,
    });
  });

  it("flags deactivating a connection as destructive though it is an update", () => {
    const report = analyzePreview(fixture("deactivate"));
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({
      name: "zscaler",
      op: "update",
      properties: [{ path: "enabled", before: true, after: false }],
    });
    expect(report.changes[0].destructive).toMatch(/deactivates the provisioning connection/);
  });

  it("shows a changed secret as [secret] on both sides, never its value", () => {
    const report = analyzePreview(fixture("secret-change"));
    expect(report.changes).toEqual([
      expect.objectContaining({
        name: "zscaler",
        op: "update",
        properties: [{ path: "token", before: "[secret]", after: "[secret]" }],
      }),
    ]);
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/zscaler-scim-token|org2org-api-token/);
  });

  it("names the stack it was given over the one in the URNs", () => {
    expect(analyzePreview(fixture("clean"), "prod").stack).toBe("prod");
  });

  it("reports a resource deleted outside Pulumi as drift, and its re-creation as a change", () => {
    const preview = fixture("clean");
    const refresh = preview.steps!.find((s) => s.op === "refresh" && s.urn.endsWith("::zscaler-push"))!;
    preview.steps!.push({ op: "create", urn: refresh.urn, newState: refresh.oldState });
    const report = analyzePreview(preview);
    expect(report.drift).toEqual([expect.objectContaining({ name: "zscaler-push", status: "deleted" })]);
    expect(report.changes).toEqual([expect.objectContaining({ name: "zscaler-push", op: "create" })]);
  });
  // Issue 30: a capability the program starts to manage, already at that value in Okta, read "— → DISABLED" as if
  // it were a change; the Now column shows what Okta has (the feature's effectiveCapabilities).
  it("shows what Okta has now for a capability the program starts to manage", () => {
    const preview = fixture("changes");
    const step = preview.steps!.find((s) => s.op === "update" && s.urn.endsWith("::zscaler-push"))!;
    const capabilities = step.newState!.inputs!.capabilities as Record<string, Record<string, unknown>>;
    capabilities.update.password = { status: "DISABLED" };
    const push = analyzePreview(preview).changes.find((c) => c.name === "zscaler-push");
    expect(push?.properties).toContainEqual({
      path: "capabilities.update.password.status",
      before: "DISABLED",
      after: "DISABLED",
    });
    expect(push?.properties.some((p) => p.before === null)).toBe(false);
  });
});
