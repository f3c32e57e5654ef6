/**
 * Time for pacing and backoff. Tests inject a clock whose sleep advances virtual time, so a test of a
 * one-minute rate-limit window does not take a minute.
 */
import type { Clock } from "./types";

export interface PacingClock extends Clock {
  /** Sleeps `ms`, or less if `wake` settles first (a response arrived that may free budget). */
  sleepUnless(ms: number, wake: Promise<void>): Promise<void>;
}

export function resolveClock(injected?: Partial<Clock>): PacingClock {
  const now = injected?.now ?? (() => Date.now());
  if (injected?.sleep) {
    const sleep = injected.sleep;
    return { now, sleep, sleepUnless: (ms, wake) => Promise.race([sleep(ms), wake]) };
  }
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
  return {
    now,
    sleep,
    // The timer is cleared when woken early, so no stray timer keeps a finished process (or jest) alive.
    sleepUnless: (ms, wake) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, ms));
        void wake.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
