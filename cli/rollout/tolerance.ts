/**
 * The failure-tolerance rule of a rollout, in one place: the local scheduler halts by it, and the gate job of a
 * generated GitHub Actions workflow halts the later waves by it (see github-actions.ts and ci-results.ts).
 */
import type { Wave } from "./types";

export type RolloutMode = "rollout" | "preview";

/**
 * How many failed stacks a wave tolerates: its `failureTolerance` (default 0). A preview writes nothing, so a
 * failing preview is no reason to skip the others: in preview mode no wave ever halts.
 */
export function toleranceOf(wave: Pick<Wave, "failureTolerance">, mode: RolloutMode): number {
  return mode === "preview" ? Number.POSITIVE_INFINITY : (wave.failureTolerance ?? 0);
}

/** A wave halts the rollout as soon as it has more failed stacks than it tolerates. */
export function exceedsTolerance(failed: number, tolerance: number): boolean {
  return failed > tolerance;
}

/** Why the rollout halted, as the local rollout and a workflow's gate both say it. */
export function haltReason(wave: string, failed: number, tolerance: number): string {
  return `wave "${wave}" has ${failed} failed stack(s), more than its failureTolerance of ${tolerance}`;
}
