/**
 * `okta-provisioning rollout` as a library: one Pulumi program, one stack per Okta org, updated in waves that stop
 * on failure. Built on the Pulumi Automation API; progress comes as events for the caller's own display.
 *
 *   import { rollout, loadPlan } from "pulumi-okta-provisioning/rollout";
 *   const summary = await rollout("rollout.yaml", { onEvent: (e) => console.log(e.type) });
 */
import * as path from "node:path";
import { fleetView, type StackPreview } from "./fleet";
import { makeLogDir } from "./log-files";
import { loadPlan } from "./plan";
import { runWaves, type ScheduledWave } from "./schedule";
import { runStack, type StackOutcome } from "./stack-run";
import { haltReason, toleranceOf } from "./tolerance";
import type { RolloutEvent, RolloutPlan, RolloutSummary, StackSummary } from "./types";
import { openWorkspace, orgOfStack, type WorkspaceOptions } from "./workspace";

export type * from "./types";
export { loadPlan, validatePlan, PLAN_SCHEMA } from "./plan";
export { runWaves, type ScheduledWave, type ScheduleOptions, type ScheduleResult } from "./schedule";
export { fleetView, renderFleet, changeLine, stackPreview, type StackPreview } from "./fleet";
export { renderSummary } from "./summary";
export { toleranceOf, exceedsTolerance, haltReason } from "./tolerance";
export { githubActionsWorkflow, type EmitOptions } from "./github-actions";
export { readResults, gateWave, fleetFromResults } from "./ci-results";

export interface RolloutOptions extends WorkspaceOptions {
  /** Preview every stack, write nothing, and compute the fleet view. */
  preview?: boolean;
  /** Stacks updated at once, overriding every wave's `parallel`. */
  parallel?: number;
  /** Refresh before previewing and updating, so drift in Okta counts as a change (default true). */
  refresh?: boolean;
  /** Where each stack's Pulumi log goes (default: a new directory under the system's temp directory). */
  logDir?: string;
  /** Aborting starts no new stack and cancels running updates (Pulumi is sent SIGINT and stops cleanly). */
  signal?: AbortSignal;
  onEvent?: (event: RolloutEvent) => void;
  /** How often a stack locked by another update is retried (default 6), first after `lockWaitMs` (default 5 s). */
  lockRetries?: number;
  lockWaitMs?: number;
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "_");
}

const NOT_STARTED = (stack: string): StackSummary => ({
  stack,
  result: "not-started",
  changes: { create: 0, update: 0, replace: 0, delete: 0 },
  error: null,
  seconds: 0,
});

/** 0 when every stack succeeded (updated, unchanged or previewed), 1 otherwise. */
export function exitCodeOf(summary: RolloutSummary): 0 | 1 {
  const ok = summary.waves.every((w) =>
    w.stacks.every((s) => ["updated", "unchanged", "previewed"].includes(s.result)),
  );
  return ok && !summary.halted && !summary.cancelled ? 0 : 1;
}

/**
 * Runs a plan (or the plan file at `plan`). Resolves with the summary whatever happened to the stacks; rejects
 * (with a CliError) only when the plan is refused before anything runs.
 */
export async function rollout(
  plan: RolloutPlan | string,
  options: RolloutOptions = {},
): Promise<RolloutSummary> {
  const loaded = typeof plan === "string" ? loadPlan(plan) : plan;
  const mode = options.preview ? "preview" : "rollout";
  const emit = (event: RolloutEvent) => options.onEvent?.(event);
  const { stacks } = await openWorkspace(loaded, options);

  const logDir = makeLogDir(options.logDir);
  emit({ type: "rollout-start", mode, logDir, waves: loaded.waves });

  const waves: ScheduledWave[] = loaded.waves.map((w) => ({
    name: w.name,
    stacks: w.stacks,
    parallel: options.parallel ?? w.parallel ?? 1,
    failureTolerance: toleranceOf(w, mode),
  }));
  const orgs = new Map(loaded.waves.flatMap((w) => w.stacks).map((s) => [s, orgOfStack(loaded.program, s)]));

  const scheduled = await runWaves<StackOutcome>(
    waves,
    async (wave, name) => {
      const outcome = await runStack({
        stack: stacks.get(name) as NonNullable<ReturnType<typeof stacks.get>>,
        name,
        mode,
        refresh: options.refresh ?? true,
        logFile: path.join(logDir, `${fileSafe(wave.name)}.${fileSafe(name)}.log`),
        signal: options.signal,
        lockRetries: options.lockRetries ?? 6,
        lockWaitMs: options.lockWaitMs ?? 5_000,
        onPhase: (phase, detail) =>
          emit({ type: "stack-phase", wave: wave.name, stack: name, phase, detail }),
      });
      emit({ type: "stack-done", wave: wave.name, stack: outcome.summary });
      return outcome;
    },
    (outcome) => outcome.summary.result === "failed",
    {
      signal: options.signal,
      keyOf: (stack) => orgs.get(stack),
      onWaveStart: (wave) => emit({ type: "wave-start", wave: wave.name }),
      onWaveDone: (wave, failed) =>
        emit({ type: "wave-done", wave: wave.name, failed, tolerance: wave.failureTolerance }),
      onHalt: (wave, failed) =>
        emit({
          type: "halted",
          wave: wave.name,
          reason: haltReason(wave.name, failed, wave.failureTolerance),
        }),
    },
  );
  if (scheduled.cancelled) emit({ type: "cancelled" });

  const previews: StackPreview[] = [];
  const failed: string[] = [];
  const summary: RolloutSummary = {
    halted: scheduled.halted,
    cancelled: scheduled.cancelled,
    mode,
    logDir,
    waves: scheduled.waves.map((w) => ({
      name: w.name,
      stacks: w.stacks.map((s) => {
        if (!s.started) return NOT_STARTED(s.stack);
        if (s.outcome.preview) previews.push(s.outcome.preview);
        else failed.push(s.stack);
        return s.outcome.summary;
      }),
    })),
  };
  if (mode === "preview") summary.fleet = fleetView(previews, failed);
  emit({ type: "rollout-done", summary });
  return summary;
}
