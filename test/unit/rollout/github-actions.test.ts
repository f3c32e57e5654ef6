import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { CliError } from "../../../cli/errors";
import { loadPlan } from "../../../cli/rollout";
import { githubActionsWorkflow, PINNED_ACTIONS, type EmitOptions } from "../../../cli/rollout/github-actions";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

const PLAN = {
  program: "./provisioning",
  waves: [
    { name: "canary", stacks: ["preview-org"] },
    {
      name: "EMEA (production)",
      stacks: ["emea-1", "emea-2", "acme/fleet/emea-3"],
      parallel: 2,
      failureTolerance: 1,
    },
    { name: "rest", stacks: ["us-1"] },
  ],
};

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}
interface Job {
  name: string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: {
    "fail-fast": boolean;
    "max-parallel": number;
    matrix: { include: Array<Record<string, string>> };
  };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

/** A repository with a plan and its Node.js program, as a user has it. */
function repository(plan: unknown = PLAN, pkg: Record<string, unknown> | false = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-emit-"));
  fs.mkdirSync(path.join(root, ".git"));
  fs.mkdirSync(path.join(root, "infra", "provisioning"), { recursive: true });
  fs.writeFileSync(path.join(root, "infra", "rollout.yaml"), JSON.stringify(plan));
  fs.writeFileSync(path.join(root, "infra", "provisioning", "Pulumi.yaml"), "name: fleet\nruntime: nodejs\n");
  if (pkg !== false) {
    fs.writeFileSync(
      path.join(root, "infra", "provisioning", "package.json"),
      JSON.stringify({ dependencies: { "pulumi-okta-provisioning": "^0.1.0" }, ...pkg }),
    );
    fs.writeFileSync(path.join(root, "infra", "provisioning", "package-lock.json"), "{}");
  }
  return root;
}

function emit(root: string, options: Partial<EmitOptions> = {}): string {
  const planFile = path.join(root, "infra", "rollout.yaml");
  return githubActionsWorkflow(loadPlan(planFile), { planFile, mode: "rollout", ...options });
}

const workflow = (text: string) => parse(text) as Workflow;
const stepsOf = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return (err as Error).message;
  }
  throw new Error("it was accepted");
}

