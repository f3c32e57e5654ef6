/**
 * The review of plugin stacks: the native provider's resources have their own type tokens, and the engine has the
 * provider's detailed diff, which the review reads instead of comparing states. The previews here are in the shape
 * `pulumi preview --refresh --json` prints (pkg/display/json.go: `detailedDiff: {path: {kind, inputDiff}}`).
 */
import { analyzePreview, type PreviewOutput } from "../../../cli/review";
import { changesFromDetailedDiff, formatPath, parsePath } from "../../../cli/review/detailed-diff";
import { fixture } from "./fixtures";

const APP = "0oa1zscaler0000000001";
const GOOGLE = "0oa1google00000000001";
const URN = (type: string, name: string) => `urn:pulumi:dev::acme::${type}::${name}`;
const CONNECTION = "okta-provisioning:index:ProvisioningConnection";
const FEATURE = "okta-provisioning:index:ProvisioningFeature";
const PROVIDER = "pulumi:providers:okta-provisioning";

const featureState = (profile: string, password: string, effective = profile) => ({
  type: FEATURE,
  id: `${APP}/USER_PROVISIONING`,
  inputs: {
    appId: APP,
    name: "USER_PROVISIONING",
    adopt: false,
    capabilities: { update: { profile: { status: profile }, password: { status: password } } },
  },
  outputs: {
    appId: APP,
    name: "USER_PROVISIONING",
    adopt: false,
    capabilities: { update: { profile: { status: profile }, password: { status: password } } },
    effectiveCapabilities: { update: { profile: { status: effective }, password: { status: password } } },
    status: "ENABLED",
  },
});

const connectionState = (appId: string, appName: string, enabled: boolean, token = "[secret]") => ({
  type: CONNECTION,
  id: appId,
  inputs: {
    appId,
    appName,
    authScheme: appName === "google" ? "OAUTH2" : "TOKEN",
    enabled,
    adopt: false,
    token,
  },
  outputs: {
    appId,
    appName,
    authScheme: appName === "google" ? "OAUTH2" : "TOKEN",
    enabled,
    adopt: false,
    token,
    status: enabled ? "ENABLED" : "DISABLED",
  },
});

function preview(steps: PreviewOutput["steps"]): PreviewOutput {
  return {
    steps: [
      { op: "same", urn: URN("pulumi:pulumi:Stack", "acme-dev") },
      { op: "same", urn: URN(PROVIDER, "emea"), newState: { type: PROVIDER, inputs: { orgUrl: "x" } } },
      ...(steps ?? []),
    ],
  };
}

