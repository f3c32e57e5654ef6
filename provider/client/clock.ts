/**
 * Time for pacing and backoff. Tests inject a clock whose sleep advances virtual time, so a test of a
 * one-minute rate-limit window does not take a minute.
 */
import type { Clock } from "./types";

export function resolveClock(injected?: Partial<Clock>): Clock {
  return {
    now: injected?.now ?? (() => Date.now()),
    sleep: injected?.sleep ?? sleep,
  };
}

/** A real sleep that a fired signal ends early (its timer cleared, so an abandoned wait keeps no process alive). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}
