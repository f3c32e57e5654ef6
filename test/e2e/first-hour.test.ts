/**
 * A user's first mistakes, on the real Pulumi CLI (issue 30): a wrong token caught by `pulumi preview` before
 * anything changes; after a failed `up` with a wrong token, a fixed token reaching review and rollout (they refresh
 * with `--run-program`), and `pulumi refresh` saying why it still fails and what to run once; a feature change in the
 * run that disables its connection refused at preview.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, okta, snapshot, callsSince, writesSince, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject, type CommandResult } from "./harness/project";
import { pulumiEnvOf } from "./review-env";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "first-hour");
const NS = "okta-provisioning-first-hour";
const WRONG = "00wrong-token-first-hour-e2e-3c9f";

describe("the first hour's mistakes on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;

  /** A command of the package as installed from `npm pack`, run in the project as a user would. */
  function cli(args: string[], cwd = project.dir): Promise<CommandResult> {
    const entry = path.join(
      process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
      "pulumi-okta-provisioning",
      "dist",
      "cli",
      "index.js",
    );
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, [entry, ...args], {
        cwd,
        env: pulumiEnvOf(project),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) =>
        resolve({ code, stdout, stderr, output: stdout + stderr, ms: Date.now() - started }),
      );
    });
  }

  const setToken = (token: string) => project.setConfig("okta:apiToken", token, true);

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 2 });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        [`${NS}:zscalerAppId`]: appOf(org, "zscalerbyz").id,
        [`${NS}:zscalerBaseUrl`]: emulator.zscalerTenants[0].baseUrl,
      },
      // The emulated Zscaler tenant's token: the emulator verifies it as Okta does.
      secrets: { "okta:apiToken": WRONG, [`${NS}:zscalerToken`]: emulator.zscalerTenants[0].token },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("pulumi preview of a first deployment refuses a wrong token, with one read and no write", async () => {
    const mark = snapshot(emulator);
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired \(401/);
    expect(preview.output).toContain("pulumi config set --secret okta:apiToken");
    expect(preview.output).toContain("nothing was changed");
    expect(preview.output).not.toContain(WRONG);
    expect(preview.output).not.toMatch(/ProvisioningError|\.: *$/m);
    expect(callsSince(emulator, mark)).toBe(1);
    expect(writesSince(emulator, mark)).toBe(0);
  });

  it("a no-op preview makes no call, even with a wrong token", async () => {
    await setToken(emulator.orgs[0].apiToken);
    await project.up();
    await setToken(WRONG);
    const mark = snapshot(emulator);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    expect(callsSince(emulator, mark)).toBe(0);
  });

  it("after a failed up with a wrong token and the token fixed: review and rollout work, refresh says what to run once", async () => {
    // The failed up saves the wrong token with the dynamic provider (Pulumi's copy of the config).
    const failed = await project.pulumi([
      "up",
      "--yes",
      "--skip-preview",
      "--config",
      `${NS}:profilePush=DISABLED`,
    ]);
    expect(failed.code).not.toBe(0);
    await setToken(emulator.orgs[0].apiToken);

    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(refresh.code).not.toBe(0);
    expect(refresh.output).toContain("the copy of the stack config Pulumi saved then");
    expect(refresh.output).toContain("`pulumi refresh --run-program` once");
    expect(refresh.output).not.toContain(WRONG);

    const review = await cli(["review", "--stack", project.stack]);
    expect(review.stderr).not.toMatch(/401|invalid or expired/);
    expect(review.code).toBe(0);
    expect(review.stdout).toMatch(/capabilities\.update\.profile\.status/);

    const plan = path.join(path.dirname(project.dir), "rollout.json");
    fs.writeFileSync(
      plan,
      JSON.stringify({ program: "./program", waves: [{ name: "all", stacks: [project.stack] }] }),
    );
    const rollout = await cli(["rollout", "--plan", plan, "--preview"], path.dirname(project.dir));
    expect(rollout.output).not.toMatch(/401|invalid or expired/);
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toMatch(/Preview done: 1 previewed\./);

    // What the error said to run, once: then plain refresh works again.
    await project.pulumiOk(["refresh", "--yes", "--run-program"]);
    await project.pulumiOk(["refresh", "--yes"]);
  });

  it("refuses at preview a feature change in the run that disables its connection, naming the fix", async () => {
    // Profile push DISABLED is still to be written (the failed up above); now the connection goes off as well.
    await project.setConfig(`${NS}:enabled`, "false");
    const mark = snapshot(emulator);
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(
      /capabilities cannot be changed in the same `pulumi up` that disables app 0oa\w+'s provisioning connection/,
    );
    expect(writesSince(emulator, mark)).toBe(0);
    // Done in two runs, as the error says, it works.
    await project.setConfig(`${NS}:enabled`, "true");
    await project.up();
    await project.setConfig(`${NS}:enabled`, "false");
    await project.up();
  });

  it("refuses the import resource option in one line, with no stack trace", async () => {
    const preview = await project.pulumi(["preview", "--config", `${NS}:importId=0oa1gjh63g214q0Hq0g4`]);
    await project.pulumiOk(["config", "rm", `${NS}:importId`]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(
      "the `import` resource option does not work for Pulumi dynamic resources",
    );
    expect(preview.output).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
    expect(preview.output).not.toContain("unhandled exception");
  });

  it("reads what an admin configured in a named org with get and the functions, writing nothing there", async () => {
    const org2 = emulator.orgs[1];
    const zscaler = appOf(org2, "zscalerbyz").id;
    const tenant = emulator.zscalerTenants[0];
    await okta(org2, "POST", `/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      baseUrl: tenant.baseUrl,
      profile: { authScheme: "TOKEN", token: tenant.token },
    });
    await okta(org2, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      update: { profile: { status: "ENABLED" } },
    });
    await project.pulumiOk(["config", "set", "--path", "okta-provisioning:orgs.emea.orgUrl", org2.url]);
    // A secret on standard input, never on the command line.
    await project.pulumiOk(["config", "set", "--path", "--secret", "okta-provisioning:orgs.emea.apiToken"], {
      input: `${org2.apiToken}\n`,
    });
    await project.setConfig(`${NS}:lookupAppId`, zscaler);
    await project.setConfig(`${NS}:lookupOrg`, "emea");
    const before = emulator.counters(org2.name);

    await project.pulumiOk(["up", "--yes"]);
    // In the state as read, not managed: Pulumi marks them external.
    const read = (await project.stackExport()).deployment.resources?.filter((r) => /looked-up/.test(r.urn));
    expect(read?.map((r) => [r.urn.split("::").pop(), r.external]).sort()).toEqual([
      ["looked-up", true],
      ["looked-up-push", true],
    ]);
    const outputs = await project.outputs();
    expect(outputs).toMatchObject({
      lookedUpStatus: "ENABLED",
      lookedUpAppName: "zscalerbyz",
      lookedUpProfilePush: "ENABLED",
      lookedUpFeatureStatus: "ENABLED",
      lookedUpConnection: {
        appId: zscaler,
        appName: "zscalerbyz",
        authScheme: "TOKEN",
        status: "ENABLED",
        org: "emea",
      },
    });
    expect(emulator.counters(org2.name).writes).toBe(before.writes);
    expect(JSON.stringify(await project.stackExport())).not.toContain(tenant.token);

    // Read, never managed: dropped from the program, it is gone from the stack and left as it is in Okta.
    await project.pulumiOk(["config", "rm", `${NS}:lookupAppId`]);
    await project.pulumiOk(["up", "--yes"]);
    expect((await project.resources()).map((r) => r.urn)).not.toContainEqual(
      expect.stringMatching(/looked-up/),
    );
    expect(emulator.counters(org2.name).writes).toBe(before.writes);
    expect((await okta(org2, "GET", `/api/v1/apps/${zscaler}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
    });
  });
});
