/**
 * The workflow `okta-provisioning rollout --emit github-actions` writes, linted by actionlint and RUN by act
 * (github.com/nektos/act, jobs on this host with `-P ubuntu-latest=-self-hosted`) against emulated orgs, with the
 * real Pulumi CLI in every job. Actions that GitHub would download are replaced, for this test only, by the local
 * stand-ins in test/e2e/act-standins (act's `--local-repository`); act copies the checkout itself. Everything else
 * in the jobs is the generated workflow as a user commits it: `npm ci`, `okta-provisioning rollout --stack`, the
 * gates and the fleet view.
 *
 * One plan, four orgs, three waves: canary → emea (two orgs at once, one failure tolerated) → rest.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorOrg } from "../../emulator";
import type { RolloutSummary } from "../../cli/rollout";
import { PulumiProject } from "./harness/project";
import { REPO_ROOT } from "./harness/engine";
import { appOf, okta, type Emulator } from "./harness/emulator-helpers";
import { configureRolloutStack, ROLLOUT_PROGRAM, setStackConfig } from "./harness/rollout-stacks";

jest.setTimeout(600_000);

const STACKS = ["canary", "emea-1", "emea-2", "rest-1"];
const WRONG_API_TOKEN = "00wrong-api-token-actions-e2e-31c9";
const PASSPHRASE = "e2e-passphrase-not-a-secret";
const STANDINS = path.join(__dirname, "act-standins");
const PLAN = {
  program: "./program",
  waves: [
    { name: "canary", stacks: ["canary"] },
    { name: "emea", stacks: ["emea-1", "emea-2"], parallel: 2, failureTolerance: 1 },
    { name: "rest", stacks: ["rest-1"] },
  ],
};
const ROLLOUT_WORKFLOW = ".github/workflows/okta-rollout.yml";
const PREVIEW_WORKFLOW = ".github/workflows/okta-preview.yml";

/** The last line a script printed: the path of the tool it made available (building it if need be). */
function ensure(script: string): string {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", script)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop() as string;
}

interface ActJob {
  job: string;
  stack?: string;
  result: string;
}

interface ActRun {
  code: number | null;
  seconds: number;
  /** Every job act ran (a matrix job once per stack), with its result. */
  jobs: ActJob[];
  /** What each job wrote to its job summary, by job id. */
  summaries: Record<string, string>;
  /** act's output, for the failure messages. */
  log: string;
}