describe("rollout --emit github-actions", () => {
  const roots: string[] = [];
  const repo = (...args: Parameters<typeof repository>) => {
    const root = repository(...args);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it("makes each wave a job over a matrix of its stacks, and orders the waves through a gate after each", () => {
    const wf = workflow(emit(repo()));
    expect(Object.keys(wf.jobs)).toEqual([
      "wave-1-canary",
      "gate-1-canary",
      "wave-2-emea-production",
      "gate-2-emea-production",
      "wave-3-rest",
      "gate-3-rest",
    ]);
    const emea = wf.jobs["wave-2-emea-production"] as Job;
    expect(emea.name).toBe("wave EMEA (production): ${{ matrix.stack }}");
    expect(emea.strategy).toEqual({
      "fail-fast": false,
      "max-parallel": 2,
      matrix: {
        include: [
          { stack: "emea-1", artifact: "rollout-emea-1" },
          { stack: "emea-2", artifact: "rollout-emea-2" },
          { stack: "acme/fleet/emea-3", artifact: "rollout-acme__fleet__emea-3" },
        ],
      },
    });
    expect(wf.jobs["wave-1-canary"]?.strategy?.["max-parallel"]).toBe(1);
    // A wave starts only when the previous wave's gate passed; a gate runs whether its wave's jobs passed or not.
    expect(wf.jobs["wave-1-canary"]?.needs).toBeUndefined();
    expect(emea.needs).toBe("gate-1-canary");
    expect(emea.if).toBe("${{ !cancelled() && needs.gate-1-canary.result == 'success' }}");
    const gate = wf.jobs["gate-2-emea-production"] as Job;
    expect(gate.needs).toBe("wave-2-emea-production");
    expect(gate.if).toBe(
      "${{ !cancelled() && (needs.wave-2-emea-production.result == 'success' || needs.wave-2-emea-production.result == 'failure') }}",
    );
    const verdict = gate.steps.find((s) => s.run?.includes("--gate")) as Step;
    expect(verdict.env).toEqual({
      PLAN: "../rollout.yaml",
      WAVE: "EMEA (production)",
      RESULTS: "${{ runner.temp }}/okta-provisioning-results",
    });
    expect(verdict.name).toContain("failureTolerance (1)");
  });

  it("runs each stack in the GitHub environment of its name, one run at a time per stack", () => {
    const wf = workflow(emit(repo()));
    for (const id of ["wave-1-canary", "wave-2-emea-production", "wave-3-rest"]) {
      const job = wf.jobs[id] as Job;
      expect(job.environment).toBe("${{ matrix.stack }}");
      expect(job.concurrency).toEqual({
        group: "okta-provisioning-rollout-fleet-${{ matrix.stack }}",
        "cancel-in-progress": false,
      });
      const rollout = job.steps.find((s) => s.run?.includes("okta-provisioning rollout")) as Step;
      expect(rollout["working-directory"]).toBe("infra/provisioning");
      expect(rollout.run).toBe(
        'npx --no -- okta-provisioning rollout --plan "$PLAN" --stack "$STACK" --json --log-dir "$OUT/logs" > "$OUT/result.json"',
      );
      // The result is saved even when the rollout failed, and replaces an earlier attempt's.
      const save = job.steps.at(-1) as Step;
      expect(save.uses).toMatch(/^actions\/upload-artifact@/);
      expect(save.if).toBe("${{ !cancelled() }}");
      expect(save.with).toMatchObject({ name: "${{ matrix.artifact }}", overwrite: true });
      // The job marks its stack before anything can fail, so a job that stopped early reads as failed.
      expect(job.steps[0]?.run).toContain('> "$OUT/stack"');
    }
  });

  it("keeps to least privilege: secrets only in the rollout step, actions pinned by commit, no kept credentials", () => {
    for (const mode of ["rollout", "preview"] as const) {
      const text = emit(repo(), { mode });
      const wf = workflow(text);
      expect(wf.permissions).toEqual({ contents: "read" });
      const withSecrets = stepsOf(wf).filter((s) => JSON.stringify(s).includes("secrets."));
      expect(withSecrets.map((s) => s.name)).toEqual(
        PLAN.waves.map(() =>
          mode === "preview" ? "okta-provisioning rollout --preview" : "okta-provisioning rollout",
        ),
      );
      for (const step of withSecrets)
        expect(Object.entries(step.env ?? {}).filter(([, v]) => v.includes("secrets."))).toEqual([
          ["PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}"],
          ["PULUMI_CONFIG_PASSPHRASE", "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}"],
        ]);
      // Nowhere else: not the workflow's or a job's env, not npm ci.
      const outside = text
        .split("\n")
        .filter((l) => l.includes("secrets."))
        .filter((l) => !/^ {10}PULUMI_(ACCESS_TOKEN|CONFIG_PASSPHRASE): \$\{\{ secrets\./.test(l));
      expect(outside).toEqual([]);
      for (const step of stepsOf(wf).filter((s) => s.uses)) {
        expect(step.uses).toMatch(/^[a-z-]+\/[a-z-]+@[0-9a-f]{40}$/);
        expect(text).toContain(`${step.uses} # v`);
      }
      for (const checkout of stepsOf(wf).filter((s) => s.uses?.startsWith("actions/checkout@")))
        expect(checkout.with).toEqual({ "persist-credentials": false });
    }
    expect(new Set(Object.values(PINNED_ACTIONS).map((a) => a.sha)).size).toBe(5);
  });

  it("previews with the same waves and no gate (a preview never halts), then writes the fleet view", () => {
    const wf = workflow(emit(repo(), { mode: "preview" }));
    expect(Object.keys(wf.jobs)).toEqual([
      "wave-1-canary",
      "wave-2-emea-production",
      "wave-3-rest",
      "fleet-view",
    ]);
    expect(wf.jobs["wave-2-emea-production"]).toMatchObject({
      needs: "wave-1-canary",
      if: "${{ !cancelled() }}",
    });
    expect(wf.jobs["wave-2-emea-production"]?.concurrency).toBeUndefined();
    expect(wf.jobs["wave-2-emea-production"]?.strategy?.matrix.include[0]).toEqual({
      stack: "emea-1",
      artifact: "preview-emea-1",
    });
    const fleet = wf.jobs["fleet-view"] as Job;
    expect(fleet.needs).toEqual(["wave-1-canary", "wave-2-emea-production", "wave-3-rest"]);
    expect(fleet.if).toBe("${{ !cancelled() }}");
    expect(fleet.steps.at(-1)?.run).toBe(
      'npx --no -- okta-provisioning rollout --plan "$PLAN" --fleet --results "$RESULTS" --summary "$GITHUB_STEP_SUMMARY"',
    );
    expect(Object.keys(wf.on)).toEqual(["pull_request", "workflow_dispatch"]);
  });

  it("renders the same text wherever it runs from and wherever the repository is, so regenerating diffs cleanly", () => {
    const a = repo();
    const b = repo();
    const cwd = process.cwd();
    let fromElsewhere: string;
    try {
      process.chdir(os.tmpdir());
      fromElsewhere = emit(a, { out: path.join(a, ".github", "workflows", "rollout.yml") });
    } finally {
      process.chdir(cwd);
    }
    const text = emit(b, { out: path.join(b, ".github", "workflows", "rollout.yml") });
    expect(fromElsewhere).toBe(text);
    expect(text).not.toContain(a);
    expect(text).not.toContain(os.tmpdir());
    expect(workflow(text).on).toEqual({
      push: {
        branches: ["main"],
        paths: ["infra/rollout.yaml", "infra/provisioning/**", ".github/workflows/rollout.yml"],
      },
      workflow_dispatch: null,
    });
    expect(text.split("\n")[0]).toBe(
      "# Generated from infra/rollout.yaml by `okta-provisioning rollout --plan infra/rollout.yaml --emit github-actions --out .github/workflows/rollout.yml`: do not edit.",
    );
  });

  it("installs the command globally for a program that is not a Node.js one", () => {
    const wf = workflow(emit(repo(PLAN, false)));
    const job = wf.jobs["wave-1-canary"] as Job;
    expect(job.steps.map((s) => s.run ?? s.uses)).toContainEqual(
      expect.stringMatching(
        /^npm install --global --no-audit --no-fund pulumi-okta-provisioning@\d+\.\d+\.\d+/,
      ),
    );
    expect(job.steps.find((s) => s.run?.includes("--stack"))?.run).toMatch(/^okta-provisioning rollout /);
    expect(job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with).toEqual({
      "node-version": "22",
    });
  });

  it("refuses what would not work or not be safe in a workflow, saying why", () => {
    expect(
      refusal(() => emit(repo({ ...PLAN, waves: [{ name: "${{ secrets.PROD }}", stacks: ["a"] }] }))),
    ).toMatch(/wave name "\$\{\{ secrets\.PROD \}\}" contains "\$\{\{", which GitHub Actions would evaluate/);
    expect(refusal(() => emit(repo(PLAN, { dependencies: {} })))).toMatch(
      /package\.json does not depend on pulumi-okta-provisioning/,
    );
    const outside = repo();
    expect(refusal(() => emit(outside, { repoRoot: path.join(outside, "infra", "provisioning") }))).toMatch(
      /the plan .*rollout\.yaml is outside the repository/,
    );
    const noGit = repo();
    fs.rmSync(path.join(noGit, ".git"), { recursive: true });
    expect(refusal(() => emit(noGit))).toMatch(/is not inside a git repository: pass --repo-root DIR/);
  });

  it("keeps the example's committed workflows in step with its plan", () => {
    const planFile = path.join(REPO_ROOT, "examples", "rollout", "rollout.yaml");
    for (const [file, mode] of [
      ["okta-rollout.yml", "rollout"],
      ["okta-preview.yml", "preview"],
    ] as const) {
      const out = path.join(REPO_ROOT, "examples", "rollout", "workflows", file);
      const text = githubActionsWorkflow(loadPlan(planFile), { planFile, mode, out, repoRoot: REPO_ROOT });
      expect(fs.readFileSync(out, "utf8")).toBe(text);
    }
  });
});
