import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { PulumiProject } from "./harness/project";
import {
  appOf,
  okta,
  snapshot,
  tokenConnectionConfig,
  writesSince,
  callsSince,
  type Emulator,
} from "./harness/emulator-helpers";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "provisioning");

describe("ProvisioningConnection and ProvisioningFeature on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let credentials: ReturnType<typeof tokenConnectionConfig>;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    // What Okta verifies: a token the emulated Zscaler tenant issued, and an API token of the Org2Org target.
    credentials = tokenConnectionConfig(emulator, "okta-provisioning-e2e");
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-e2e:zscalerAppId": appOf(org, "zscalerbyz").id,
        "okta-provisioning-e2e:org2orgAppId": appOf(org, "okta_org2org").id,
        ...credentials.config,
      },
      secrets: { "okta:apiToken": org.apiToken, ...credentials.secrets },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("deploys, previews no change, sees and repairs drift, and destroys, with the fewest calls", async () => {
    const org = emulator.orgs[0];
    const zscaler = appOf(org, "zscalerbyz").id;
    const org2org = appOf(org, "okta_org2org").id;

    let mark = snapshot(emulator);
    await project.up();
    // Zscaler: one POST ?activate=TRUE + one PUT (appName is given for Org2Org; Zscaler's is looked up once).
    expect(writesSince(emulator, mark)).toBe(4);
    const zscalerConnection = await okta(org, "GET", `/api/v1/apps/${zscaler}/connections/default`);
    expect(zscalerConnection.body).toMatchObject({ status: "ENABLED", profile: { authScheme: "TOKEN" } });
    const push = await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`);
    expect(push.body).toMatchObject({
      status: "ENABLED",
      capabilities: { update: { profile: { status: "ENABLED" }, password: { change: "CHANGE" } } },
    });
    const imports = await okta(org, "GET", `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`);
    expect(imports.body).toMatchObject({
      capabilities: { importSettings: { schedule: { fullImport: { expression: "0 2 * * 0" } } } },
    });

    mark = snapshot(emulator);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    expect(callsSince(emulator, mark)).toBe(0);

    // Someone turns off profile push in the Admin Console.
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    const drift = await project.previewJson(["--refresh"]);
    const pushStep = drift.steps?.find((s) => s.urn.endsWith("::zscaler-push") && s.op === "update");
    expect(pushStep?.oldState?.inputs).toMatchObject({
      capabilities: { update: { profile: { status: "DISABLED" } } },
    });
    expect(pushStep?.newState?.inputs).toMatchObject({
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    const diffText = await project.pulumiOk(["preview", "--refresh", "--diff"]);
    expect(diffText.stdout).toMatch(/status\s*:\s*"DISABLED"\s*=>\s*"ENABLED"/);

    mark = snapshot(emulator);
    await project.up(["--refresh"]);
    expect(writesSince(emulator, mark)).toBe(1); // one PUT of the drifted leaf only
    const repaired = await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`);
    expect(repaired.body).toMatchObject({ capabilities: { update: { profile: { status: "ENABLED" } } } });
    await project.pulumiOk(["preview", "--expect-no-changes"]);

    // No secret in clear anywhere in the state.
    const exported = JSON.stringify(await project.stackExport());
    for (const secret of [credentials.zscaler.token, credentials.org2org.token, org.apiToken])
      expect(exported).not.toContain(secret);

    // The serialized provider requires the implementation by name: small, whatever the program.
    const resources = await project.resources();
    const providerSizes = resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/okta-provisioning:"))
      .map((r) => String(r.outputs?.__provider ?? "").length);
    expect(providerSizes.length).toBe(4);
    expect(Math.max(...providerSizes)).toBeLessThan(16 * 1024);
    process.stderr.write(`__provider bytes per resource: ${providerSizes.join(", ")}\n`);

    mark = snapshot(emulator);
    await project.destroy();
    // Two features reset (PUT) and two connections deactivated.
    expect(writesSince(emulator, mark)).toBe(4);
    const after = await okta(org, "GET", `/api/v1/apps/${zscaler}/connections/default`);
    expect(after.body).toMatchObject({ status: "DISABLED" });
  });

  it("adopts a connection and a feature configured out of band: no write when they match, one when a property differs", async () => {
    const org = emulator.orgs[0];
    const zscaler = appOf(org, "zscalerbyz").id;
    const org2org = appOf(org, "okta_org2org").id;
    // Configured by hand, exactly as the program says.
    await okta(org, "POST", `/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      baseUrl: credentials.zscaler.baseUrl,
      profile: { authScheme: "TOKEN", token: credentials.zscaler.token },
    });
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: {
        profile: { status: "ENABLED" },
        lifecycleDeactivate: { status: "ENABLED" },
        password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
      },
    });
    await okta(org, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
      baseUrl: credentials.org2org.baseUrl,
      profile: { authScheme: "TOKEN", token: credentials.org2org.token },
    });
    await okta(org, "PUT", `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`, {
      importSettings: {
        username: { usernameFormat: "EMAIL" },
        schedule: {
          status: "ENABLED",
          fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
          incrementalImport: { expression: "0 */6 * * *", timezone: "America/New_York" },
        },
      },
      importRules: {
        userCreateAndMatch: {
          exactMatchCriteria: "EMAIL",
          allowPartialMatch: false,
          autoConfirmExactMatch: true,
          autoActivateNewUsers: true,
        },
      },
    });

    await project.setConfig("okta-provisioning-e2e:adopt", "true");
    let mark = snapshot(emulator);
    await project.up();
    expect(writesSince(emulator, mark)).toBe(0);
    await project.pulumiOk(["preview", "--expect-no-changes"]);

    // Now one property differs from the org: adoption writes only that.
    await project.destroy([
      "--target",
      await project.urnOf("zscaler-push"),
      "--target",
      await project.urnOf("zscaler"),
    ]);
    await okta(org, "POST", `/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      baseUrl: credentials.zscaler.baseUrl,
      profile: { authScheme: "TOKEN", token: credentials.zscaler.token },
    });
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: {
        profile: { status: "DISABLED" },
        lifecycleDeactivate: { status: "ENABLED" },
        password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
      },
    });
    mark = snapshot(emulator);
    await project.up();
    expect(writesSince(emulator, mark)).toBe(1);
    const live = await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`);
    expect(live.body).toMatchObject({ capabilities: { update: { profile: { status: "ENABLED" } } } });
    await project.destroy();
  });
});
