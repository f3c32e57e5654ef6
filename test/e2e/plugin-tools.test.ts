/**
 * The package's commands on stacks of the native provider plugin (issue 20), on the real CLI with YAML programs:
 * an org configured by hand adopted with `adopt --format import-file` and Pulumi's own `pulumi import --file`
 * (then no changes), the review of its drift and changes read from the engine's detailed diff, and a rollout over
 * two orgs. The plugin is the packed package's `pulumi-resource-okta-provisioning`, on PATH from node_modules/.bin.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorOrg } from "../../emulator";
import type { ReviewReport } from "../../cli/review";
import type { RolloutSummary } from "../../cli/rollout";
import { appOf, okta, snapshot, writesSince, type Emulator } from "./harness/emulator-helpers";
import { pulumiBinDir } from "./harness/engine";
import { installPackedPackage } from "./harness/package-install";
import { PulumiProject, type PreviewJson } from "./harness/project";
import { pulumiEnvOf } from "./review-env";

jest.setTimeout(300_000);

const PROGRAMS = path.join(__dirname, "programs");
const PLUGIN = "okta-provisioning:index:";
// Credentials each test's emulator verifies, as Okta does (set when it starts): none is invented.
let ZSCALER_TOKEN: string;
let ORG2ORG_TOKEN: string;

const modules = () => process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage();
/** The plugin's launcher first on PATH, as `node_modules/.bin` is for a user who installed the package. */
const pluginPath = () =>
  [path.join(modules(), ".bin"), pulumiBinDir(), process.env.PATH ?? ""].join(path.delimiter);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The installed `okta-provisioning` command. Asynchronous: the emulator answers from this very process. */
