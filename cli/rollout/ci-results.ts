/**
 * What the gate and fleet-view jobs of a generated workflow run: they read the results the stacks' jobs saved
 * (one artifact each: `stack`, the stack's name, written when the job starts; `result.json`, the output of
 * `okta-provisioning rollout --stack NAME --json`) and apply the local rollout's own code to them — the tolerance
 * rule (tolerance.ts) for a gate, the grouping (fleet.ts) for the fleet view.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "../errors";
import { groupFleet, renderFleet, type StackLines } from "./fleet";
import { changesText } from "./summary";
import { exceedsTolerance, haltReason, toleranceOf } from "./tolerance";
import type { FleetView, RolloutPlan, RolloutSummary, StackSummary } from "./types";

/** One stack's saved result, or why there is none that counts. */
export type SavedResult =
  { stack: string; summary: StackSummary; fleet?: FleetView } | { stack: string; missing: string };

/** Every artifact directory under `dir`: the ones holding a `stack` file. */
function artifactDirs(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    if (fs.existsSync(path.join(d, "stack"))) found.push(d);
    if (depth === 0) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true }))
      if (entry.isDirectory() && entry.name !== "logs") walk(path.join(d, entry.name), depth - 1);
  };
  walk(dir, 3);
  return found;
}

/** The saved results under `dir`, by stack name. */
export function readResults(dir: string): Map<string, SavedResult> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new CliError(
      `--results ${dir} is not a directory (where the workflow downloaded the stacks' results)`,
    );
  const results = new Map<string, SavedResult>();
  for (const d of artifactDirs(dir)) {
    const stack = fs.readFileSync(path.join(d, "stack"), "utf8").trim();
    const file = path.join(d, "result.json");
    if (!fs.existsSync(file)) {
      results.set(stack, {
        stack,
        missing: "its job stopped before `okta-provisioning rollout` finished (see the job's log)",
      });
      continue;
    }
    let summary: RolloutSummary;
    try {
      summary = JSON.parse(fs.readFileSync(file, "utf8")) as RolloutSummary;
    } catch {
      results.set(stack, {
        stack,
        missing: "its result is not the JSON of `okta-provisioning rollout --json`",
      });
      continue;
    }
    const own = summary.waves?.flatMap((w) => w.stacks).find((s) => s.stack === stack);
    results.set(
      stack,
      own
        ? { stack, summary: own, ...(summary.fleet ? { fleet: summary.fleet } : {}) }
        : { stack, missing: "its result does not name it" },
    );
  }
  return results;
}

function resultOf(results: Map<string, SavedResult>, stack: string): SavedResult {
  return results.get(stack) ?? { stack, missing: "no result: its job did not run or saved nothing" };
}

function failedResult(r: SavedResult): boolean {
  return "missing" in r || !["updated", "unchanged", "previewed"].includes(r.summary.result);
}

/** Text for a Markdown table cell: one line, no column break. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
}

export interface GateVerdict {
  wave: string;
  failed: string[];
  tolerance: number;
  halted: boolean;
  /** What the gate prints, as plain lines. */
  lines: string[];
  /** The same for the run's job summary. */
  markdown: string;
}

/** Whether the later waves may start, by the rule the local rollout halts by. */
export function gateWave(
  plan: RolloutPlan,
  waveName: string,
  results: Map<string, SavedResult>,
): GateVerdict {
  const wave = plan.waves.find((w) => w.name === waveName);
  if (!wave)
    throw new CliError(
      `--gate ${waveName}: the plan has no such wave (it has ${plan.waves.map((w) => `"${w.name}"`).join(", ")})`,
    );
  const tolerance = toleranceOf(wave, "rollout");
  const rows = wave.stacks.map((stack) => resultOf(results, stack));
  const failed = rows.filter(failedResult).map((r) => r.stack);
  const halted = exceedsTolerance(failed.length, tolerance);
  const verdict = halted
    ? `Rollout halted: ${haltReason(wave.name, failed.length, tolerance)}; the later waves do not start.`
    : failed.length > 0
      ? `Wave "${wave.name}": ${failed.length} failed stack(s) (${failed.join(", ")}), within its failureTolerance of ${tolerance}: the next wave may start.`
      : `Wave "${wave.name}": every stack succeeded; the next wave may start.`;
  const line = (r: SavedResult) =>
    "missing" in r
      ? [r.stack, "failed", "-", "-", r.missing]
      : [
          r.stack,
          r.summary.result,
          `${r.summary.seconds.toFixed(1)}s`,
          changesText(r.summary.changes, r.summary.result),
          r.summary.error ?? "",
        ];
  const lines = [...rows.map((r) => `${line(r).join("  ").trimEnd()}`), "", verdict];
  const markdown = [
    `### Wave ${cell(wave.name)}`,
    "",
    "| Stack | Result | Time | Changes | Error |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${line(r).map(cell).join(" | ")} |`),
    "",
    halted ? `**${cell(verdict)}**` : cell(verdict),
    "",
  ].join("\n");
  return { wave: wave.name, failed, tolerance, halted, lines, markdown };
}

/** A code block that no line of `text` can close early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

export interface FleetReport {
  view: FleetView;
  lines: string[];
  markdown: string;
}

/** The fleet view of the previews the jobs saved, grouped as the local `--preview` groups them. */
export function fleetFromResults(plan: RolloutPlan, results: Map<string, SavedResult>): FleetReport {
  const previewed: StackLines[] = [];
  const failed: string[] = [];
  for (const stack of plan.waves.flatMap((w) => w.stacks)) {
    const r = resultOf(results, stack);
    if ("missing" in r || r.summary.result !== "previewed" || !r.fleet) {
      failed.push(stack);
      continue;
    }
    // The job previewed this one stack: its fleet view is one group, and its drift if any.
    previewed.push({
      stack,
      changes: r.fleet.groups.find((g) => g.stacks.includes(stack))?.changes ?? [],
      drift: r.fleet.drift.find((d) => d.stack === stack)?.drift ?? [],
    });
  }
  const view = groupFleet(previewed, failed);
  const lines = renderFleet(view);
  const reasons = failed.map((stack) => {
    const r = resultOf(results, stack);
    return `- ${cell(stack)}: ${cell("missing" in r ? r.missing : (r.summary.error ?? r.summary.result))}`;
  });
  const markdown = [
    "## Fleet view",
    "",
    fenced(lines.join("\n")),
    "",
    ...(reasons.length > 0 ? ["Previews that failed:", "", ...reasons, ""] : []),
  ].join("\n");
  return { view, lines, markdown };
}
