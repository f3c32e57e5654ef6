/**
 * The fleet view: stacks grouped by identical change sets, so twelve orgs that would get the same update read as
 * one line, and the org that would get something else stands out. Drift is listed apart: it means someone changed
 * an org by hand, which deserves a look before the rollout undoes it.
 */
import { analyzePreview } from "../review/analyze";
import type { PreviewOutput } from "../review/preview-json";
import type { FleetChange, FleetDrift, FleetGroup, FleetView } from "./types";

export interface StackPreview {
  stack: string;
  changes: FleetChange[];
  drift: FleetDrift[];
}

/** The changes and drift of one stack's preview, compared by resource name and property (never by org URL). */
export function stackPreview(stack: string, preview: PreviewOutput): StackPreview {
  const report = analyzePreview(preview, stack);
  const changes: FleetChange[] = [];
  for (const change of report.changes) {
    if (change.op === "create" || change.op === "delete" || change.properties.length === 0)
      changes.push({ op: change.op, resource: change.name });
    else
      for (const p of change.properties)
        changes.push({
          op: change.op,
          resource: change.name,
          path: p.path,
          before: p.before,
          after: p.after,
        });
  }
  const drift = report.drift.map((d) => ({
    resource: d.name,
    status: d.status,
    paths: d.properties.map((p) => p.path),
  }));
  return { stack, changes, drift };
}

function value(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** `update zscaler-push capabilities.update.profile.status DISABLED → ENABLED` */
export function changeLine(c: FleetChange): string {
  if (c.path === undefined) return `${c.op} ${c.resource}`;
  return `${c.op} ${c.resource} ${c.path} ${value(c.before)} → ${value(c.after)}`;
}

function driftLine(d: FleetDrift): string {
  if (d.status === "deleted") return `${d.resource} deleted in Okta`;
  // What Okta reports beyond the managed leaves (effectiveCapabilities, status) repeats them: show the managed ones.
  const managed = d.paths.filter((p) => !p.startsWith("effectiveCapabilities.") && p !== "status");
  const shown = managed.length > 0 ? managed : d.paths;
  const more = shown.length > 3 ? ` and ${shown.length - 3} more` : "";
  return `${d.resource} ${shown.slice(0, 3).join(", ")}${more}`;
}

/** One stack's preview as the fleet view compares it: its change set and its drift, as lines. */
export interface StackLines {
  stack: string;
  /** Sorted, each once: two stacks with the same lines have the same change set. */
  changes: string[];
  drift: string[];
}

export function stackLines(p: StackPreview): StackLines {
  return {
    stack: p.stack,
    changes: [...new Set(p.changes.map(changeLine))].sort(),
    drift: p.drift.map(driftLine),
  };
}

/**
 * Groups stacks by identical change sets; `failed` lists the stacks whose preview did not complete. Takes lines,
 * so the previews of a generated workflow's jobs, saved one per job, group as the local rollout's do.
 */
export function groupFleet(stacks: StackLines[], failed: string[] = []): FleetView {
  const byKey = new Map<string, FleetGroup>();
  for (const s of stacks) {
    const key = s.changes.join("\n");
    const group = byKey.get(key) ?? { changes: s.changes, stacks: [] };
    group.stacks.push(s.stack);
    byKey.set(key, group);
  }
  // Largest first; a tie keeps plan order, so the majority of a 1-1 split is the group seen first.
  const groups = [...byKey.values()].sort((a, b) => b.stacks.length - a.stacks.length);
  const majority = groups[0];
  const outliers = groups.slice(1).flatMap((g) => g.stacks);
  return {
    groups,
    outliers: majority && groups.length > 1 ? outliers : [],
    drift: stacks.filter((s) => s.drift.length > 0).map((s) => ({ stack: s.stack, drift: s.drift })),
    failed,
  };
}

/** Groups previews by identical change sets; `failed` lists the stacks whose preview did not complete. */
export function fleetView(previews: StackPreview[], failed: string[] = []): FleetView {
  return groupFleet(previews.map(stackLines), failed);
}

function count(n: number): string {
  return `${n} stack${n === 1 ? "" : "s"}`;
}

/** The fleet view as text, one group a line when it has one change. */
export function renderFleet(view: FleetView): string[] {
  const out: string[] = [];
  const total = view.groups.reduce((n, g) => n + g.stacks.length, 0);
  out.push(`Fleet view: ${count(total)} previewed, ${view.groups.length} distinct change set(s)`);
  for (const g of view.groups) {
    const head = `  ${count(g.stacks.length)}: `;
    if (g.changes.length === 0) out.push(`${head}no changes`);
    else if (g.changes.length === 1) out.push(`${head}${g.changes[0]}`);
    else {
      out.push(`${head}${g.changes.length} changes`);
      for (const c of g.changes) out.push(`      ${c}`);
    }
    out.push(`      (${g.stacks.join(", ")})`);
  }
  if (view.outliers.length > 0) out.push(`Differ from the majority: ${view.outliers.join(", ")}`);
  if (view.drift.length > 0) {
    out.push("Drift (changed in Okta outside Pulumi; an update would undo it):");
    for (const d of view.drift) out.push(`  ${d.stack}: ${d.drift.join("; ")}`);
  }
  if (view.failed.length > 0) out.push(`Preview failed: ${view.failed.join(", ")}`);
  return out;
}
