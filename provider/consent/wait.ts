/**
 * How an OAuthConsent's wait ends: a hand-back completes it, a denial or a refused activation fails it, a signal
 * (a cancelled `pulumi up`) stops it at once. Between those it wakes on a timer to poll Okta.
 */
import { OktaApiError, OktaNetworkError } from "../client";

export type WaitOutcome =
  | { done: true }
  | { denied: string }
  | { activationRefused: unknown }
  | { cancelled: NodeJS.Signals }
  /** The operation was abandoned by its door (a Cancel, a custom timeout): why, in words for the user. */
  | { aborted: string };

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/** Pulumi ends a provider with SIGINT, then kills it: re-raising must come well within that grace. */
const RERAISE_AFTER_MS = 200;

export class ConsentWait {
  private outcome: WaitOutcome | undefined;
  private wake: ((outcome: WaitOutcome) => void) | undefined;

  /** The first outcome wins; later ones are ignored. */
  settle(outcome: WaitOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.wake?.(outcome);
  }

  /** The outcome, or "tick" after `ms` without one. */
  next(ms: number): Promise<WaitOutcome | "tick"> {
    if (this.outcome) return Promise.resolve(this.outcome);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve("tick");
      }, ms);
      timer.unref();
      this.wake = (outcome) => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(outcome);
      };
    });
  }

  /**
   * Ends the wait on SIGINT or SIGTERM: the engine's way of stopping a provider when `pulumi up` is cancelled.
   * `cleanup` runs in the handler itself (it must not wait for anything: a kill may follow). When nothing else
   * handles the signal, it is raised again once the wait has unwound, so the process still ends as it would have.
   * Answers the function that removes the handlers.
   */
  onSignals(cleanup: () => void): () => void {
    const handler = (signal: NodeJS.Signals) => {
      remove();
      cleanup();
      this.settle({ cancelled: signal });
      if (process.listenerCount(signal) === 0)
        setTimeout(() => process.kill(process.pid, signal), RERAISE_AFTER_MS);
    };
    const remove = () => {
      for (const s of SIGNALS) process.off(s, handler);
    };
    for (const s of SIGNALS) process.on(s, handler);
    return remove;
  }
}

/** A failure that may pass if tried again: the network, a rate limit, Okta's own trouble. */
export function isTransient(err: unknown): boolean {
  if (err instanceof OktaNetworkError) return true;
  if (err instanceof OktaApiError) return err.status === 429 || err.status >= 500;
  return false;
}

export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split("\n")[0]?.trim() ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The end of the sentence "authorized, but …" when Okta refuses the activation in a way it will repeat. */
export function activationRefusal(err: unknown): string {
  return (
    `Okta refused to activate the connection: ${oneLine(err)}. Activate it in the Admin Console (the app's ` +
    "Provisioning tab), or fix the cause and run `pulumi up` again."
  );
}