describe("okta-provisioning review of a plugin stack", () => {
  it("takes the changed properties from the engine's detailed diff, not from comparing the states", () => {
    const urn = URN(FEATURE, "zscaler-push");
    const live = featureState("ENABLED", "ENABLED", "DISABLED");
    const report = analyzePreview(
      preview([
        {
          op: "update",
          urn,
          oldState: live,
          // `adopt` only matters at create: the provider does not count it as a change, nor does the review.
          newState: {
            ...featureState("DISABLED", "ENABLED"),
            inputs: { ...featureState("DISABLED", "ENABLED").inputs, adopt: true },
          },
          diffReasons: ["capabilities"],
          detailedDiff: { "capabilities.update.profile.status": { kind: "update", inputDiff: false } },
        },
      ]),
    );
    expect(report.changes).toEqual([
      {
        urn,
        type: FEATURE,
        name: "zscaler-push",
        kind: `ProvisioningFeature USER_PROVISIONING of app ${APP}`,
        op: "update",
        properties: [{ path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" }],
      },
    ]);
    // The provider instance and the stack are not findings.
    expect(report.summary).toMatchObject({ update: 1, unchanged: 0, drifted: 0 });
  });

  it("lists the changed leaves under an object the detailed diff names as a whole", () => {
    const report = analyzePreview(
      preview([
        {
          op: "update",
          urn: URN(FEATURE, "zscaler-push"),
          oldState: featureState("ENABLED", "ENABLED"),
          newState: featureState("DISABLED", "DISABLED"),
          detailedDiff: { capabilities: { kind: "update", inputDiff: true } },
        },
      ]),
    );
    expect(report.changes[0].properties).toEqual([
      { path: "capabilities.update.password.status", before: "ENABLED", after: "DISABLED" },
      { path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" },
    ]);
  });

  it("names a changed token as a secret, and a connection turned off as destructive", () => {
    const urn = URN(CONNECTION, "zscaler");
    const report = analyzePreview(
      preview([
        { op: "refresh", urn, oldState: connectionState(APP, "zscalerbyz", true) },
        {
          op: "update",
          urn,
          oldState: connectionState(APP, "zscalerbyz", true),
          newState: connectionState(APP, "zscalerbyz", false),
          detailedDiff: {
            token: { kind: "update", inputDiff: true },
            enabled: { kind: "update", inputDiff: true },
          },
        },
      ]),
    );
    expect(report.changes[0]).toMatchObject({
      kind: `ProvisioningConnection of app ${APP} (zscalerbyz)`,
      properties: [
        { path: "enabled", before: true, after: false },
        { path: "token", before: "[secret]", after: "[secret]" },
      ],
      destructive: expect.stringMatching(/deactivates the provisioning connection/),
    });
    // Okta never returns the token: a refresh of a plugin connection cannot verify it either.
    expect(report.unverifiable).toEqual([
      expect.objectContaining({
        name: "zscaler",
        path: "token",
        reason: expect.stringMatching(/never returns/),
      }),
    ]);
  });

  it("warns that re-posting a three-legged connection's profile voids its consent, as for the dynamic one", () => {
    const urn = URN(CONNECTION, "google");
    const live = connectionState(GOOGLE, "google", true);
    const report = analyzePreview(
      preview([
        {
          op: "update",
          urn,
          oldState: live,
          newState: {
            ...live,
            inputs: { ...live.inputs, authScheme: "OAUTH2", signing: { rotationMode: "AUTO" } },
          },
          detailedDiff: { signing: { kind: "add", inputDiff: true } },
        },
      ]),
    );
    expect(report.changes[0].properties).toEqual([
      { path: "signing.rotationMode", before: null, after: "AUTO" },
    ]);
    expect(report.changes[0].destructive).toMatch(/voids its authorization/);
  });

  it("calls a plugin feature's delete destructive, with the values it had", () => {
    const urn = URN(FEATURE, "zscaler-push");
    const report = analyzePreview(
      preview([{ op: "delete", urn, oldState: featureState("ENABLED", "ENABLED") }]),
    );
    expect(report.changes[0]).toMatchObject({
      op: "delete",
      destructive: expect.stringMatching(/reset to Okta's disabled defaults/),
    });
  });

  it("reads drift from the refresh as for dynamic resources, with the detailed diff for the repair", () => {
    const urn = URN(FEATURE, "zscaler-push");
    const report = analyzePreview(
      preview([
        {
          op: "refresh",
          urn,
          oldState: featureState("ENABLED", "ENABLED"),
          newState: featureState("ENABLED", "ENABLED"),
        },
        {
          op: "update",
          urn,
          oldState: featureState("DISABLED", "ENABLED"),
          newState: featureState("ENABLED", "ENABLED"),
          detailedDiff: { "capabilities.update.profile.status": { kind: "update", inputDiff: true } },
        },
      ]),
    );
    expect(report.drift[0].properties).toEqual([
      { path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" },
    ]);
    expect(report.changes[0].properties).toEqual([
      {
        path: "capabilities.update.profile.status",
        before: "DISABLED",
        after: "ENABLED",
        revertsDrift: true,
      },
    ]);
  });
});

describe("Pulumi's property paths in a detailed diff", () => {
  it("parses names, elements and quoted keys, and writes them as the review does", () => {
    expect(parsePath("capabilities.update.profile.status")).toEqual([
      "capabilities",
      "update",
      "profile",
      "status",
    ]);
    expect(parsePath('scopes[1].a["b.c"]')).toEqual(["scopes", 1, "a", "b.c"]);
    expect(formatPath(["scopes", 1, "a", "b.c"])).toBe('scopes[1].a["b.c"]');
    expect(parsePath(".a")).toBeUndefined();
    expect(parsePath("a[x]")).toBeUndefined();
  });

  it("values a removed property from the live state, and an added one from the program", () => {
    const live = { inputs: { a: { b: 1 } } };
    expect(
      changesFromDetailedDiff({ "a.b": { kind: "delete", inputDiff: true }, c: { kind: "add" } }, live, {
        c: [1],
      }),
    ).toEqual([
      { path: "a.b", before: 1, after: null },
      { path: "c", before: null, after: [1] },
    ]);
  });
});

/** Real previews of a plugin YAML program (test/fixtures/review/record-plugin.ts). */
describe("okta-provisioning review over recorded plugin previews", () => {
  it("reports a clean plugin stack as clean, but for the token Okta cannot return", () => {
    const report = analyzePreview(fixture("plugin-clean"));
    expect(report.summary).toMatchObject({ drifted: 0, update: 0, unchanged: 2 });
    expect(report.unverifiable.map((u) => `${u.name}.${u.path}`)).toEqual(["zscaler.token"]);
  });

  it("reports drift and the planned changes, property by property as the plugin's detailed diff names them", () => {
    const report = analyzePreview(fixture("plugin-drift-and-changes"));
    expect(report.drift.find((d) => d.name === "zscaler")?.properties).toEqual([
      { path: "enabled", before: true, after: false },
      { path: "status", before: "ENABLED", after: "DISABLED" },
    ]);
    expect(report.changes.map((c) => [c.name, c.type, c.properties, c.destructive])).toEqual([
      [
        "zscaler",
        CONNECTION,
        [{ path: "enabled", before: false, after: true, revertsDrift: true }],
        undefined,
      ],
      [
        "zscaler-push",
        FEATURE,
        // Okta reset the feature when the connection was turned off: the declared create push is to be put back.
        [
          { path: "capabilities.create.lifecycleCreate.status", before: null, after: "ENABLED" },
          { path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" },
        ],
        undefined,
      ],
    ]);
  });

  it("names a rotated token, which no state shows, because the plugin's detailed diff does", () => {
    const report = analyzePreview(fixture("plugin-secret-change"));
    expect(report.changes).toEqual([
      expect.objectContaining({
        name: "zscaler",
        op: "update",
        properties: [{ path: "token", before: "[secret]", after: "[secret]" }],
      }),
    ]);
    expect(JSON.stringify(report)).not.toMatch(/zscaler-scim-token/);
  });
});
