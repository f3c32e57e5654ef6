/**
 * Time for pacing and backoff. Tests inject a clock whose sleep advances virtual time, so a test of a
 * one-minute rate-limit window does not take a minute.
 */
import type { Clock } from "./types";

export function resolveClock(injected?: Partial<Clock>): Clock {
  return {
    now: injected?.now ?? (() => Date.now()),
    sleep: injected?.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)))),
  };
}
