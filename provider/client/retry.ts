/**
 * When to try a request again, and how long to wait first. A 429 means Okta did not process the request, so any
 * method may be repeated; a 5xx or a dropped connection may come after Okta acted, so only calls whose
 * repetition cannot change the outcome are repeated then.
 */
import { readRateLimitHeaders } from "./rate-limiter";
import type { OktaRequest } from "./types";

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

export function isTransientFault(code: string): boolean {
  return TRANSIENT_FAULTS.has(code);
}

/** A refused connection never reached Okta, so even a POST that is not idempotent is safe to send again. */
export function faultNeverReachedServer(code: string): boolean {
  return code === "ECONNREFUSED" || code === "EAI_AGAIN";
}

/** Capped exponential backoff with full jitter: attempt 1 waits up to base, attempt 2 up to 2·base, … */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (retry - 1)));
}

/**
 * How long to wait after a 429, as Okta's SDKs do: until the window resets by the server's clock (`Reset − Date`)
 * plus a second, bounded. Without the headers, a growing guess.
 */
export function rateLimitDelay(headers: Record<string, string>, retry: number, maxMs: number): number {
  const { resetDelayMs } = readRateLimitHeaders(headers);
  const wait = resetDelayMs !== undefined ? resetDelayMs + 1_000 : 1_000 * 2 ** Math.min(retry, 6);
  return Math.min(Math.max(wait, 0), maxMs);
}
