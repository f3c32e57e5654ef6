/**
 * One limiter per org and credential: every resource of a stack shares it, so the stack as a whole paces itself
 * by Okta's `X-Rate-Limit-*` headers instead of each resource bursting into 429s.
 *
 * Each of Okta's buckets (the apps bucket, and `/api/v1/apps/{appId}`'s own) has a window of its own: a Reset
 * learned from one must never reopen a window the other has spent. The budget of a bucket's current window is the smallest `Remaining` seen for it minus the calls still in flight (a
 * call in flight will be counted by Okta but is not yet in any `Remaining` we saw). Never more than that is sent
 * in a window. When the budget is down to half the limit, the rest is spread over the time left, so a large
 * deployment runs at the limit; when it is spent, sending waits for the server's reset. The reset is computed in
 * the server's clock (`Reset − Date`), because the local clock may be off by minutes.
 */
import pLimit from "p-limit";
import { throwIfAborted, unlessAborted } from "./abort";
import type { Clock, Layer, LimiterStats } from "./types";

export interface RateLimiterOptions {
  maxConcurrency: number;
  requestsPerMinute?: number;
  resetMarginMs: number;
  /** Bounds how far ahead a window's reset is believed to be (Okta's windows are a minute). */
  maxResetWaitMs: number;
  clock: Clock;
  log?: (line: string) => void;
}

interface Window {
  /** X-Rate-Limit-Reset, server epoch seconds: identifies the window. */
  reset: number;
  /** Local time (clock.now) at which the server's window resets. */
  resetAt: number;
  limit: number;
  remaining: number;
  /** The local reset time passed: a new window with an assumed full budget, its reset not yet seen. */
  rolledOver: boolean;
}

export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  reset?: number;
  /** Milliseconds until reset by the server's own clock, when both Reset and Date were given. */
  resetDelayMs?: number;
}

/** Reads Okta's rate-limit headers (lower-case names). */
export function readRateLimitHeaders(headers: Record<string, string>): RateLimitHeaders {
  const int = (name: string) => {
    const v = headers[name];
    return v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
  };
  const reset = int("x-rate-limit-reset");
  const date = headers["date"] ? Date.parse(headers["date"]) : NaN;
  return {
    limit: int("x-rate-limit-limit"),
    remaining: int("x-rate-limit-remaining"),
    reset,
    resetDelayMs: reset !== undefined && !Number.isNaN(date) ? Math.max(0, reset * 1000 - date) : undefined,
  };
}

/**
 * Okta's rate-limit buckets: exactly `/api/v1/apps/{appId}` has a bucket of its own; the list and every path below
 * an app share the apps bucket. Each bucket has its own window, `Remaining` and `Reset`.
 */
type Bucket = "apps" | "app";

function bucketOf(path: string): Bucket {
  return /^\/api\/v1\/apps\/[^/]+$/.test(path) ? "app" : "apps";
}

/**
 * The limit layer: each exchange waits for its bucket's budget, and the answer's headers teach the limiter. An
 * exchange abandoned while it waits (its request's signal) is never sent and gives its turn up.
 */
export function limit(limiter: RateLimiter): Layer {
  return (next) => (out) =>
    limiter.run(
      () => next(out),
      (res) => res,
      bucketOf(out.request.path),
      out.request.signal,
    );
}

export class RateLimiter {
  private readonly concurrency: pLimit.Limit;
  private readonly windows = new Map<Bucket, Window>();
  /** A response without rate-limit headers came back: this server does not announce limits. */
  private unannounced = false;
  private readonly inFlightBy = new Map<Bucket, number>();
  private inFlight = 0;
  private lastSendAt = -Infinity;
  private readonly sendLog: number[] = [];
  private gate: Promise<void> = Promise.resolve();
  private settled: { promise: Promise<void>; resolve: () => void };
  private readonly stats: LimiterStats = { calls: 0, waits: 0, waitedMs: 0, rateLimited: 0, retries: 0 };

  constructor(private readonly options: RateLimiterOptions) {
    this.concurrency = pLimit(options.maxConcurrency);
    this.settled = this.newSignal();
  }

  /** Sends one request when the budget allows, and learns from its answer's headers. */
  run<T>(
    send: () => Promise<T>,
    headersOf: (result: T) => { status: number; headers: Record<string, string> },
    bucket: Bucket = "apps",
    signal?: AbortSignal,
  ) {
    return this.concurrency(async () => {
      throwIfAborted(signal);
      await this.pace(bucket, signal);
      let observed = false;
      try {
        const result = await send();
        this.landed(bucket);
        observed = true;
        const { status, headers } = headersOf(result);
        this.observe(bucket, status, headers);
        return result;
      } finally {
        if (!observed) this.landed(bucket);
        this.signalSettled();
      }
    });
  }

