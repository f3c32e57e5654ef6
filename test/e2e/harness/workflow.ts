/**
 * Runs a GitHub Actions job of one of our example workflows the way a runner would, so a test can show what the
 * job does: each step in order, `if:` and `${{ }}` evaluated, `run:` scripts literally with `bash -e`, step outputs
 * through $GITHUB_OUTPUT, `continue-on-error`, and the job's result. What only GitHub can do is replaced by stubs
 * that record what they would have done: `actions/github-script` runs its script against a fake `github` client
 * that keeps the pull request's comments, and `actions/upload-artifact` records its paths. The steps that set up
 * the machine (checkout, Node, the Pulumi CLI, `npm ci`) are done by the e2e harness beforehand.
 *
 * The expression evaluator knows the expressions our workflows use and throws on anything else, so a workflow
 * that grows past it fails the test instead of being evaluated wrongly.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  if?: string;
  "working-directory"?: string;
  "continue-on-error"?: boolean;
}

interface Workflow {
  jobs: Record<
    string,
    { env?: Record<string, string>; steps: WorkflowStep[]; strategy?: { matrix?: Record<string, unknown[]> } }
  >;
}

export interface Comment {
  id: number;
  body: string;
  /** Who posted it, as GitHub's API says (`github-actions[bot]`, type `Bot`, for the workflow's own). */
  user?: { login: string; type: string };
}

/** What a pull request holds across runs of the job: its comments. */
export interface PullRequest {
  number: number;
  comments: Comment[];
  /** Every create or update the job made, in order. */
  posted: Array<{ op: "create" | "update"; id: number; body: string }>;
}

export interface StepRun {
  name: string;
  skipped: boolean;
  /** Exit code of a run step (0 for a stub). */
  code?: number;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
}

export interface JobRun {
  /** The job's result as GitHub shows it. */
  failed: boolean;
  steps: StepRun[];
  /** Paths `actions/upload-artifact` would upload that exist. */
  uploaded: string[];
  summary: string;
}

export interface JobOptions {
  workflowFile: string;
  /** The checkout: where the job's steps run, and GITHUB_WORKSPACE. */
  workspace: string;
  matrix: Record<string, string>;
  secrets: Record<string, string>;
  /** The runner's environment (PATH with pulumi and node, the Pulumi backend, …). */
  env: NodeJS.ProcessEnv;
  pullRequest?: PullRequest;
  /** Steps the harness has done already: `uses:` prefixes and `run:` commands. */
  preparedUses?: string[];
  preparedRuns?: string[];
}

// ---------- expressions ----------

type Value = string | number | boolean | null | undefined | Record<string, unknown>;

interface Scope {
  contexts: Record<string, Record<string, unknown>>;
  jobFailed: boolean;
  workspace: string;
}

