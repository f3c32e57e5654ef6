/**
 * What the door running a resource operation hands the core for its duration: the signal that abandons it (a
 * resource's `customTimeouts`, a cancelled `pulumi up`) and where its messages for the person running Pulumi go.
 * The native plugin sends them to the engine's log service under the resource's URN (the engine shows a plugin's
 * stderr only at debug level); Pulumi's dynamic-provider host shows stderr live, so that is the default.
 *
 * Carried in an AsyncLocalStorage rather than in every CRUD signature: those are the signatures Pulumi's
 * dynamic-provider host calls. The client takes the signal explicitly (OktaRequest.signal); runtime.ts binds it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { printable } from "./client/printable";

export type Severity = "info" | "warning";

export interface Operation {
  /** Aborted when the operation must stop: its reason (an Error) says why, in words for the user. */
  signal?: AbortSignal;
  /** One message for the person running Pulumi. */
  say?(message: string, severity: Severity): void;
}

const current = new AsyncLocalStorage<Operation>();

/** Runs `fn` as one operation: every Okta request and message inside it belongs to `operation`. */
export function runOperation<T>(operation: Operation, fn: () => Promise<T>): Promise<T> {
  return current.run(operation, fn);
}

/** The signal of the operation running now, if its door gave one. */
export function operationSignal(): AbortSignal | undefined {
  return current.getStore()?.signal;
}

/** A message for the person running Pulumi, wherever the operation's door shows it (stderr by default). */
export function say(message: string, severity: Severity = "info"): void {
  // Messages carry Okta's text (an app's name, an authorize link): no control character of it reaches the terminal.
  const line = printable(message);
  const sink = current.getStore()?.say;
  if (sink) sink(line, severity);
  else process.stderr.write(`${line}\n`);
}

/** Why the current operation was abandoned, as one sentence; undefined while it runs. */
export function abandonedBecause(signal: AbortSignal | undefined): string | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
}