  private landed(bucket: Bucket): void {
    this.inFlight--;
    this.inFlightBy.set(bucket, (this.inFlightBy.get(bucket) ?? 1) - 1);
  }

  /** Waits imposed outside the limiter (a 429's reset) count in the same statistics. */
  recordWait(ms: number): void {
    this.stats.waits++;
    this.stats.waitedMs += ms;
  }

  recordRetry(): void {
    this.stats.retries++;
  }

  snapshot(): LimiterStats {
    return { ...this.stats };
  }

  // One caller at a time decides when it may send; the others queue behind it in order.
  private async pace(bucket: Bucket, signal?: AbortSignal): Promise<void> {
    const previous = this.gate;
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      const { clock } = this.options;
      for (;;) {
        throwIfAborted(signal);
        const now = clock.now();
        const delay = this.delayBeforeSend(now, bucket);
        if (delay === 0) break;
        this.options.log?.(
          `okta: pacing, waiting ${delay === "settle" ? "for a call in flight" : `${Math.round(delay)} ms`}`,
        );
        if (delay === "settle") {
          await unlessAborted(this.settled.promise, signal);
          this.recordWait(Math.max(0, clock.now() - now));
        } else {
          await unlessAborted(clock.sleep(delay, signal), signal);
          this.recordWait(delay);
        }
      }
      const sentAt = clock.now();
      this.inFlight++;
      this.inFlightBy.set(bucket, (this.inFlightBy.get(bucket) ?? 0) + 1);
      this.stats.calls++;
      this.lastSendAt = sentAt;
      if (this.options.requestsPerMinute) {
        this.sendLog.push(sentAt);
        if (this.sendLog.length > this.options.requestsPerMinute) this.sendLog.shift();
      }
    } finally {
      release();
    }
  }

  /** 0 to send now, a number of ms to wait, or "settle" to wait for a call in flight to answer. */
  private delayBeforeSend(now: number, bucket: Bucket): number | "settle" {
    let delay = 0;
    const rpm = this.options.requestsPerMinute;
    if (rpm && this.sendLog.length >= rpm)
      delay = Math.max(delay, this.sendLog[this.sendLog.length - rpm] + 60_000 - now);

    const w = this.currentWindow(now, bucket);
    const inFlight = this.inFlightBy.get(bucket) ?? 0;
    if (!w) {
      // Nothing known yet: one call goes alone and its answer tells the budget.
      if (!this.unannounced && inFlight > 0) return "settle";
      return delay;
    }
    const untilReset = w.resetAt + this.options.resetMarginMs - now;
    if (w.remaining <= 0 && !w.rolledOver) return Math.max(delay, untilReset);
    const available = w.remaining - inFlight;
    // The budget is held by calls in flight: their answers tell how much of it they used.
    if (available <= 0) return "settle";
    if (!w.rolledOver && available <= w.limit / 2 && w.resetAt > now) {
      // n calls spread over the time left, the last one still inside this window.
      const spacing = (w.resetAt - now) / (available + 1);
      delay = Math.max(delay, this.lastSendAt + spacing - now);
    }
    return delay > 0 ? delay : 0;
  }

  private currentWindow(now: number, bucket: Bucket): Window | undefined {
    const w = this.windows.get(bucket);
    if (w && !w.rolledOver && now >= w.resetAt + this.options.resetMarginMs) {
      w.rolledOver = true;
      w.remaining = w.limit;
    }
    return w;
  }

  private observe(bucket: Bucket, status: number, headers: Record<string, string>): void {
    if (status === 429) this.stats.rateLimited++;
    const h = readRateLimitHeaders(headers);
    if (h.reset === undefined || h.remaining === undefined) {
      if (!this.windows.size) this.unannounced = true;
      return;
    }
    // A 429 means the window is spent, whatever Remaining says (Okta's concurrency 429s describe another limit).
    const remaining = status === 429 ? 0 : h.remaining;
    const resetDelay = h.resetDelayMs ?? Math.max(0, h.reset * 1000 - Date.now());
    const resetAt = this.options.clock.now() + Math.min(resetDelay, this.options.maxResetWaitMs);
    const w = this.windows.get(bucket);
    const limit = h.limit ?? Math.max(h.remaining, w?.limit ?? 0);
    if (!w || h.reset > w.reset) {
      this.windows.set(bucket, {
        reset: h.reset,
        resetAt,
        limit: Math.max(limit, 1),
        remaining,
        rolledOver: false,
      });
    } else if (h.reset === w.reset) {
      // Answers arrive out of order: the smallest Remaining of a window is the truest.
      if (w.rolledOver) return; // an answer from the window we already left
      w.remaining = Math.min(w.remaining, remaining);
      w.limit = Math.max(limit, 1);
      w.resetAt = Math.min(w.resetAt, resetAt);
    }
  }

  private newSignal() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  private signalSettled(): void {
    const current = this.settled;
    this.settled = this.newSignal();
    current.resolve();
  }
}
