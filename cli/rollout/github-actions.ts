/**
 * `okta-provisioning rollout --emit github-actions`: the plan as a GitHub Actions workflow, for teams whose orgs'
 * credentials live in GitHub environments and whose deployments run on runners. The same plan, the same rules:
 *
 *   wave           → a job, its matrix over the wave's stacks (`max-parallel` = the wave's `parallel`,
 *                    `fail-fast: false`), waves ordered by `needs`
 *   stack (org)    → a matrix entry, in the GitHub environment named after the stack, with a concurrency group of
 *                    its own; the job runs `okta-provisioning rollout --stack` (the local rollout, for one stack)
 *   tolerance      → a gate job after each wave: `okta-provisioning rollout --gate` applies the local rollout's
 *                    rule (tolerance.ts) to the wave's saved results and halts the later waves
 *   --preview      → the same waves running previews, then a job that writes the fleet view (fleet.ts) to the
 *                    run's job summary
 *
 * The workflow is a product of the plan, not a template: it is rendered from the plan and nothing else (no clock,
 * no absolute path), so regenerating gives a clean diff and `--check` can compare.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { CliError } from "../errors";
import { packageVersion } from "../package-info";
import { toleranceOf, type RolloutMode } from "./tolerance";
import type { RolloutPlan } from "./types";

/**
 * The actions the workflow uses, pinned by commit (a tag can be moved; a commit cannot), with the release each
 * commit is, for the reader and for Dependabot or Renovate, which update both together.
 */
export const PINNED_ACTIONS = {
  checkout: { repo: "actions/checkout", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" },
  setupNode: {
    repo: "actions/setup-node",
    sha: "820762786026740c76f36085b0efc47a31fe5020",
    version: "v7.0.0",
  },
  pulumi: { repo: "pulumi/actions", sha: "8e5e406f4007fca908480587cb9893c07090f58d", version: "v7.0.0" },
  uploadArtifact: {
    repo: "actions/upload-artifact",
    sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    version: "v7.0.0",
  },
  downloadArtifact: {
    repo: "actions/download-artifact",
    sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
    version: "v8.0.1",
  },
} as const;

/** The Node.js major the jobs run the program and the command with (an active LTS line). */
export const NODE_VERSION = "22";

/** GitHub's limit on the jobs one matrix generates in a run. */
const MATRIX_LIMIT = 256;

/** Where a job keeps its result (`stack`, `result.json`, `logs/`): outside the checkout. */
const RESULT_DIR = "${{ runner.temp }}/okta-provisioning-rollout";
const RESULTS_DIR = "${{ runner.temp }}/okta-provisioning-results";

export interface EmitOptions {
  /** The plan file, as given on the command line. */
  planFile: string;
  mode: RolloutMode;
  /** The repository's root (default: the nearest directory above the plan holding `.git`). */
  repoRoot?: string;
  /** Where the workflow is written, so that changing it also runs it (`on.push.paths`). */
  out?: string;
  /** The branch whose pushes run the rollout, and whose pull requests run the preview (default `main`). */
  branch?: string;
}

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

function uses(action: (typeof PINNED_ACTIONS)[keyof typeof PINNED_ACTIONS]): string {
  return `${action.repo}@${action.sha}`;
}

/** The nearest directory at or above `dir` that holds `.git` (a directory, or a worktree's file). */
function gitRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** A path as the workflow names it: relative to the repository root, with `/`, `.` for the root itself. */
function repoPath(root: string, target: string, what: string): string {
  const rel = path.relative(root, path.resolve(target));
  if (rel.startsWith("..") || path.isAbsolute(rel))
    throw new CliError(
      `${what} ${target} is outside the repository ${root}: the workflow's checkout would not have it`,
    );
  return rel.split(path.sep).join("/") || ".";
}

/** `wave-2-emea` from wave 2 named "EMEA (prod)": a job id GitHub accepts, still readable. */
function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return s || "wave";
}