function cli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Run> {
  const entry = path.join(modules(), "pulumi-okta-provisioning", "dist", "cli", "index.js");
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd,
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The config key the program reads a resource's token from: `zscaler-2-0` → `zscaler20Token`. */
const tokenKey = (resource: string) => `${resource.replace(/[^A-Za-z0-9]/g, "")}Token`;

/**
 * Adds `token: ${KEY}` to a resource of the YAML program `pulumi import` generated: what adopt's summary tells the
 * user to do for each value Okta never returns.
 */
function addToken(program: string, resource: string): string {
  const start = program.indexOf(`\n  ${resource}:\n`);
  const props = program.indexOf("    properties:\n", start);
  if (start < 0 || props < 0)
    throw new Error(`no resource ${resource} with properties in the generated program`);
  const at = props + "    properties:\n".length;
  return `${program.slice(0, at)}      token: \${${tokenKey(resource)}}\n${program.slice(at)}`;
}

describe("adopt --format import-file, pulumi import and review on a plugin stack", () => {
  let emulator: Emulator;
  let project: PulumiProject | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, rateLimit: false });
    ZSCALER_TOKEN = emulator.zscalerTenants[0].token;
    ORG2ORG_TOKEN = emulator.orgs[0].apiToken;
  });
  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("imports an org configured by hand with Pulumi's own import, with no change after; review reads the detailed diff", async () => {
    const org = emulator.orgs[0];
    const zscaler = appOf(org, "zscalerbyz").id;
    const org2org = appOf(org, "okta_org2org").id;
    // An admin's work in the Admin Console: Zscaler with push of new users and profiles, Org2Org importing users.
    await okta(org, "POST", `/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      baseUrl: emulator.zscalerTenants[0].baseUrl,
      profile: { authScheme: "TOKEN", token: ZSCALER_TOKEN },
    });
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" } },
    });
    // The org is its own Org2Org target: its URL beside the profile, as Okta records it.
    await okta(org, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
      baseUrl: org.url,
      profile: { authScheme: "TOKEN", token: ORG2ORG_TOKEN },
    });

    const root = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-plugin-import-"));
    const file = path.join(root, "org.import.json");
    let mark = snapshot(emulator);
    const adopted = await cli(["adopt", "--org-url", org.url, "--format", "import-file", "--out", file], {
      OKTA_API_TOKEN: org.apiToken,
    });
    expect(adopted.stderr).not.toMatch(/^okta-provisioning:/m);
    expect(adopted.code).toBe(0);
    expect(writesSince(emulator, mark)).toBe(0);
    const spec = JSON.parse(fs.readFileSync(file, "utf8")) as {
      resources: { type: string; name: string; id: string }[];
    };
    expect(spec.resources.map((r) => [r.type.replace(PLUGIN, ""), r.name, r.id])).toEqual([
      ["ProvisioningConnection", "okta-org2org", org2org],
      ["ProvisioningFeature", "okta-org2org-to-app", `${org2org}/USER_PROVISIONING`],
      ["ProvisioningFeature", "okta-org2org-to-okta", `${org2org}/INBOUND_PROVISIONING`],
      ["ProvisioningConnection", "zscaler-2-0", zscaler],
      ["ProvisioningFeature", "zscaler-2-0-to-app", `${zscaler}/USER_PROVISIONING`],
    ]);
    const missing = [...adopted.stdout.matchAll(/^ {2}(\S+): token \(/gm)].map((m) => m[1]);
    expect(missing.sort()).toEqual(["okta-org2org", "zscaler-2-0"]);

    project = await PulumiProject.create({
      programDir: path.join(PROGRAMS, "plugin-import"),
      config: { "okta-provisioning:orgUrl": org.url },
      secrets: {
        "okta-provisioning:apiToken": org.apiToken,
        [tokenKey("zscaler-2-0")]: ZSCALER_TOKEN,
        [tokenKey("okta-org2org")]: ORG2ORG_TOKEN,
      },
      env: { PATH: pluginPath() },
    });
    const generated = path.join(project.dir, "imported.yaml");
    fs.copyFileSync(file, path.join(project.dir, "org.import.json"));
    fs.rmSync(root, { recursive: true, force: true });
    mark = snapshot(emulator);
    await project.pulumiOk(["import", "--file", "org.import.json", "--yes", "--out", generated]);
    expect(writesSince(emulator, mark)).toBe(0);
    const state = await project.resources();
    expect(
      state
        .filter((r) => r.type.startsWith(PLUGIN))
        .map((r) => [r.urn.split("::").pop(), r.id])
        .sort(),
    ).toEqual(spec.resources.map((r) => [r.name, r.id]).sort());

    // The generated code, with the tokens Okta cannot return read from secret config, is the program.
    let code = fs.readFileSync(generated, "utf8");
    expect(code).toMatch(/type: okta-provisioning:ProvisioningConnection/);
    // Both connections' base URLs, as Okta reports them: the Zscaler tenant's, and Org2Org's target org.
    expect(code).toContain(`baseUrl: ${emulator.zscalerTenants[0].baseUrl}`);
    expect(code).toContain(`baseUrl: ${org.url}`);
    for (const resource of missing) code = addToken(code, resource);
    const programFile = path.join(project.dir, "Pulumi.yaml");
    fs.appendFileSync(programFile, code);
    mark = snapshot(emulator);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    expect(writesSince(emulator, mark)).toBe(0);

    // Drift by hand (Zscaler's profile push turned off) and a change in the program (deactivation pushed too).
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    const program = fs.readFileSync(programFile, "utf8");
    const feature = program.indexOf("\n  zscaler-2-0-to-app:\n");
    const deactivate = program.indexOf("lifecycleDeactivate:\n            status: DISABLED", feature);
    expect(deactivate).toBeGreaterThan(feature);
    fs.writeFileSync(
      programFile,
      program.slice(0, deactivate) +
        "lifecycleDeactivate:\n            status: ENABLED" +
        program.slice(deactivate + "lifecycleDeactivate:\n            status: DISABLED".length),
    );
    const preview = await project.pulumiOk(["preview", "--refresh", "--json"]);
    const steps = (JSON.parse(preview.stdout) as PreviewJson).steps ?? [];
    const update = steps.find((s) => s.op === "update" && s.urn.endsWith("::zscaler-2-0-to-app"));
    // The plugin's detailed diff reaches the engine: exactly the two leaves the update changes.
    expect(Object.keys((update?.detailedDiff ?? {}) as object).sort()).toEqual([
      "capabilities.update.lifecycleDeactivate.status",
      "capabilities.update.profile.status",
    ]);
    const saved = path.join(path.dirname(project.dir), "preview.json");
    fs.writeFileSync(saved, preview.stdout);
    const reviewed = await cli(
      ["review", "--from", saved, "--format", "json"],
      { ...pulumiEnvOf(project), PATH: pluginPath() },
      project.dir,
    );
    expect(reviewed.stderr).not.toMatch(/^okta-provisioning:/m);
    const report = JSON.parse(reviewed.stdout) as ReviewReport;
    expect(report.drift).toEqual([
      expect.objectContaining({
        name: "zscaler-2-0-to-app",
        type: `${PLUGIN}ProvisioningFeature`,
        kind: `ProvisioningFeature USER_PROVISIONING of app ${zscaler}`,
        properties: [{ path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" }],
      }),
    ]);
    expect(report.changes).toEqual([
      expect.objectContaining({
        name: "zscaler-2-0-to-app",
        op: "update",
        properties: [
          { path: "capabilities.update.lifecycleDeactivate.status", before: "DISABLED", after: "ENABLED" },
          {
            path: "capabilities.update.profile.status",
            before: "DISABLED",
            after: "ENABLED",
            revertsDrift: true,
          },
        ],
      }),
    ]);
    for (const secret of [ZSCALER_TOKEN, ORG2ORG_TOKEN, org.apiToken]) {
      expect(reviewed.stdout + preview.stdout + fs.readFileSync(programFile, "utf8")).not.toContain(secret);
      expect(JSON.stringify(await project.stackExport())).not.toContain(secret);
    }
  });
});

describe("okta-provisioning rollout of a plugin YAML program over two orgs", () => {
  const STACKS = ["org-a", "org-b"];
  let emulator: Emulator;
  let project: PulumiProject;
  const orgOf = (stack: string) => emulator.orgs[STACKS.indexOf(stack)] as EmulatorOrg;

  const configSet = (stack: string, key: string, value: string, secret = false) =>
    project.pulumiOk(["config", "set", "--stack", stack, ...(secret ? ["--secret"] : []), key, "--", value]);

  async function rollout(args: string[]): Promise<{ run: Run; summary: RolloutSummary }> {
    const plan = path.join(path.dirname(project.dir), "rollout.yaml");
    fs.writeFileSync(
      plan,
      JSON.stringify({
        program: "./program",
        waves: [
          { name: "canary", stacks: ["org-a"] },
          { name: "rest", stacks: ["org-b"] },
        ],
      }),
    );
    const run = await cli(
      [
        "rollout",
        "--plan",
        plan,
        "--json",
        "--log-dir",
        path.join(path.dirname(project.dir), "logs"),
        ...args,
      ],
      { ...pulumiEnvOf(project), PATH: pluginPath() },
      path.dirname(project.dir),
    );
    for (const secret of [ZSCALER_TOKEN, ...emulator.orgs.map((o) => o.apiToken)])
      expect(run.stdout + run.stderr).not.toContain(secret);
    return { run, summary: JSON.parse(run.stdout) as RolloutSummary };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: STACKS.length });
    ZSCALER_TOKEN = emulator.zscalerTenants[0].token;
    project = await PulumiProject.create({
      programDir: path.join(PROGRAMS, "plugin-rollout"),
      stack: STACKS[0],
      env: { PATH: pluginPath() },
    });
    for (const stack of STACKS) {
      if (stack !== STACKS[0]) await project.pulumiOk(["stack", "init", stack]);
      const org = orgOf(stack);
      await configSet(stack, "okta-provisioning:orgUrl", org.url);
      await configSet(stack, "okta-provisioning:apiToken", org.apiToken, true);
      await configSet(stack, "zscalerAppId", appOf(org, "zscalerbyz").id);
      await configSet(stack, "zscalerToken", ZSCALER_TOKEN, true);
      await configSet(stack, "zscalerBaseUrl", emulator.zscalerTenants[0].baseUrl);
    }
  });
  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("rolls out wave by wave, then previews the fleet from the plugin's detailed diff", async () => {
    const { run, summary } = await rollout([]);
    expect(run.code).toBe(0);
    const stacks = summary.waves.flatMap((w) => w.stacks);
    // The stack, the connection and the feature.
    expect(stacks.map((s) => [s.stack, s.result, s.changes.create])).toEqual([
      ["org-a", "updated", 3],
      ["org-b", "updated", 3],
    ]);
    for (const stack of STACKS) {
      const org = orgOf(stack);
      const app = appOf(org, "zscalerbyz").id;
      expect((await okta(org, "GET", `/api/v1/apps/${app}/connections/default`)).body).toMatchObject({
        status: "ENABLED",
      });
      expect((await okta(org, "GET", `/api/v1/apps/${app}/features/USER_PROVISIONING`)).body).toMatchObject({
        capabilities: { update: { profile: { status: "ENABLED" } } },
      });
    }

    for (const stack of STACKS) await configSet(stack, "profilePush", "DISABLED");
    const writes = emulator.counters().writes;
    const previewed = await rollout(["--preview"]);
    expect(previewed.run.code).toBe(0);
    expect(emulator.counters().writes).toBe(writes);
    expect(previewed.summary.fleet?.groups).toEqual([
      {
        changes: ["update zscaler-push capabilities.update.profile.status ENABLED → DISABLED"],
        stacks: ["org-a", "org-b"],
      },
    ]);
    expect(previewed.summary.fleet?.outliers).toEqual([]);
  });
});
