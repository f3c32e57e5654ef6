import { analyzePreview, failOnHolds, type PreviewOutput } from "../../../cli/review";
import { fixture } from "./fixtures";

type Inputs = Record<string, unknown>;

/**
 * The recorded preview of a rotated Zscaler token (secret-change.json), with the rotated connection made a
 * three-legged Microsoft 365 one whose admin password is the secret that changed: the same engine output, with
 * the properties an office365 connection has.
 */
function office365Rotation(opts: { settings: unknown; status?: string; change?: (i: Inputs) => Inputs }) {
  const preview = fixture("secret-change") as PreviewOutput;
  const asOffice365 = (props: Inputs | undefined): Inputs | undefined => {
    if (!props) return props;
    const out: Inputs = { ...props, authScheme: "OAUTH2", settings: opts.settings };
    delete out.token;
    delete out.baseUrl;
    if ("appName" in out) out.appName = "office365";
    if ("status" in out && opts.status) out.status = opts.status;
    return out;
  };
  for (const step of preview.steps ?? []) {
    if (!step.urn.endsWith("ProvisioningConnection::zscaler")) continue;
    for (const state of [step.oldState, step.newState]) {
      if (!state) continue;
      state.inputs = asOffice365(state.inputs);
      state.outputs = asOffice365(state.outputs);
    }
    if (step.op === "update" && opts.change && step.newState?.inputs)
      step.newState.inputs = opts.change(step.newState.inputs);
  }
  return preview;
}

describe("review of a three-legged OAuth connection whose profile is re-posted", () => {
  it("flags rotating the Microsoft 365 admin password as destructive: the grant is voided", () => {
    for (const settings of ["[secret]", { adminUsername: "admin@acme.example", adminPassword: "[secret]" }]) {
      const report = analyzePreview(office365Rotation({ settings }));
      const change = report.changes.find((c) => c.name === "zscaler");
      expect(change).toMatchObject({ op: "update" });
      expect(change?.destructive).toBe(
        "re-posts the Microsoft 365 OAuth connection's profile: Okta voids its authorization, and the app " +
          "stops provisioning users until a person authorizes it again (its OAuthConsent waits in `pulumi up`)",
      );
      expect(report.summary.destructive).toBe(1);
      expect(failOnHolds(report, "destructive")).toBe(true);
    }
  });

  it("flags a visible change to the posted profile (the admin user name)", () => {
    const report = analyzePreview(
      office365Rotation({
        settings: { adminUsername: "admin@acme.example", adminPassword: "[secret]" },
        change: (i) => ({ ...i, settings: { adminUsername: "it@acme.example", adminPassword: "[secret]" } }),
      }),
    );
    const change = report.changes.find((c) => c.name === "zscaler");
    expect(change?.properties).toEqual([
      { path: "settings.adminUsername", before: "admin@acme.example", after: "it@acme.example" },
    ]);
    expect(change?.destructive).toMatch(/voids its authorization/);
  });

  it("does not flag it while the connection waits for its first consent: nothing provisions yet", () => {
    const report = analyzePreview(office365Rotation({ settings: "[secret]", status: "DISABLED" }));
    expect(report.changes.find((c) => c.name === "zscaler")?.destructive).toBeUndefined();
  });

  it("leaves a token connection's rotation alone: no grant to void", () => {
    const report = analyzePreview(fixture("secret-change"));
    expect(report.summary.destructive).toBe(0);
  });
});