/**
 * GitHub evaluates `${{ … }}` in job names, environment values and more: a plan string carrying one would run an
 * expression of its author's in the workflow, so such a plan is refused.
 */
function refuseExpression(value: string, what: string): void {
  if (value.includes("${{"))
    throw new CliError(
      `${what} "${value}" contains "\${{", which GitHub Actions would evaluate as an expression: rename it`,
    );
}

interface Program {
  /** Repository-relative program directory. */
  dir: string;
  /** The Pulumi project's name, for the concurrency groups. */
  project: string;
  /** A Node.js program with this package in its dependencies: `npm ci` there installs the command. */
  node: { lockfile: boolean } | undefined;
}

function readProgram(plan: RolloutPlan, root: string): Program {
  const file = ["Pulumi.yaml", "Pulumi.yml"]
    .map((f) => path.join(plan.program, f))
    .find((f) => fs.existsSync(f));
  if (!file) throw new CliError(`program ${plan.program} has no Pulumi.yaml`);
  const project = (parse(fs.readFileSync(file, "utf8")) as { name?: unknown } | null)?.name;
  if (typeof project !== "string" || !/^[A-Za-z0-9_.-]+$/.test(project))
    throw new CliError(`${file} has no valid project name`);
  const dir = repoPath(root, plan.program, "the program");
  const manifest = path.join(plan.program, "package.json");
  if (!fs.existsSync(manifest)) return { dir, project, node: undefined };
  const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  if (!pkg.dependencies?.["pulumi-okta-provisioning"] && !pkg.devDependencies?.["pulumi-okta-provisioning"])
    throw new CliError(
      `${manifest} does not depend on pulumi-okta-provisioning: the workflow's jobs run the okta-provisioning command that \`npm ci\` installs there (npm install pulumi-okta-provisioning)`,
    );
  return { dir, project, node: { lockfile: fs.existsSync(path.join(plan.program, "package-lock.json")) } };
}

/** The steps every job starts with: the checkout (its token not kept), Node.js, and the command installed. */
function setupSteps(program: Program, pulumi: boolean): Step[] {
  const steps: Step[] = [
    { uses: uses(PINNED_ACTIONS.checkout), with: { "persist-credentials": false } },
    {
      uses: uses(PINNED_ACTIONS.setupNode),
      with: {
        "node-version": NODE_VERSION,
        ...(program.node?.lockfile
          ? { cache: "npm", "cache-dependency-path": `${program.dir}/package-lock.json` }
          : {}),
      },
    },
  ];
  if (pulumi) steps.push({ name: "Install the Pulumi CLI", uses: uses(PINNED_ACTIONS.pulumi) });
  if (program.node)
    steps.push({
      name: "Install the program's dependencies",
      "working-directory": program.dir,
      // No secret is in this step's environment: install scripts of dependencies see none.
      run: program.node.lockfile ? "npm ci" : "npm install --no-audit --no-fund",
    });
  else
    steps.push({
      name: "Install okta-provisioning",
      run: `npm install --global --no-audit --no-fund pulumi-okta-provisioning@${packageVersion()}`,
    });
  return steps;
}

/** The command as the job runs it, from the program's directory. */
function command(program: Program): string {
  return program.node ? "npx --no -- okta-provisioning" : "okta-provisioning";
}

/**
 * Renders the workflow. Reads the plan's program (its Pulumi.yaml and package.json) and nothing else, so the same
 * plan always gives the same text.
 */