const TOKEN = /\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\)|,|\.)|([A-Za-z_][A-Za-z0-9_-]*)|(\d+))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`workflow expression not understood at "${text.slice(start)}": ${text}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return tokens;
}

function truthy(v: Value): boolean {
  return v !== "" && v !== 0 && v !== false && v !== null && v !== undefined;
}

function asString(v: Value): string {
  if (v === undefined || v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function evaluate(text: string, scope: Scope): Value {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (expected !== undefined && t !== expected)
      throw new Error(`workflow expression: expected "${expected}" in ${text}`);
    return t;
  };
  const call = (name: string, args: Value[]): Value => {
    switch (name) {
      case "always":
        return true;
      case "success":
        return !scope.jobFailed;
      case "failure":
        return scope.jobFailed;
      case "format":
        return asString(args[0]).replace(/\{(\d+)\}/g, (_, n: string) => asString(args[Number(n) + 1]));
      case "hashFiles": {
        const file = path.join(scope.workspace, asString(args[0]));
        if (/[*?[]/.test(asString(args[0]))) throw new Error(`hashFiles: globs are not supported: ${text}`);
        return fs.existsSync(file) ? "hash" : "";
      }
      default:
        throw new Error(`workflow expression: unknown function ${name}() in ${text}`);
    }
  };
  const primary = (): Value => {
    const t = take();
    if (t === undefined) throw new Error(`workflow expression ends early: ${text}`);
    if (t === "(") {
      const v = or();
      take(")");
      return v;
    }
    if (t === "!") return !truthy(primary());
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d+$/.test(t)) return Number(t);
    if (t === "true" || t === "false") return t === "true";
    if (peek() === "(") {
      take("(");
      const args: Value[] = [];
      while (peek() !== ")") {
        args.push(or());
        if (peek() === ",") take(",");
      }
      take(")");
      return call(t, args);
    }
    if (!(t in scope.contexts)) throw new Error(`workflow expression: unknown context ${t} in ${text}`);
    let v: unknown = scope.contexts[t];
    while (peek() === ".") {
      take(".");
      const key = take();
      v = (v as Record<string, unknown> | undefined)?.[key];
    }
    return v as Value;
  };
  const comparison = (): Value => {
    const left = primary();
    if (peek() === "==" || peek() === "!=") {
      const op = take();
      const right = primary();
      const equal = asString(left) === asString(right);
      return op === "==" ? equal : !equal;
    }
    return left;
  };
  const and = (): Value => {
    let v = comparison();
    while (peek() === "&&") {
      take();
      const r = comparison();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === "||") {
      take();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const value = or();
  if (i < tokens.length) throw new Error(`workflow expression: unexpected "${tokens[i]}" in ${text}`);
  return value;
}

function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => asString(evaluate(expr, scope)));
}

/** `if:` as GitHub reads it: without a status function, `success() && (…)`. */
function condition(text: string | undefined, scope: Scope): boolean {
  if (text === undefined) return !scope.jobFailed;
  const expr = text.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, "$1");
  const withStatus = /\b(always|success|failure|cancelled)\s*\(/.test(expr) ? expr : `success() && (${expr})`;
  return truthy(evaluate(withStatus, scope));
}

// ---------- stubs ----------

/** Runs a command without blocking this process: the emulator the job talks to runs in it. */
function exec(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 600_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** `actions/github-script`: the script in a node process of its own, against a fake client of the pull request. */
async function githubScript(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  pr: PullRequest,
): Promise<StepRun> {
  const store = path.join(cwd, `.github-script-${process.pid}.json`);
  fs.writeFileSync(store, JSON.stringify(pr));
  const runner = `
