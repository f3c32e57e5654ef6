/** The closing summary table, for a terminal or a CI log. */
import type { ChangeCounts, RolloutSummary } from "./types";

const DONE = { create: "created", update: "updated", replace: "replaced", delete: "deleted" } as const;

/**
 * A stack's changes: what its update did once it is `updated` ("3 created"), else what its preview planned ("1 to
 * update"). The counts are Pulumi's own (its summary's, which counts the stack resource too).
 */
export function changesText(c: ChangeCounts, result?: string): string {
  const parts = (["create", "update", "replace", "delete"] as const)
    .filter((op) => c[op] > 0)
    .map((op) => (result === "updated" ? `${c[op]} ${DONE[op]}` : `${c[op]} to ${op}`));
  return parts.length > 0 ? parts.join(", ") : "-";
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

export function renderSummary(summary: RolloutSummary): string[] {
  const rows = [["WAVE", "STACK", "RESULT", "TIME", "CHANGES", "ERROR"]];
  for (const wave of summary.waves)
    for (const s of wave.stacks)
      rows.push([
        wave.name,
        s.stack,
        s.result,
        s.result === "not-started" ? "-" : `${s.seconds.toFixed(1)}s`,
        changesText(s.changes, s.result),
        s.error ?? "",
      ]);
  const all = summary.waves.flatMap((w) => w.stacks);
  const count = (r: string) => all.filter((s) => s.result === r).length;
  const verdict = summary.cancelled
    ? "Rollout cancelled"
    : summary.halted
      ? "Rollout halted"
      : summary.mode === "preview"
        ? "Preview done"
        : "Rollout done";
  const tally = ["updated", "unchanged", "previewed", "failed", "not-started"]
    .filter((r) => count(r) > 0)
    .map((r) => `${count(r)} ${r}`)
    .join(", ");
  return [...table(rows), "", `${verdict}: ${tally}.`, `Pulumi logs, one file per stack: ${summary.logDir}`];
}