describe("the generated GitHub Actions workflow, run with act", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let act: string;
  let actionlint: string;
  let repo: string;
  let artifacts: string;
  let actHome: string;
  let secretFile: string;
  let cli: string;
  const figures: string[] = [];
  const orgOf = (stack: string) => emulator.orgs[STACKS.indexOf(stack)] as EmulatorOrg;
  const calls = (stack: string) => {
    const c = emulator.counters(orgOf(stack).name);
    return { reads: c.reads, writes: c.writes };
  };
  const secrets = () => [
    emulator.zscalerTenants[0].token,
    WRONG_API_TOKEN,
    PASSPHRASE,
    ...emulator.orgs.map((o) => o.apiToken),
  ];

  /** The command from the package as `npm pack` ships it, as the jobs run it. */
  function okp(args: string[], cwd = repo) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  function lint(files: string[]): string {
    try {
      return execFileSync(actionlint, ["-no-color", "-oneline", ...files], { encoding: "utf8", cwd: repo });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`actionlint found problems:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
  }

  /**
   * `act workflow_dispatch -W FILE` in the repository, asynchronously: the emulated orgs the jobs call are served by
   * this process. Its environment is a runner's: no Pulumi CLI on PATH (the pulumi/actions stand-in adds it), no
   * backend and no passphrase (the workflow passes them, from a variable and a secret), npm offline.
   */
  function runAct(workflow: string): Promise<ActRun> {
    const pulumiDir = process.env.OKTA_PROVISIONING_PULUMI_DIR as string;
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(
        Object.entries(project.env).filter(
          ([k]) => !["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_HOME"].includes(k),
        ),
      ),
      PATH: (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter((p) => p && path.resolve(p) !== path.resolve(pulumiDir))
        .join(path.delimiter),
      HOME: actHome,
      XDG_CACHE_HOME: path.join(actHome, ".cache"),
      XDG_CONFIG_HOME: path.join(actHome, ".config"),
      OKTA_PROVISIONING_PULUMI_DIR: pulumiDir,
      OKTA_PROVISIONING_ACT_ARTIFACTS: artifacts,
      npm_config_offline: "true",
      // The workflow installs the package from a local folder, whose lifecycle scripts npm would run: none is needed.
      npm_config_ignore_scripts: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    };
    const standIn = (action: string, dir: string) => {
      const pinned = new RegExp(`uses: (${action}@[0-9a-f]{40})`).exec(
        fs.readFileSync(path.join(repo, workflow), "utf8"),
      );
      return pinned ? ["--local-repository", `${pinned[1]}=${path.join(STANDINS, dir)}`] : [];
    };
    const args = [
      "workflow_dispatch",
      "-W",
      workflow,
      "-P",
      "ubuntu-latest=-self-hosted",
      "--json",
      "--secret-file",
      secretFile,
      "--var",
      `PULUMI_BACKEND_URL=file://${path.join(project.root, "backend")}`,
      ...standIn("actions/setup-node", "setup-node"),
      ...standIn("pulumi/actions", "pulumi-actions"),
      ...standIn("actions/upload-artifact", "upload-artifact"),
      ...standIn("actions/download-artifact", "download-artifact"),
    ];
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(act, args, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 540_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        const jobs: ActJob[] = [];
        const summaries: Record<string, string> = {};
        const log: string[] = [];
        const failedSteps = new Set<string>();
        for (const line of stdout.split("\n")) {
          if (!line.startsWith("{")) continue;
          const entry = JSON.parse(line) as {
            jobID?: string;
            matrix?: { stack?: string };
            jobResult?: string;
            stepResult?: string;
            command?: string;
            content?: string;
            msg?: string;
          };
          const job = entry.jobID ?? "";
          log.push(
            `[${job}${entry.matrix?.stack ? ` ${entry.matrix.stack}` : ""}] ${entry.msg?.trimEnd() ?? ""}`,
          );
          const leg = `${job} ${entry.matrix?.stack ?? ""}`;
          if (entry.stepResult === "failure") failedSteps.add(leg);
          // act reports a matrix job's result so far on each of its legs (one failed leg makes the next one that
          // ends say "failed" too): a leg's own result is whether one of its steps failed, as GitHub shows it.
          if (entry.jobResult)
            jobs.push({
              job,
              stack: entry.matrix?.stack,
              result: entry.matrix?.stack ? (failedSteps.has(leg) ? "failure" : "success") : entry.jobResult,
            });
          if (entry.command === "summary") summaries[job] = (summaries[job] ?? "") + (entry.content ?? "");
        }
        const text = `${log.join("\n")}\n${stderr}`;
        for (const secret of secrets()) expect(text).not.toContain(secret);
        resolve({ code, seconds: (Date.now() - started) / 1000, jobs, summaries, log: text });
      });
    });
  }

  const resultOf = (run: ActRun, job: string, stack?: string) =>
    run.jobs.find((j) => j.job === job && j.stack === stack)?.result;
  /** What the stacks' jobs saved: the JSON of `okta-provisioning rollout --stack NAME --json`. */
  const saved = (stack: string, kind = "rollout") =>
    JSON.parse(
      fs.readFileSync(path.join(artifacts, `${kind}-${stack}`, "result.json"), "utf8"),
    ) as RolloutSummary;
  const savedResult = (stack: string, kind = "rollout") => saved(stack, kind).waves[0]?.stacks[0];

  function record(name: string, workflow: string, run: ActRun) {
    const planned =
      workflow === ROLLOUT_WORKFLOW
        ? PLAN.waves.reduce((n, w) => n + w.stacks.length + 1, 0)
        : PLAN.waves.reduce((n, w) => n + w.stacks.length, 0) + 1;
    figures.push(
      `${name}: ${run.seconds.toFixed(0)} s under act, ${run.jobs.length} job(s) run, ${planned - run.jobs.length} skipped`,
    );
  }

  /** Runs the assertions about one act run; a failure shows act's output with it. */
  function about(run: ActRun, assertions: () => void) {
    try {
      assertions();
    } catch (err) {
      // The failed jobs' own lines say why; the rest is noise.
      const failed = run.jobs
        .filter((j) => j.result !== "success")
        .map((j) => `[${j.job}${j.stack ? ` ${j.stack}` : ""}]`);
      const lines = run.log.split("\n").filter((l) => failed.some((prefix) => l.startsWith(prefix)));
      if (err instanceof Error)
        err.message += `\n\nact exited ${run.code} after ${run.seconds.toFixed(0)} s; jobs ${JSON.stringify(run.jobs)}; the failed jobs' output:\n${lines.join("\n").slice(-12000)}`;
      throw err;
    }
  }

  beforeAll(async () => {
    act = ensure("ensure-act.sh");
    actionlint = ensure("ensure-actionlint.sh");
    cli = path.join(
      process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
      "pulumi-okta-provisioning",
      "dist",
      "cli",
      "index.js",
    );
    emulator = await startEmulator({ orgs: STACKS.length });
    project = await PulumiProject.create({ programDir: ROLLOUT_PROGRAM, stack: STACKS[0] });
    for (const stack of STACKS) {
      if (stack !== STACKS[0]) await project.pulumiOk(["stack", "init", stack]);
      // The canary's token is wrong at first (the first run halts on it); so is emea-2's (within tolerance later).
      await configureRolloutStack(
        project,
        stack,
        orgOf(stack),
        emulator.zscalerTenants[0],
        ["canary", "emea-2"].includes(stack) ? WRONG_API_TOKEN : undefined,
      );
    }

    // The project's root is the user's repository: the plan, the program with its stack config files, and a
    // `vendor` link to this package as `npm pack` installs it, which the program depends on by path, so the jobs'
    // `npm ci` installs it without the registry.
    repo = project.root;
    // Inside the project's root (so its cleanup stops any process left there and removes them), outside the checkout.
    artifacts = path.join(repo, ".artifacts");
    actHome = path.join(repo, ".act-home");
    fs.mkdirSync(artifacts, { recursive: true });
    fs.mkdirSync(actHome, { recursive: true });
    secretFile = path.join(actHome, "secrets");
    fs.writeFileSync(secretFile, `PULUMI_CONFIG_PASSPHRASE=${PASSPHRASE}\n`, { mode: 0o600 });
    fs.symlinkSync(
      process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
      path.join(repo, "vendor"),
      "dir",
    );
    fs.writeFileSync(path.join(repo, "rollout.yaml"), JSON.stringify(PLAN, null, 2));
    fs.writeFileSync(
      path.join(repo, ".gitignore"),
      "node_modules/\nbackend/\npulumi-home/\n.artifacts/\n.act-home/\n.example/\n",
    );
    fs.rmSync(path.join(project.dir, "node_modules"), { force: true });
    fs.writeFileSync(
      path.join(project.dir, "package.json"),
      JSON.stringify(
        {
          name: "okta-provisioning-e2e-rollout",
          private: true,
          main: "index.js",
          dependencies: {
            "@pulumi/pulumi": "file:../vendor/@pulumi/pulumi",
            "pulumi-okta-provisioning": "file:../vendor/pulumi-okta-provisioning",
          },
        },
        null,
        2,
      ),
    );
    execFileSync(
      "npm",
      ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
      {
        cwd: project.dir,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );

    const git = (args: string[]) =>
      execFileSync("git", ["-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid", ...args], {
        cwd: repo,
        stdio: "ignore",
      });
    git(["init", "-q", "-b", "main"]);
    for (const [file, extra] of [
      [ROLLOUT_WORKFLOW, []],
      [PREVIEW_WORKFLOW, ["--preview"]],
    ] as const) {
      const run = await okp([
        "rollout",
        "--plan",
        "rollout.yaml",
        "--emit",
        "github-actions",
        ...extra,
        "--out",
        file,
      ]);
      expect(run).toMatchObject({
        code: 0,
        stdout: "",
        stderr: `okta-provisioning: wrote ${file} from the plan rollout.yaml\n`,
      });
    }
    git(["add", "-A"]);
    git(["commit", "-q", "-m", "the fleet's plan, program and workflows"]);
  });

  afterAll(async () => {
    if (figures.length > 0)
      process.stderr.write(
        `\nrollout on GitHub Actions under act (${STACKS.length} orgs, ${PLAN.waves.length} waves):\n  ${figures.join("\n  ")}\n`,
      );
    project?.cleanup();
    await emulator?.close();
  });

  it("emits workflows actionlint passes, and --check fails once the plan and the committed workflow disagree", async () => {
    // The two committed here, and the example's (examples/rollout) in both modes.
    const example = path.join(repo, ".example");
    fs.mkdirSync(example, { recursive: true });
    const exampleFiles: string[] = [];
    for (const extra of [[], ["--preview"]]) {
      const out = path.join(example, `example${extra.length ? "-preview" : ""}.yml`);
      const run = await okp([
        "rollout",
        "--plan",
        path.join(REPO_ROOT, "examples", "rollout", "rollout.yaml"),
        "--emit",
        "github-actions",
        ...extra,
        "--repo-root",
        REPO_ROOT,
      ]);
      expect(run.code).toBe(0);
      fs.writeFileSync(out, run.stdout);
      exampleFiles.push(out);
    }
    // A YAML program (the native plugin, installed globally by the jobs) with qualified stack names.
    const yamlRepo = path.join(example, "yaml-repo");
    fs.mkdirSync(path.join(yamlRepo, ".git"), { recursive: true });
    fs.mkdirSync(path.join(yamlRepo, "okta"));
    fs.writeFileSync(path.join(yamlRepo, "okta", "Pulumi.yaml"), "name: okta-fleet\nruntime: yaml\n");
    fs.writeFileSync(
      path.join(yamlRepo, "fleet.yaml"),
      JSON.stringify({
        program: "./okta",
        waves: [
          { name: "Canary org", stacks: ["acme/okta-fleet/preview"] },
          {
            name: "Production (all regions)",
            stacks: ["acme/okta-fleet/eu", "acme/okta-fleet/us"],
            parallel: 2,
            failureTolerance: 1,
          },
        ],
      }),
    );
    for (const extra of [[], ["--preview"]]) {
      const out = path.join(example, `yaml${extra.length ? "-preview" : ""}.yml`);
      const run = await okp([
        "rollout",
        "--plan",
        path.join(yamlRepo, "fleet.yaml"),
        "--emit",
        "github-actions",
        ...extra,
      ]);
      expect(run.code).toBe(0);
      fs.writeFileSync(out, run.stdout);
      exampleFiles.push(out);
    }
    expect(lint([ROLLOUT_WORKFLOW, PREVIEW_WORKFLOW, ...exampleFiles])).toBe("");

    const check = await okp([
      "rollout",
      "--plan",
      "rollout.yaml",
      "--emit",
      "github-actions",
      "--out",
      ROLLOUT_WORKFLOW,
      "--check",
    ]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`${ROLLOUT_WORKFLOW} matches the plan rollout.yaml`);

    // A changed plan: --check names the file and the line; regenerating changes that line only.
    const planFile = path.join(repo, "rollout.yaml");
    const before = fs.readFileSync(planFile, "utf8");
    const committed = fs.readFileSync(path.join(repo, ROLLOUT_WORKFLOW), "utf8");
    try {
      fs.writeFileSync(
        planFile,
        JSON.stringify({
          ...PLAN,
          waves: PLAN.waves.map((w) => (w.name === "emea" ? { ...w, parallel: 3 } : w)),
        }),
      );
      const stale = await okp([
        "rollout",
        "--plan",
        "rollout.yaml",
        "--emit",
        "github-actions",
        "--out",
        ROLLOUT_WORKFLOW,
        "--check",
      ]);
      expect(stale.code).toBe(1);
      expect(stale.stderr.trim()).toMatch(
        /^okta-provisioning: \.github\/workflows\/okta-rollout\.yml and the plan rollout\.yaml disagree \(line \d+: the file has "\s+max-parallel: 2", the plan gives "\s+max-parallel: 3"\)/,
      );
      const regenerated = await okp([
        "rollout",
        "--plan",
        "rollout.yaml",
        "--emit",
        "github-actions",
        "--out",
        ROLLOUT_WORKFLOW,
      ]);
      expect(regenerated.code).toBe(0);
      const changed = fs.readFileSync(path.join(repo, ROLLOUT_WORKFLOW), "utf8").split("\n");
      const old = committed.split("\n");
      expect(changed).toHaveLength(old.length);
      expect(changed.filter((l, i) => l !== old[i])).toEqual(["      max-parallel: 3"]);
    } finally {
      fs.writeFileSync(planFile, before);
      fs.writeFileSync(path.join(repo, ROLLOUT_WORKFLOW), committed);
    }
  });

  it("halts at the canary: its job fails, its gate stops the run, no later wave starts and no later org is called", async () => {
    const run = await runAct(ROLLOUT_WORKFLOW);
    record("canary fails", ROLLOUT_WORKFLOW, run);
    about(run, () => {
      expect(run.code).not.toBe(0);
      expect(run.jobs).toEqual([
        { job: "wave-1-canary", stack: "canary", result: "failure" },
        { job: "gate-1-canary", stack: undefined, result: "failure" },
      ]);
      // The preview tries the org's credentials before it plans (issue 30): the wrong token fails it, no change counted.
      expect(run.summaries["gate-1-canary"]).toMatch(
        /\| canary \| failed \| [\d.]+s \| - \| ProvisioningConnection .*401/,
      );
      expect(run.summaries["gate-1-canary"]).toContain(
        `**Rollout halted: wave "canary" has 1 failed stack(s), more than its failureTolerance of 0; the later waves do not start.**`,
      );
      expect(savedResult("canary")).toMatchObject({ stack: "canary", result: "failed" });
      for (const stack of ["emea-1", "emea-2", "rest-1"]) {
        expect(calls(stack)).toEqual({ reads: 0, writes: 0 });
        expect(fs.existsSync(path.join(artifacts, `rollout-${stack}`))).toBe(false);
      }
    });
  });

  it("goes on past a failure within the wave's tolerance: emea-2 fails, the rest wave still runs", async () => {
    await setStackConfig(project, "canary", "okta:apiToken", orgOf("canary").apiToken, true);
    const run = await runAct(ROLLOUT_WORKFLOW);
    record("emea-2 fails within tolerance", ROLLOUT_WORKFLOW, run);
    about(run, () => {
      expect(run.code).not.toBe(0);
      expect(resultOf(run, "wave-1-canary", "canary")).toBe("success");
      expect(resultOf(run, "wave-2-emea", "emea-1")).toBe("success");
      expect(resultOf(run, "wave-2-emea", "emea-2")).toBe("failure");
      expect(resultOf(run, "gate-2-emea")).toBe("success");
      expect(resultOf(run, "wave-3-rest", "rest-1")).toBe("success");
      expect(run.summaries["gate-2-emea"]).toContain(
        `Wave "emea": 1 failed stack(s) (emea-2), within its failureTolerance of 1: the next wave may start.`,
      );
      expect(savedResult("emea-2")?.error).toMatch(
        /The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired/,
      );
      expect(savedResult("rest-1")).toMatchObject({ result: "updated" });
      expect(calls("emea-2").writes).toBe(0);
      expect(calls("rest-1").writes).toBeGreaterThan(0);
    });
  });

  it("converges when run again after the fix: emea-2 is updated, the converged orgs' jobs write nothing", async () => {
    await setStackConfig(project, "emea-2", "okta:apiToken", orgOf("emea-2").apiToken, true);
    const before = Object.fromEntries(STACKS.map((s) => [s, calls(s).writes]));
    const run = await runAct(ROLLOUT_WORKFLOW);
    record("re-run after the fix", ROLLOUT_WORKFLOW, run);
    about(run, () => {
      expect(run.code).toBe(0);
      expect(run.jobs.every((j) => j.result === "success")).toBe(true);
      expect(run.jobs).toHaveLength(7);
      expect(Object.fromEntries(STACKS.map((s) => [s, savedResult(s)?.result]))).toEqual({
        canary: "unchanged",
        "emea-1": "unchanged",
        "emea-2": "updated",
        "rest-1": "unchanged",
      });
      for (const stack of ["canary", "emea-1", "rest-1"]) expect(calls(stack).writes).toBe(before[stack]);
      expect(calls("emea-2").writes).toBeGreaterThan(before["emea-2"] as number);
    });
  });

  it("previews the fleet into the job summary: identical changes grouped, the odd org and the drifted one apart", async () => {
    for (const stack of ["canary", "emea-1", "emea-2"])
      await setStackConfig(project, stack, "profilePush", "DISABLED");
    // Someone turned off profile push in rest-1's org by hand.
    const rest = orgOf("rest-1");
    await okta(rest, "PUT", `/api/v1/apps/${appOf(rest, "zscalerbyz").id}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    const writes = emulator.counters().writes;
    const run = await runAct(PREVIEW_WORKFLOW);
    record("preview", PREVIEW_WORKFLOW, run);
    about(run, () => {
      expect(run.code).toBe(0);
      expect(emulator.counters().writes).toBe(writes);
      expect(run.jobs.map((j) => `${j.job}${j.stack ? ` ${j.stack}` : ""}`)).toEqual(
        expect.arrayContaining([
          "wave-1-canary canary",
          "wave-2-emea emea-1",
          "wave-2-emea emea-2",
          "wave-3-rest rest-1",
          "fleet-view",
        ]),
      );
      const summary = run.summaries["fleet-view"] as string;
      expect(summary).toContain("## Fleet view");
      expect(summary).toContain("Fleet view: 4 stacks previewed, 2 distinct change set(s)");
      expect(summary).toContain(
        "3 stacks: update zscaler-push capabilities.update.profile.status ENABLED → DISABLED",
      );
      expect(summary).toMatch(/\(canary, emea-1, emea-2\)/);
      expect(summary).toMatch(/Differ from the majority: rest-1/);
      expect(summary).toMatch(/Drift .*\n {2}rest-1: zscaler-push capabilities\.update\.profile\.status/);
      expect(savedResult("rest-1", "preview")).toMatchObject({ result: "previewed" });
    });
  });
});
