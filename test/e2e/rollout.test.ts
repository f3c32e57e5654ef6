import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorOrg } from "../../emulator";
import type { RolloutSummary, StackSummary } from "../../cli/rollout";
import { PulumiProject } from "./harness/project";
import { appOf, okta, type Emulator } from "./harness/emulator-helpers";
import { configureRolloutStack, ROLLOUT_PROGRAM as PROGRAM, setStackConfig } from "./harness/rollout-stacks";
import { pulumiEnvOf } from "./review-env";

jest.setTimeout(240_000);

// The emulated Zscaler tenant's token (set when the emulator starts): it verifies tokens as Okta does.
let ZSCALER_TOKEN: string;
const WRONG_API_TOKEN = "00wrong-api-token-rollout-e2e-77aa";
/** One stack per emulated org; emea-2 starts with a wrong API token. */
const STACKS = ["canary", "emea-1", "emea-2", "rest-1"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("okta-provisioning rollout on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let secrets: string[];
  let runs = 0;
  const orgOf = (stack: string) => emulator.orgs[STACKS.indexOf(stack)] as EmulatorOrg;
  const calls = (stack: string) => {
    const c = emulator.counters(orgOf(stack).name);
    return { reads: c.reads, writes: c.writes };
  };

  function writePlan(name: string, plan: unknown): string {
    const file = path.join(path.dirname(project.dir), name);
    fs.writeFileSync(file, JSON.stringify(plan));
    return file;
  }

  const PLAN = () =>
    writePlan("rollout.yaml", {
      program: "./program",
      waves: [
        { name: "canary", stacks: ["canary"] },
        { name: "emea", stacks: ["emea-1", "emea-2"], parallel: 2 },
        { name: "rest", stacks: ["rest-1"] },
      ],
    });

  /** Runs the command as installed from `npm pack`; no secret may appear in anything it prints. */
  function rolloutCli(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
    const entry = path.join(
      process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
      "pulumi-okta-provisioning",
      "dist",
      "cli",
      "rollout",
      "command.js",
    );
    return new Promise<Run>((resolve, reject) => {
      // Logs inside the project's temp root, so cleanup() removes them with it.
      const logDir = path.join(path.dirname(project.dir), `logs-${++runs}`);
      const child = spawn(process.execPath, [entry, "rollout", ...args, "--log-dir", logDir], {
        cwd: path.dirname(project.dir),
        env: pulumiEnvOf(project),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        onStdout?.(stdout, child);
      });
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        for (const secret of secrets) {
          expect(stdout).not.toContain(secret);
          expect(stderr).not.toContain(secret);
        }
        resolve({ code, stdout, stderr });
      });
    });
  }

  async function rolloutJson(args: string[]): Promise<{ run: Run; summary: RolloutSummary }> {
    const run = await rolloutCli([...args, "--json"]);
    return { run, summary: JSON.parse(run.stdout) as RolloutSummary };
  }

  const stacksOf = (summary: RolloutSummary): Record<string, StackSummary> =>
    Object.fromEntries(summary.waves.flatMap((w) => w.stacks).map((s) => [s.stack, s]));
  const results = (summary: RolloutSummary) =>
    Object.fromEntries(Object.entries(stacksOf(summary)).map(([k, s]) => [k, s.result]));

  function expectNoSecretIn(dir: string) {
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  }

  const configSet = (stack: string, key: string, value: string, secret = false) =>
    setStackConfig(project, stack, key, value, secret);

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: STACKS.length });
    ZSCALER_TOKEN = emulator.zscalerTenants[0].token;
    secrets = [ZSCALER_TOKEN, WRONG_API_TOKEN, ...emulator.orgs.map((o) => o.apiToken)];
    project = await PulumiProject.create({ programDir: PROGRAM, stack: STACKS[0] });
    for (const stack of STACKS) {
      if (stack !== STACKS[0]) await project.pulumiOk(["stack", "init", stack]);
      await configureRolloutStack(
        project,
        stack,
        orgOf(stack),
        emulator.zscalerTenants[0],
        stack === "emea-2" ? WRONG_API_TOKEN : undefined,
      );
    }
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("refuses a bad plan with the field or the stack named, and runs nothing", async () => {
    const unknownKey = writePlan("bad-key.yaml", {
      program: "./program",
      waves: [{ name: "emea", stacks: ["emea-1"], paralel: 2 }],
    });
    let run = await rolloutCli(["--plan", unknownKey]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^okta-provisioning: the plan .*bad-key\.yaml is invalid: unknown key "waves\[0\]\.paralel"/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);

    const missing = writePlan("missing.yaml", {
      program: "./program",
      waves: [{ name: "emea", stacks: ["emea-1", "emea-3"] }],
    });
    run = await rolloutCli(["--plan", missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/names stack\(s\) that do not exist .*"emea-3" \(wave "emea"\)/);
    expect(run.stdout).toBe("");
    for (const stack of STACKS) expect(calls(stack)).toEqual({ reads: 0, writes: 0 });
  });

  it("halts after the wave where an org refuses its credentials; the third wave is not started nor touched", async () => {
    const { run, summary } = await rolloutJson(["--plan", PLAN()]);
    expect(run.code).toBe(1);
    expect(summary.halted).toBe(true);
    expect(results(summary)).toEqual({
      canary: "updated",
      "emea-1": "updated",
      "emea-2": "failed",
      "rest-1": "not-started",
    });
    const failed = stacksOf(summary)["emea-2"] as StackSummary;
    expect(failed.error).toMatch(/The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired \(401/);
    expect(failed.error).not.toMatch(/\n|\sat\s.*\.js:\d+/);
    expect(stacksOf(summary).canary?.changes).toEqual({ create: 3, update: 0, replace: 0, delete: 0 });
    expect(calls("emea-1").writes).toBeGreaterThan(0);
    expect(calls("emea-2").writes).toBe(0);
    expect(calls("rest-1")).toEqual({ reads: 0, writes: 0 });
    // One log per started stack, each with its own Pulumi output only; the 401 is in emea-2's.
    expect(fs.readdirSync(summary.logDir).sort()).toEqual([
      "canary.canary.log",
      "emea.emea-1.log",
      "emea.emea-2.log",
    ]);
    expect(fs.readFileSync(path.join(summary.logDir, "emea.emea-2.log"), "utf8")).toMatch(/401/);
    expect(fs.readFileSync(path.join(summary.logDir, "emea.emea-1.log"), "utf8")).not.toMatch(/401/);
    expectNoSecretIn(summary.logDir);
    expect(run.stderr).toMatch(/rollout: halted: wave "emea" has 1 failed stack\(s\)/);
  });

  it("converges when re-run after the credentials are fixed: done stacks unchanged with no write, the rest updated", async () => {
    await configSet("emea-2", "okta:apiToken", orgOf("emea-2").apiToken, true);
    const before = { canary: calls("canary"), emea1: calls("emea-1") };
    const { run, summary } = await rolloutJson(["--plan", PLAN()]);
    expect(run.code).toBe(0);
    expect(summary.halted).toBe(false);
    expect(results(summary)).toEqual({
      canary: "unchanged",
      "emea-1": "unchanged",
      "emea-2": "updated",
      "rest-1": "updated",
    });
    expect(calls("canary").writes).toBe(before.canary.writes);
    expect(calls("emea-1").writes).toBe(before.emea1.writes);
    expect(calls("rest-1").writes).toBeGreaterThan(0);
    for (const s of Object.values(stacksOf(summary))) expect(s.error).toBeNull();
  });

  it("previews the fleet without a write: identical changes grouped, the odd stack and the drifted one apart", async () => {
    for (const stack of ["canary", "emea-1", "emea-2"]) await configSet(stack, "profilePush", "DISABLED");
    // Someone turned off profile push in rest-1's org by hand.
    const rest = orgOf("rest-1");
    await okta(rest, "PUT", `/api/v1/apps/${appOf(rest, "zscalerbyz").id}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    const writes = emulator.counters().writes;
    const run = await rolloutCli(["--plan", PLAN(), "--preview", "--parallel", "4"]);
    expect(run.code).toBe(0);
    expect(emulator.counters().writes).toBe(writes);
    // Not a terminal: plain lines, one per change of state, then the summary and the fleet view.
    expect(run.stdout).toMatch(/^wave emea: emea-2: previewed \[[\d.]+s\]$/m);
    expect(run.stdout).toMatch(/Preview done: 4 previewed\./);
    expect(run.stdout).toContain(
      "3 stacks: update zscaler-push capabilities.update.profile.status ENABLED → DISABLED",
    );
    expect(run.stdout).toMatch(/\(canary, emea-1, emea-2\)/);
    expect(run.stdout).toMatch(/Differ from the majority: rest-1/);
    expect(run.stdout).toMatch(/Drift .*\n {2}rest-1: zscaler-push capabilities\.update\.profile\.status/);
  });

  it("on Ctrl-C starts no new stack, cancels the running update and leaves no process and no lock behind", async () => {
    // Slow emea-1's org down so the update is surely running when Ctrl-C comes.
    emulator.setFaults(orgOf("emea-1").name, "latency=1500ms");
    const plan = writePlan("cancel.yaml", {
      program: "./program",
      waves: [
        { name: "emea", stacks: ["emea-1"] },
        { name: "rest", stacks: ["rest-1"] },
      ],
    });
    let sent = false;
    const run = await rolloutCli(["--plan", plan], (stdout, child) => {
      if (!sent && /emea-1: updating/.test(stdout)) {
        sent = true;
        setTimeout(() => child.kill("SIGINT"), 1000);
      }
    });
    emulator.setFaults(orgOf("emea-1").name, undefined);
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/Rollout cancelled: 1 failed, 1 not-started\./);
    expect(run.stdout).toMatch(/emea-1\s+failed\s+[\d.]+s\s+.*cancelled before it finished/);

    const root = path.dirname(project.dir);
    const ours = () =>
      fs.readdirSync("/proc").filter((pid) => {
        if (!/^\d+$/.test(pid)) return false;
        try {
          return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(root);
        } catch {
          return false;
        }
      });
    for (let i = 0; i < 20 && ours().length > 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(ours()).toEqual([]);
    const locks = path.join(root, "backend", ".pulumi", "locks");
    const lockFiles = fs.existsSync(locks)
      ? fs.readdirSync(locks, { recursive: true }).filter((f) => String(f).endsWith(".json"))
      : [];
    expect(lockFiles).toEqual([]);
    // The stack is usable at once: a preview of it runs without `pulumi cancel`.
    const preview = await project.pulumi(["preview", "--stack", "emea-1"]);
    expect(preview.code).toBe(0);
  });
});
