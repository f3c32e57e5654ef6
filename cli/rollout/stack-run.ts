/**
 * One stack's turn in a rollout: preview, and update only when the preview shows changes. Its whole Pulumi output
 * goes to a log file of its own; what the user sees is its phase and, on failure, one line saying why.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { reasonLine } from "../pulumi-reason";
import { EventLog } from "./engine-events";
import { stackPreview, type StackPreview } from "./fleet";
import { openLog, type LogFile } from "./log-files";
import type { ChangeCounts, StackPhase, StackSummary } from "./types";

export interface StackRunOptions {
  stack: Stack;
  name: string;
  mode: "rollout" | "preview";
  /** Refresh before previewing and updating, so drift counts as a change (default true). */
  refresh: boolean;
  logFile: string;
  signal?: AbortSignal;
  onPhase: (phase: StackPhase, detail?: string) => void;
  /** How often a locked stack is retried, and the first wait (doubled each time, capped at 30 s). */
  lockRetries: number;
  lockWaitMs: number;
}

export interface StackOutcome {
  summary: StackSummary;
  /** The preview's changes and drift, for the fleet view; absent when the preview failed. */
  preview?: StackPreview;
}

const ZERO: ChangeCounts = { create: 0, update: 0, replace: 0, delete: 0 };

function countsOf(changes: Record<string, number | undefined> | undefined): ChangeCounts {
  return {
    create: changes?.create ?? 0,
    update: changes?.update ?? 0,
    replace: changes?.replace ?? 0,
    delete: changes?.delete ?? 0,
  };
}

function hasChanges(c: ChangeCounts): boolean {
  return c.create + c.update + c.replace + c.delete > 0;
}

/** The Automation API's error for a stack another update holds (its class, or the file backend's text). */
function isLocked(err: unknown): boolean {
  if (err instanceof Error && err.name === "ConcurrentUpdateError") return true;
  const text = err instanceof Error ? err.message : String(err);
  return /the stack is currently locked by|Another update is currently in progress/.test(text);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function errorReason(err: unknown, events: EventLog, cancelled: boolean): string {
  if (cancelled) return "cancelled before it finished (Ctrl-C); run the rollout again to converge";
  const fromEvents = events.reason();
  if (fromEvents) return fromEvents;
  const text = err instanceof Error ? err.message : String(err);
  // The Automation API's message is the command's whole output: find the line after "stderr:" that says why.
  const stderr = text.split(/\n\s*stderr:/)[1] ?? text;
  return reasonLine(stderr) ?? reasonLine(text) ?? "pulumi failed (see the stack's log)";
}

/**
 * Runs `op` and retries it while another update holds the stack's lock; any other failure is thrown at once.
 */
async function withLockRetry<T>(run: StackRunOptions, op: () => Promise<T>): Promise<T> {
  let wait = run.lockWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isLocked(err) || attempt >= run.lockRetries || run.signal?.aborted) throw err;
      run.onPhase("waiting-for-lock", `locked by another update; retry ${attempt + 1}/${run.lockRetries}`);
      await sleep(wait, run.signal);
      wait = Math.min(wait * 2, 30_000);
      if (run.signal?.aborted) throw err;
    }
  }
}

/**
 * Runs one stack's turn. The log file is written as output arrives, so a failing stack's log is complete even if
 * this process dies.
 */
export async function runStack(run: StackRunOptions): Promise<StackOutcome> {
  const log = openLog(run.logFile);
  try {
    return await runStackLogged(run, log);
  } finally {
    log.close();
  }
}

async function runStackLogged(run: StackRunOptions, log: LogFile): Promise<StackOutcome> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const summary = (result: StackSummary["result"], changes: ChangeCounts, error: string | null) => ({
    stack: run.name,
    result,
    changes,
    error,
    seconds: seconds(),
    logFile: run.logFile,
  });

  let planned: ChangeCounts = ZERO;
  let preview: StackPreview | undefined;
  const previewEvents = new EventLog();
  try {
    run.onPhase("previewing");
    log.section(`pulumi preview${run.refresh ? " --refresh" : ""} --stack ${run.name}`);
    const result = await withLockRetry(run, () =>
      run.stack.preview({
        refresh: run.refresh,
        // The refresh then uses the stack config as it is now, not the copy Pulumi saved at the last update (a
        // token fixed after a failed update would otherwise keep failing every refreshing preview).
        runProgram: run.refresh || undefined,
        onOutput: log.write,
        onError: log.write,
        onEvent: previewEvents.onEvent,
        signal: run.signal,
      }),
    );
    planned = countsOf(result.changeSummary);
    preview = stackPreview(run.name, previewEvents.preview());
  } catch (err) {
    const reason = errorReason(err, previewEvents, Boolean(run.signal?.aborted));
    log.section(`failed: ${reason}`);
    return { summary: summary("failed", planned, reason) };
  }

  if (run.mode === "preview") return { summary: summary("previewed", planned, null), preview };
  if (!hasChanges(planned)) {
    log.section("no changes: no update run");
    return { summary: summary("unchanged", ZERO, null), preview };
  }
  if (run.signal?.aborted) {
    const reason = errorReason(undefined, previewEvents, true);
    log.section(`not updated: ${reason}`);
    return { summary: summary("failed", planned, reason), preview };
  }

  const upEvents = new EventLog();
  try {
    run.onPhase("updating");
    log.section(`pulumi up${run.refresh ? " --refresh" : ""} --stack ${run.name}`);
    const result = await withLockRetry(run, () =>
      run.stack.up({
        refresh: run.refresh,
        // The refresh then uses the stack config as it is now, not the copy Pulumi saved at the last update (a
        // token fixed after a failed update would otherwise keep failing every refreshing preview).
        runProgram: run.refresh || undefined,
        onOutput: log.write,
        onError: log.write,
        onEvent: upEvents.onEvent,
        signal: run.signal,
      }),
    );
    log.section("updated");
    return { summary: summary("updated", countsOf(result.summary.resourceChanges), null), preview };
  } catch (err) {
    const reason = errorReason(err, upEvents, Boolean(run.signal?.aborted));
    log.section(`failed: ${reason}`);
    return { summary: summary("failed", planned, reason), preview };
  }
}
