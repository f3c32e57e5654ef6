/**
 * When to try a request again, and how long to wait first. A 429 means Okta did not process the request, so any
 * method may be repeated; a 5xx or a dropped connection may come after Okta acted, so only calls whose
 * repetition cannot change the outcome are repeated then.
 */
import { throwIfAborted, unlessAborted } from "./abort";
import { readRateLimitHeaders } from "./rate-limiter";
import { TransportFault } from "./transport";
import type { Clock, Layer, OktaRequest, RawResponse } from "./types";

const IDEMPOTENT_METHODS = new Set(["GET", "PUT", "DELETE"]);

export function mayRepeat(req: Pick<OktaRequest, "method" | "idempotent">): boolean {
  return IDEMPOTENT_METHODS.has(req.method) || req.idempotent === true;
}

const TRANSIENT_FAULTS = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ECONNREFUSED",
  "EPIPE",
  "EAI_AGAIN",
  "ERR_NETWORK",
]);

function isTransientFault(code: string): boolean {
  return TRANSIENT_FAULTS.has(code);
}

/** A refused connection never reached Okta, so even a POST that is not idempotent is safe to send again. */
export function faultNeverReachedServer(code: string): boolean {
  return code === "ECONNREFUSED" || code === "EAI_AGAIN";
}

/** Capped exponential backoff with full jitter: attempt 1 waits up to base, attempt 2 up to 2·base, … */
function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (retry - 1)));
}

/**
 * How long to wait after a 429, as Okta's SDKs do: until the window resets by the server's clock (`Reset − Date`)
 * plus a second, bounded. Without the headers, a growing guess.
 */
function rateLimitDelay(headers: Record<string, string>, retry: number, maxMs: number): number {
  const { resetDelayMs } = readRateLimitHeaders(headers);
  const wait = resetDelayMs !== undefined ? resetDelayMs + 1_000 : 1_000 * 2 ** Math.min(retry, 6);
  return Math.min(Math.max(wait, 0), maxMs);
}

export interface RetryOptions {
  /** Retries after 5xx answers and network faults. */
  maxRetries: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Retries after 429. */
  maxRateLimitRetries: number;
  maxRateLimitWaitMs: number;
  clock: Clock;
  random: () => number;
  log?: (line: string) => void;
  /** Where the waits and retries are counted (the org's limiter statistics). */
  stats: { recordRetry(): void; recordWait(ms: number): void };
}

/**
 * The retry layer: a 429 is tried again always (after the server's reset), a 5xx or a transient fault only when the
 * request may be repeated. It answers the last response, whatever its status, or rethrows the last fault; the
 * error layer above turns either into an error. Each try goes through the layers below it again, so every attempt
 * is authorized afresh and paced by the limiter.
 */
export function retry(o: RetryOptions): Layer {
  const sleep = (ms: number, signal: AbortSignal | undefined) =>
    unlessAborted(o.clock.sleep(ms, signal), signal);
  const backoff = async (retry: number, signal: AbortSignal | undefined) => {
    o.stats.recordRetry();
    const wait = backoffDelay(retry, o.backoffBaseMs, o.backoffCapMs, o.random);
    o.log?.(`okta: retry ${retry} in ${wait} ms`);
    await sleep(wait, signal);
  };
  return (next) => async (out) => {
    const { method, path, signal } = out.request;
    let faultRetries = 0;
    let rateLimitRetries = 0;
    for (;;) {
      // An abandoned request is not tried again (a cancelled `pulumi up`, a custom timeout).
      throwIfAborted(signal);
      out.attempts++;
      const started = o.clock.now();
      let res: RawResponse;
      try {
        res = await next(out);
      } catch (err) {
        if (!(err instanceof TransportFault)) throw err;
        o.log?.(`okta: ${method} ${path} failed (${err.code}) after ${o.clock.now() - started} ms`);
        const repeatable = mayRepeat(out.request) || faultNeverReachedServer(err.code);
        if (repeatable && isTransientFault(err.code) && faultRetries < o.maxRetries) {
          await backoff(++faultRetries, signal);
          continue;
        }
        throw err;
      }
      o.log?.(`okta: ${method} ${path} ${res.status} in ${o.clock.now() - started} ms`);
      if (res.status === 429 && rateLimitRetries < o.maxRateLimitRetries) {
        const wait = rateLimitDelay(res.headers, ++rateLimitRetries, o.maxRateLimitWaitMs);
        o.log?.(`okta: rate limited, retrying in ${wait} ms`);
        o.stats.recordWait(wait);
        await sleep(wait, signal);
        continue;
      }
      if (res.status >= 500 && mayRepeat(out.request) && faultRetries < o.maxRetries) {
        await backoff(++faultRetries, signal);
        continue;
      }
      return res;
    }
  };
}
