/**
 * The rollout command's CI modes: `--emit github-actions` (write or `--check` the workflow), and what that
 * workflow's jobs run: `--stack` (one stack of the plan), `--gate WAVE` and `--fleet` over the saved `--results`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "../errors";
import { fleetFromResults, gateWave, readResults } from "./ci-results";
import { githubActionsWorkflow } from "./github-actions";
import type { RolloutPlan } from "./types";

export interface CiFlags {
  plan: string;
  preview?: boolean;
  emit?: string;
  out?: string;
  check?: boolean;
  repoRoot?: string;
  branch?: string;
  stack?: string;
  gate?: string;
  fleet?: boolean;
  results?: string;
  summary?: string;
}

/** Refuses flags that do not go together, before the plan is read. */
export function checkCiFlags(flags: CiFlags): void {
  const given = (names: Array<keyof CiFlags>) =>
    names.filter((n) => flags[n] !== undefined && flags[n] !== false);
  const flag = (n: string) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const refuse = (names: Array<keyof CiFlags>, unless: string) => {
    const wrong = given(names);
    if (wrong.length > 0) throw new CliError(`${wrong.map(flag).join(", ")} only go(es) with ${unless}`);
  };
  if (flags.emit !== undefined && flags.emit !== "github-actions")
    throw new CliError(`--emit ${flags.emit}: the only target is github-actions`);
  if (flags.emit === undefined) refuse(["out", "check", "repoRoot", "branch"], "--emit");
  else refuse(["stack", "gate", "fleet", "results", "summary"], "a rollout, not with --emit");
  if (flags.check && !flags.out)
    throw new CliError("--check needs --out FILE: the committed workflow to compare");
  if (flags.gate !== undefined && flags.fleet)
    throw new CliError("--gate and --fleet are two jobs: give one");
  if ((flags.gate !== undefined || flags.fleet) && !flags.results)
    throw new CliError(`${flags.fleet ? "--fleet" : "--gate"} needs --results DIR (the jobs' saved results)`);
  if (flags.gate === undefined && !flags.fleet) refuse(["results", "summary"], "--gate or --fleet");
  else refuse(["stack"], "a rollout, not with --gate or --fleet");
}

/** The plan reduced to one of its stacks, in its own wave, for the job that rolls that stack out. */
export function onlyStack(plan: RolloutPlan, stack: string): RolloutPlan {
  const wave = plan.waves.find((w) => w.stacks.includes(stack));
  if (!wave)
    throw new CliError(
      `--stack ${stack}: the plan has no such stack (it has ${plan.waves.flatMap((w) => w.stacks).join(", ")})`,
    );
  return { ...plan, waves: [{ ...wave, stacks: [stack], parallel: 1 }] };
}

/** The first line where two texts differ, for a --check that says where. */
function firstDifference(a: string, b: string): string {
  const left = a.split("\n");
  const right = b.split("\n");
  for (let i = 0; i < Math.max(left.length, right.length); i++)
    if (left[i] !== right[i])
      return `line ${i + 1}: the file has ${JSON.stringify(left[i] ?? "(end of file)")}, the plan gives ${JSON.stringify(right[i] ?? "(end of file)")}`;
  return "";
}

function appendSummary(file: string | undefined, markdown: string): void {
  if (file) fs.appendFileSync(file, `${markdown}\n`);
}

/** Runs the CI mode the flags ask for; false when they ask for an ordinary rollout. */
export async function ciCommand(flags: CiFlags, plan: RolloutPlan): Promise<boolean> {
  if (flags.emit) {
    const text = githubActionsWorkflow(plan, {
      planFile: flags.plan,
      mode: flags.preview ? "preview" : "rollout",
      repoRoot: flags.repoRoot,
      out: flags.out,
      branch: flags.branch,
    });
    if (flags.check) {
      const out = flags.out as string;
      const committed = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined;
      if (committed === undefined)
        throw new CliError(`${out} does not exist: generate it (the same command without --check)`);
      if (committed !== text)
        throw new CliError(
          `${out} and the plan ${flags.plan} disagree (${firstDifference(committed, text)}): regenerate it (the same command without --check) and commit it`,
        );
      process.stdout.write(`${out} matches the plan ${flags.plan}.\n`);
    } else if (flags.out) {
      fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
      fs.writeFileSync(flags.out, text);
      process.stderr.write(`okta-provisioning: wrote ${flags.out} from the plan ${flags.plan}\n`);
    } else process.stdout.write(text);
    return true;
  }
  if (flags.gate !== undefined) {
    const verdict = gateWave(plan, flags.gate, readResults(flags.results as string));
    process.stdout.write(`${verdict.lines.join("\n")}\n`);
    appendSummary(flags.summary, verdict.markdown);
    if (verdict.halted) process.exitCode = 1;
    return true;
  }
  if (flags.fleet) {
    const report = fleetFromResults(plan, readResults(flags.results as string));
    process.stdout.write(`${report.lines.join("\n")}\n`);
    appendSummary(flags.summary, report.markdown);
    if (report.view.failed.length > 0) process.exitCode = 1;
    return true;
  }
  return false;
}