const fs = require("fs");
const pr = JSON.parse(fs.readFileSync(${JSON.stringify(store)}, "utf8"));
const comments = pr.comments;
const check = (args) => { if (args.owner !== "acme" || args.repo !== "infra") throw new Error("wrong repo " + JSON.stringify(args)); };
const github = {
  paginate: async (method, args) => (await method(args)).data,
  rest: { issues: {
    listComments: async (args) => { check(args); if (args.issue_number !== pr.number) throw new Error("wrong PR"); return { data: comments.map((c) => ({ ...c })) }; },
    createComment: async (args) => { check(args); if (args.issue_number !== pr.number) throw new Error("wrong PR");
      const id = 1000 + comments.length; comments.push({ id, body: args.body, user: { login: "github-actions[bot]", type: "Bot" } }); pr.posted.push({ op: "create", id, body: args.body }); },
    updateComment: async (args) => { check(args); const c = comments.find((x) => x.id === args.comment_id); if (!c) throw new Error("no comment " + args.comment_id);
      // As GitHub: the workflow's token may edit only its own bot's comments.
      if (c.user?.login !== "github-actions[bot]") throw new Error("403 Resource not accessible by integration");
      c.body = args.body; pr.posted.push({ op: "update", id: c.id, body: args.body }); },
  } },
};
const context = { repo: { owner: "acme", repo: "infra" }, payload: { pull_request: { number: pr.number } } };
(async () => {
${script}
})().then(() => fs.writeFileSync(${JSON.stringify(store)}, JSON.stringify(pr)), (err) => { console.error(err); process.exit(1); });
`;
  const result = await exec(process.execPath, ["-e", runner], { cwd, env });
  const after = JSON.parse(fs.readFileSync(store, "utf8")) as PullRequest;
  fs.rmSync(store, { force: true });
  pr.comments.splice(0, pr.comments.length, ...after.comments);
  pr.posted.splice(0, pr.posted.length, ...after.posted);
  return {
    name: "actions/github-script",
    skipped: false,
    code: result.code,
    outputs: {},
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

// ---------- the job ----------

export function workflowSteps(file: string): { env: Record<string, string>; steps: WorkflowStep[] } {
  const wf = parse(fs.readFileSync(file, "utf8")) as Workflow;
  const jobs = Object.values(wf.jobs);
  if (jobs.length !== 1) throw new Error(`${file}: expected one job, found ${jobs.length}`);
  return { env: jobs[0].env ?? {}, steps: jobs[0].steps };
}

export async function runJob(options: JobOptions): Promise<JobRun> {
  const { env: jobEnvRaw, steps } = workflowSteps(options.workflowFile);
  const scope: Scope = {
    contexts: { matrix: options.matrix, secrets: options.secrets, env: {}, steps: {} },
    jobFailed: false,
    workspace: options.workspace,
  };
  const jobEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(jobEnvRaw)) jobEnv[k] = interpolate(String(v), scope);
  scope.contexts.env = jobEnv;
  const summaryFile = path.join(options.workspace, `.step-summary-${process.pid}`);
  fs.writeFileSync(summaryFile, "");
  const run: JobRun = { failed: false, steps: [], uploaded: [], summary: "" };

  for (const [index, step] of steps.entries()) {
    const name = step.name ?? step.uses ?? step.run?.split("\n")[0] ?? `step ${index}`;
    if (!condition(step.if, scope)) {
      run.steps.push({ name, skipped: true, outputs: {}, stdout: "", stderr: "" });
      continue;
    }
    const stepEnv: Record<string, string> = { ...jobEnv };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(String(v), scope);
    const cwd = path.resolve(
      options.workspace,
      step["working-directory"] ? interpolate(step["working-directory"], scope) : ".",
    );
    const outputFile = path.join(options.workspace, `.github-output-${process.pid}-${index}`);
    fs.writeFileSync(outputFile, "");
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      ...stepEnv,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    let result: StepRun;
    if (step.uses) {
      const uses = step.uses;
      const withArgs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)]),
      );
      if ((options.preparedUses ?? []).some((p) => uses.startsWith(p))) {
        result = { name, skipped: false, code: 0, outputs: {}, stdout: "", stderr: "" };
      } else if (uses.startsWith("actions/github-script@")) {
        if (!options.pullRequest) throw new Error("a github-script step needs a pullRequest");
        result = await githubScript(withArgs.script ?? "", options.workspace, env, options.pullRequest);
        result.name = name;
      } else if (uses.startsWith("actions/upload-artifact@")) {
        for (const line of (withArgs.path ?? "")
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean)) {
          if (/[*?[]/.test(line)) {
            const dir = path.resolve(options.workspace, path.dirname(line));
            const pattern = new RegExp(`^${path.basename(line).replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
            for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : [])
              if (pattern.test(f)) run.uploaded.push(path.relative(options.workspace, path.join(dir, f)));
          } else if (fs.existsSync(path.resolve(options.workspace, line))) run.uploaded.push(line);
        }
        result = { name, skipped: false, code: 0, outputs: {}, stdout: "", stderr: "" };
      } else throw new Error(`no stub for ${uses}: add one to test/e2e/harness/workflow.ts`);
    } else if (step.run !== undefined) {
      const script = interpolate(step.run, scope);
      if ((options.preparedRuns ?? []).includes(script.trim())) {
        result = { name, skipped: false, code: 0, outputs: {}, stdout: "", stderr: "" };
      } else {
        // GitHub's default shell on Linux: `bash -e {0}`.
        const file = path.join(options.workspace, `.step-${process.pid}-${index}.sh`);
        fs.writeFileSync(file, script);
        const r = await exec("bash", ["-e", file], { cwd, env });
        fs.rmSync(file, { force: true });
        result = { name, skipped: false, code: r.code, outputs: {}, stdout: r.stdout, stderr: r.stderr };
      }
    } else throw new Error(`step ${name} has neither uses nor run`);
    for (const line of fs.readFileSync(outputFile, "utf8").split("\n").filter(Boolean)) {
      if (line.includes("<<")) throw new Error(`multi-line step outputs are not supported: ${line}`);
      const eq = line.indexOf("=");
      result.outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    fs.rmSync(outputFile, { force: true });
    if (step.id) (scope.contexts.steps as Record<string, unknown>)[step.id] = { outputs: result.outputs };
    if (result.code !== 0 && !step["continue-on-error"]) scope.jobFailed = true;
    run.steps.push(result);
  }
  run.failed = scope.jobFailed;
  run.summary = fs.readFileSync(summaryFile, "utf8");
  fs.rmSync(summaryFile, { force: true });
  return run;
}
