/**
 * The native provider plugin under a YAML program on the real CLI, against the emulator, installed from the release's
 * plugin archive with the README's command (`pulumi plugin install --file`, test/e2e/harness/native.ts): two orgs through two explicit providers, a no-op preview
 * with no call, drift seen by a refreshed preview and named by the engine's detailed diff, repaired by
 * `up --refresh`, `pulumi import` (one id, and `--file`) of what an admin configured by hand, bad input refused at
 * preview with no call, destroy deactivating and resetting, and no secret in state or output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { startEmulator } from "../../emulator";
import { PulumiProject, type CommandResult } from "./harness/project";
import type { ZscalerTenant } from "../../emulator";
import { appOf, callsSince, okta, snapshot, writesSince, type Emulator } from "./harness/emulator-helpers";
import { nativeArtifacts, placeArtifacts, runReadmeCommands } from "./harness/native";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "plugin-yaml");
const CONNECTION = "okta-provisioning:index:ProvisioningConnection";
const FEATURE = "okta-provisioning:index:ProvisioningFeature";

describe("the native provider plugin from a YAML program on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  // Credentials the emulator verifies, as Okta does: a Zscaler tenant per org, and org2 as org1's Org2Org target.
  let ZSCALER_TOKEN: string;
  let ORG2ORG_TOKEN: string;
  let org2Zscaler: ZscalerTenant;
  /** Everything any pulumi command printed: no secret may appear in it. */
  const printed: string[] = [];
  const run = async (args: string[]): Promise<CommandResult> => {
    const result = await project.pulumi(args);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const ok = async (args: string[]): Promise<CommandResult> => {
    const result = await run(args);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 2 });
    const [org1, org2] = emulator.orgs;
    ZSCALER_TOKEN = emulator.zscalerTenants[0].token;
    ORG2ORG_TOKEN = org2.apiToken;
    org2Zscaler = emulator.addZscalerTenant();
    project = await PulumiProject.create({
      programDir: PROGRAM,
      nodeModules: false,
      config: {
        // The default provider (used by `pulumi import`) reads the same keys as an explicit one, namespaced.
        "okta-provisioning:orgUrl": org1.url,
        "okta-provisioning-plugin-e2e:org1Url": org1.url,
        "okta-provisioning-plugin-e2e:org2Url": org2.url,
        "okta-provisioning-plugin-e2e:zscalerAppId": appOf(org1, "zscalerbyz").id,
        "okta-provisioning-plugin-e2e:org2ZscalerAppId": appOf(org2, "zscalerbyz").id,
        "okta-provisioning-plugin-e2e:zscalerBaseUrl": emulator.zscalerTenants[0].baseUrl,
        "okta-provisioning-plugin-e2e:org2ZscalerBaseUrl": org2Zscaler.baseUrl,
      },
      secrets: {
        "okta-provisioning:apiToken": org1.apiToken,
        "okta-provisioning-plugin-e2e:org1Token": org1.apiToken,
        "okta-provisioning-plugin-e2e:org2Token": org2.apiToken,
        "okta-provisioning-plugin-e2e:zscalerToken": ZSCALER_TOKEN,
        "okta-provisioning-plugin-e2e:org2ZscalerToken": org2Zscaler.token,
      },
    });
    placeArtifacts(nativeArtifacts(), project.dir);
    runReadmeCommands("plugin", project.dir, project.env);
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("deploys to two orgs, previews no change, names drift exactly, repairs it, imports by hand-made ids, refuses bad input and destroys", async () => {
    const [org1, org2] = emulator.orgs;
    const zscaler = appOf(org1, "zscalerbyz").id;
    const org2ZscalerApp = appOf(org2, "zscalerbyz").id;
    const org2org = appOf(org1, "okta_org2org").id;

    // ---- up: each explicit provider writes to its own org.
    await ok(["up", "--yes", "--skip-preview"]);
    expect((await okta(org1, "GET", `/api/v1/apps/${zscaler}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
      profile: { authScheme: "TOKEN" },
    });
    expect(
      (await okta(org2, "GET", `/api/v1/apps/${org2ZscalerApp}/connections/default`)).body,
    ).toMatchObject({
      status: "ENABLED",
      baseUrl: org2Zscaler.baseUrl,
    });
    // Okta hides a feature while its connection is off: switched on again by hand, it shows the reset.
    await okta(org1, "POST", `/api/v1/apps/${zscaler}/connections/default/lifecycle/activate`);
    expect(
      (await okta(org1, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`)).body,
    ).toMatchObject({
      capabilities: { update: { profile: { status: "ENABLED" }, password: { change: "CHANGE" } } },
    });
    expect(await project.outputs()).toMatchObject({ zscalerStatus: "ENABLED", org2Status: "ENABLED" });

    // ---- a preview of an unchanged program: no change, and not one call to Okta.
    let mark = snapshot(emulator);
    await ok(["preview", "--expect-no-changes"]);
    expect(callsSince(emulator, mark)).toBe(0);

    // ---- drift made in the Admin Console: a refreshed preview names exactly that property, and writes nothing.
    await okta(org1, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    mark = snapshot(emulator);
    const drift = JSON.parse((await ok(["preview", "--refresh", "--json"])).stdout) as {
      steps: { op: string; urn: string; detailedDiff?: Record<string, { kind: string }> }[];
    };
    const updates = drift.steps.filter((s) => s.op === "update");
    expect(updates.map((s) => s.urn.split("::").pop())).toEqual(["zscalerPush"]);
    expect(updates[0].detailedDiff).toEqual({
      "capabilities.update.profile.status": { kind: "update", inputDiff: true },
    });
    const diffText = (await ok(["preview", "--refresh", "--diff"])).stdout;
    // The update the refresh leads to (after the refresh steps, which show what Okta now has) changes one leaf.
    const update = diffText.slice(diffText.indexOf("ProvisioningFeature: (update)"));
    expect(update).toMatch(/~ status\s*:\s*"DISABLED"\s*=>\s*"ENABLED"/);
    expect(update.match(/=>/g)).toHaveLength(1);
    expect(writesSince(emulator, mark)).toBe(0);

    mark = snapshot(emulator);
    await ok(["up", "--yes", "--skip-preview", "--refresh"]);
    expect(writesSince(emulator, mark)).toBe(1); // one PUT of the drifted leaf
    // Okta hides a feature while its connection is off: switched on again by hand, it shows the reset.
    await okta(org1, "POST", `/api/v1/apps/${zscaler}/connections/default/lifecycle/activate`);
    expect(
      (await okta(org1, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`)).body,
    ).toMatchObject({
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });

    // ---- an admin configured Org2Org by hand, to org2 (recorded shape: the target's URL beside the profile):
    // import its connection by id and its feature from a file.
    await okta(org1, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
      baseUrl: org2.url,
      profile: { authScheme: "TOKEN", token: ORG2ORG_TOKEN },
    });
    await okta(org1, "PUT", `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`, {
      importSettings: {
        username: { usernameFormat: "EMAIL" },
        schedule: {
          status: "ENABLED",
          fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
        },
      },
      importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL", autoConfirmExactMatch: true } },
    });
    const importFile = path.join(project.dir, "import.json");
    fs.writeFileSync(
      importFile,
      JSON.stringify({
        resources: [{ type: FEATURE, name: "org2orgImports", id: `${org2org}/INBOUND_PROVISIONING` }],
      }),
    );
    mark = snapshot(emulator);
    const single = await ok([
      "import",
      CONNECTION,
      "org2org",
      org2org,
      "--yes",
      "--protect=false",
      "--out",
      "c.yaml",
    ]);
    // Okta never returns the token, and the import's inputs pass the check all the same: no "almost certainly a
    // bug in the provider" warning, and code Pulumi writes without a diagnostic.
    expect(single.output).not.toMatch(/warning|failed to validate|bug in the/i);
    const fromFile = await ok([
      "import",
      "--file",
      importFile,
      "--yes",
      "--protect=false",
      "--out",
      "f.yaml",
    ]);
    expect(fromFile.output).not.toMatch(/warning|error generating|unexpected schema type/i);
    expect(writesSince(emulator, mark)).toBe(0);

    // The generated code, copied into the program (plus the token Okta cannot show), is the org: no change.
    const program = YAML.parse(fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8"));
    for (const file of ["c.yaml", "f.yaml"]) {
      Object.assign(
        program.resources,
        YAML.parse(fs.readFileSync(path.join(project.dir, file), "utf8")).resources,
      );
    }
    expect(program.resources.org2org.properties).toMatchObject({
      appId: org2org,
      appName: "okta_org2org",
      baseUrl: org2.url,
    });
    expect(program.resources.org2orgImports.properties.capabilities).toMatchObject({
      importSettings: { schedule: { fullImport: { expression: "0 2 * * 0" } } },
    });
    program.resources.org2org.properties.token = { "fn::secret": ORG2ORG_TOKEN };
    fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), YAML.stringify(program));
    mark = snapshot(emulator);
    await ok(["preview", "--expect-no-changes"]);
    expect(callsSince(emulator, mark)).toBe(0);

    // ---- bad input: refused at preview, the property and the provider key named, no call to either org.
    await project.setConfig("okta-provisioning-plugin-e2e:passwordChange", "CYCLE");
    mark = snapshot(emulator);
    const badInput = await run(["preview"]);
    expect(badInput.code).not.toBe(0);
    expect(badInput.stdout).toMatch(
      /zscalerPush.*has a problem: capabilities\.update\.password\.change: "CYCLE" is not allowed: use one of "CHANGE", "KEEP_EXISTING"/,
    );
    await project.setConfig("okta-provisioning-plugin-e2e:passwordChange", "CHANGE");
    // A provider's bad org URL (CheckConfig) stops the preview before any resource of that provider is read.
    await project.setConfig("okta-provisioning-plugin-e2e:org2Url", "https://acme-admin.okta.com");
    const badOrg = await run(["preview"]);
    expect(badOrg.code).not.toBe(0);
    // The key is named in the reason: the engine would print the value of a property named as failing.
    expect(badOrg.stdout).toMatch(
      /'second' has a problem: okta-provisioning:orgUrl is the Admin Console address/,
    );
    expect(callsSince(emulator, mark)).toBe(0);
    await project.setConfig("okta-provisioning-plugin-e2e:org2Url", org2.url);

    // ---- no secret in the state, and secret outputs stay secret.
    const state = JSON.stringify(await project.stackExport());
    const outputs = await ok(["stack", "output", "--json"]);
    for (const secret of [ZSCALER_TOKEN, ORG2ORG_TOKEN, org1.apiToken, org2.apiToken]) {
      expect(state).not.toContain(secret);
      expect(outputs.stdout).not.toContain(secret);
    }
    expect(JSON.parse(outputs.stdout).zscalerToken).toBe("[secret]");

    // ---- destroy: every connection deactivated, every feature back to Okta's disabled defaults.
    mark = snapshot(emulator);
    await ok(["destroy", "--yes", "--skip-preview"]);
    expect(writesSince(emulator, mark)).toBe(5); // 3 connections deactivated, 2 features reset
    for (const [org, app] of [
      [org1, zscaler],
      [org2, org2ZscalerApp],
      [org1, org2org],
    ] as const) {
      expect((await okta(org, "GET", `/api/v1/apps/${app}/connections/default`)).body).toMatchObject({
        status: "DISABLED",
      });
    }
    // Okta hides a feature while its connection is off: switched on again by hand, it shows the reset.
    await okta(org1, "POST", `/api/v1/apps/${zscaler}/connections/default/lifecycle/activate`);
    expect(
      (await okta(org1, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`)).body,
    ).toMatchObject({
      capabilities: { update: { profile: { status: "DISABLED" }, password: { status: "DISABLED" } } },
    });

    for (const text of printed) {
      // Installed with `pulumi plugin install`: the engine says nothing about a plugin found on PATH.
      expect(text).not.toMatch(/from \$PATH/);
      for (const secret of [ZSCALER_TOKEN, ORG2ORG_TOKEN, org1.apiToken, org2.apiToken]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("reads what an admin configured with get and fn::invoke, from a named org and through an explicit provider, writing nothing", async () => {
    const [org1, org2] = emulator.orgs;
    const app = appOf(org2, "zscalerbyz").id;
    // Configured by hand in org2 (the stack above was destroyed): the connection enabled, profile push on.
    await okta(org2, "POST", `/api/v1/apps/${app}/connections/default?activate=TRUE`, {
      baseUrl: org2Zscaler.baseUrl,
      profile: { authScheme: "TOKEN", token: org2Zscaler.token },
    });
    await okta(org2, "PUT", `/api/v1/apps/${app}/features/USER_PROVISIONING`, {
      update: { profile: { status: "ENABLED" } },
    });
    // The default provider reaches org2 as the named org emea; the explicit provider `second` is org2 itself.
    await ok(["config", "set", "--path", "okta-provisioning:orgs.emea.orgUrl", org2.url]);
    await project.pulumiOk(["config", "set", "--path", "--secret", "okta-provisioning:orgs.emea.apiToken"], {
      input: `${org2.apiToken}\n`,
    });
    fs.writeFileSync(
      path.join(project.dir, "Pulumi.yaml"),
      YAML.stringify({
        name: "okta-provisioning-plugin-e2e",
        runtime: "yaml",
        config: { org2Url: { type: "string" }, org2Token: { type: "string", secret: true } },
        resources: {
          second: {
            type: "pulumi:providers:okta-provisioning",
            properties: { orgUrl: "${org2Url}", apiToken: "${org2Token}" },
          },
          lookedUp: { type: CONNECTION, get: { id: app, state: { org: "emea" } } },
          lookedUpPush: {
            type: FEATURE,
            get: { id: `${app}/USER_PROVISIONING` },
            options: { provider: "${second}" },
          },
        },
        variables: {
          connection: {
            "fn::invoke": {
              function: "okta-provisioning:index:getProvisioningConnection",
              arguments: { appId: app, org: "emea" },
            },
          },
          feature: {
            "fn::invoke": {
              function: "okta-provisioning:index:getProvisioningFeature",
              arguments: { appId: app, name: "USER_PROVISIONING" },
              options: { provider: "${second}" },
            },
          },
        },
        outputs: {
          lookedUpStatus: "${lookedUp.status}",
          lookedUpOrg: "${lookedUp.org}",
          lookedUpProfilePush: "${lookedUpPush.capabilities.update.profile.status}",
          connectionAppName: "${connection.appName}",
          connectionBaseUrl: "${connection.baseUrl}",
          featureProfilePush: "${feature.capabilities.update.profile.status}",
        },
      }),
    );
    const mark = snapshot(emulator);
    const org1Reads = emulator.counters(org1.name).reads;
    await ok(["up", "--yes", "--skip-preview"]);
    expect(await project.outputs()).toEqual({
      lookedUpStatus: "ENABLED",
      lookedUpOrg: "emea",
      lookedUpProfilePush: "ENABLED",
      connectionAppName: "zscalerbyz",
      connectionBaseUrl: org2Zscaler.baseUrl,
      featureProfilePush: "ENABLED",
    });
    expect(writesSince(emulator, mark)).toBe(0);
    // Nothing was read from org1, where the app id is another app's (or none).
    expect(emulator.counters(org1.name).reads).toBe(org1Reads);
    const state = JSON.stringify(await project.stackExport());
    for (const secret of [org2Zscaler.token, org2.apiToken]) expect(state).not.toContain(secret);

    // A function's bad argument is refused naming it, before any call.
    const before = snapshot(emulator);
    const program = YAML.parse(fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8"));
    program.variables.feature["fn::invoke"].arguments.name = "USER_PROVISIONNING";
    fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), YAML.stringify(program));
    const refused = await run(["preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/USER_PROVISIONNING.*USER_PROVISIONING/);
    expect(writesSince(emulator, before)).toBe(0);
  });
});