export function githubActionsWorkflow(plan: RolloutPlan, options: EmitOptions): string {
  const planDir = path.dirname(path.resolve(options.planFile));
  const root = options.repoRoot ? path.resolve(options.repoRoot) : gitRoot(planDir);
  if (!root)
    throw new CliError(
      `${options.planFile} is not inside a git repository: pass --repo-root DIR (the repository the workflow will run in)`,
    );
  const mode = options.mode;
  const preview = mode === "preview";
  const program = readProgram(plan, root);
  const planPath = repoPath(root, options.planFile, "the plan");
  const outPath = options.out ? repoPath(root, options.out, "--out") : undefined;
  const branch = options.branch ?? "main";
  refuseExpression(branch, "--branch");
  // The plan as the job passes it to the command, which runs in the program's directory.
  const planFromProgram = path
    .relative(path.join(root, program.dir), path.join(root, planPath))
    .split(path.sep)
    .join("/");
  for (const p of [planPath, program.dir, ...(outPath ? [outPath] : [])]) refuseExpression(p, "the path");

  const artifactOf = (stack: string) => `${preview ? "preview" : "rollout"}-${stack.replace(/\//g, "__")}`;
  const artifacts = new Map<string, string>();
  for (const wave of plan.waves) {
    refuseExpression(wave.name, "wave name");
    if (wave.stacks.length > MATRIX_LIMIT)
      throw new CliError(
        `wave "${wave.name}" has ${wave.stacks.length} stacks; a GitHub Actions matrix runs at most ${MATRIX_LIMIT}: split it into waves`,
      );
    for (const stack of wave.stacks) {
      const artifact = artifactOf(stack);
      const other = artifacts.get(artifact);
      if (other !== undefined)
        throw new CliError(`stacks "${other}" and "${stack}" would save their results under one name`);
      artifacts.set(artifact, stack);
    }
  }

  const jobs: Record<string, Job> = {};
  const waveIds = plan.waves.map((w, i) => `wave-${i + 1}-${slug(w.name)}`);
  let previous: { id: string; condition: string } | undefined;
  plan.waves.forEach((wave, i) => {
    const id = waveIds[i] as string;
    const rolloutStep: Step = {
      name: preview ? "okta-provisioning rollout --preview" : "okta-provisioning rollout",
      "working-directory": program.dir,
      env: {
        PLAN: planFromProgram,
        STACK: "${{ matrix.stack }}",
        OUT: RESULT_DIR,
        // The only step with secrets: the Pulumi backend's token and the stack's passphrase (an environment's
        // secrets override the repository's, so each org's environment can hold its own).
        PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
        PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      },
      run: `${command(program)} rollout --plan "$PLAN" --stack "$STACK"${preview ? " --preview" : ""} --json --log-dir "$OUT/logs" > "$OUT/result.json"`,
    };
    jobs[id] = {
      name: `wave ${wave.name}: \${{ matrix.stack }}`,
      ...(previous ? { needs: previous.id, if: previous.condition } : {}),
      "runs-on": "ubuntu-latest",
      environment: "${{ matrix.stack }}",
      // One run at a time per stack: a second run's job waits (a third replaces the waiting one). Previews write
      // nothing and take no group, so a pull request's preview never displaces a waiting update.
      ...(preview
        ? {}
        : {
            concurrency: {
              group: `okta-provisioning-rollout-${program.project}-\${{ matrix.stack }}`,
              "cancel-in-progress": false,
            },
          }),
      strategy: {
        "fail-fast": false,
        "max-parallel": wave.parallel ?? 1,
        matrix: { include: wave.stacks.map((stack) => ({ stack, artifact: artifactOf(stack) })) },
      },
      steps: [
        {
          // Saved even when a later step fails, so the gate tells a job that stopped early from one that passed
          // in an earlier attempt of the run.
          name: "Mark the stack's result as not yet known",
          env: { STACK: "${{ matrix.stack }}", OUT: RESULT_DIR },
          run: 'mkdir -p "$OUT" && printf \'%s\\n\' "$STACK" > "$OUT/stack"',
        },
        ...setupSteps(program, true),
        rolloutStep,
        {
          name: "Save the stack's result",
          if: "${{ !cancelled() }}",
          uses: uses(PINNED_ACTIONS.uploadArtifact),
          with: {
            name: "${{ matrix.artifact }}",
            path: `${RESULT_DIR}/`,
            "if-no-files-found": "error",
            // "Re-run failed jobs" saves the re-run's result over the failed one.
            overwrite: true,
          },
        },
      ],
    };
    if (!Number.isFinite(toleranceOf(wave, mode))) {
      previous = { id, condition: "${{ !cancelled() }}" };
      return;
    }
    const gateId = `gate-${i + 1}-${slug(wave.name)}`;
    jobs[gateId] = {
      name: `gate: wave ${wave.name}`,
      needs: id,
      if: `\${{ !cancelled() && (needs.${id}.result == 'success' || needs.${id}.result == 'failure') }}`,
      "runs-on": "ubuntu-latest",
      steps: [
        ...setupSteps(program, false),
        {
          name: "Download the wave's results",
          uses: uses(PINNED_ACTIONS.downloadArtifact),
          with: { pattern: "rollout-*", path: RESULTS_DIR },
        },
        {
          name: `Halt the rollout when the wave's failures exceed its failureTolerance (${toleranceOf(wave, mode)})`,
          "working-directory": program.dir,
          env: { PLAN: planFromProgram, WAVE: wave.name, RESULTS: RESULTS_DIR },
          run: `${command(program)} rollout --plan "$PLAN" --gate "$WAVE" --results "$RESULTS" --summary "$GITHUB_STEP_SUMMARY"`,
        },
      ],
    };
    previous = { id: gateId, condition: `\${{ !cancelled() && needs.${gateId}.result == 'success' }}` };
  });

  if (preview)
    jobs["fleet-view"] = {
      name: "fleet view",
      needs: waveIds,
      if: "${{ !cancelled() }}",
      "runs-on": "ubuntu-latest",
      steps: [
        ...setupSteps(program, false),
        {
          name: "Download the previews",
          uses: uses(PINNED_ACTIONS.downloadArtifact),
          with: { pattern: "preview-*", path: RESULTS_DIR },
        },
        {
          name: "Write the fleet view to the job summary",
          "working-directory": program.dir,
          env: { PLAN: planFromProgram, RESULTS: RESULTS_DIR },
          run: `${command(program)} rollout --plan "$PLAN" --fleet --results "$RESULTS" --summary "$GITHUB_STEP_SUMMARY"`,
        },
      ],
    };

  const watched = [planPath, program.dir === "." ? "**" : `${program.dir}/**`, ...(outPath ? [outPath] : [])];
  const workflow = {
    name: `Okta provisioning ${preview ? "preview" : "rollout"}: ${planPath}`,
    on: preview
      ? { pull_request: { branches: [branch], paths: watched }, workflow_dispatch: null }
      : { push: { branches: [branch], paths: watched }, workflow_dispatch: null },
    permissions: { contents: "read" },
    defaults: { run: { shell: "bash" } },
    env: { PULUMI_BACKEND_URL: "${{ vars.PULUMI_BACKEND_URL }}", PULUMI_SKIP_UPDATE_CHECK: "true" },
    jobs,
  };

  const regenerate = [
    "okta-provisioning rollout --plan",
    planPath,
    "--emit github-actions",
    ...(preview ? ["--preview"] : []),
    ...(outPath ? ["--out", outPath] : []),
  ].join(" ");
  const header = [
    `# Generated from ${planPath} by \`${regenerate}\`: do not edit.`,
    "# Change the plan and regenerate; the same command with --check fails while this file and the plan disagree.",
    preview
      ? "# Each wave is a job previewing its stacks (a matrix, each stack in the GitHub environment of its name); the"
      : "# Each wave is a job updating its stacks (a matrix, each stack in the GitHub environment of its name); a gate",
    preview
      ? "# last job writes the fleet view to the run's summary. Nothing is written to any org. See docs/rollout.md."
      : "# after each wave halts the rest when the wave's failures exceed its failureTolerance. See docs/rollout.md.",
  ];
  let text = stringify(workflow, { lineWidth: 0, nullStr: "" });
  for (const action of Object.values(PINNED_ACTIONS))
    text = text.split(`uses: ${uses(action)}\n`).join(`uses: ${uses(action)} # ${action.version}\n`);
  return `${header.join("\n")}\n${text}`;
}
