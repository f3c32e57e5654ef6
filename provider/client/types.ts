/**
 * The public shape of the Okta client: one `request` function. Auth, rate limiting and retries are layered
 * around it (see client.ts), so callers describe an operation and never deal with headers or pacing.
 */

import type { Transport } from "./transport";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface OktaRequest {
  method: HttpMethod;
  /** Relative to the org URL, e.g. `/api/v1/apps/0oa…/connections/default`. */
  path: string;
  /** Values are encoded here; callers pass them raw. */
  query?: Record<string, string>;
  body?: unknown;
  /** The Okta operation id (`getFeatureForApplication`), used in logs and error messages. */
  operation?: string;
  /**
   * GET, PUT and DELETE are retried after 5xx and network faults; a POST only when the caller vouches that
   * repeating it cannot change the outcome.
   */
  idempotent?: boolean;
}

export interface OktaResponse<T> {
  status: number;
  data: T;
  /** Lower-case header names. */
  headers: Record<string, string>;
}

export interface LimiterStats {
  /** Requests sent to Okta, retries included. */
  calls: number;
  /** Times a request was held back before sending (pacing, window exhausted, static cap, 429). */
  waits: number;
  /** Total time requests spent held back, in ms. */
  waitedMs: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Retries after 5xx answers or network faults. */
  retries: number;
}

export interface OktaClient {
  /** The org URL this client talks to (no trailing slash). */
  readonly orgUrl: string;
  request<T = unknown>(req: OktaRequest): Promise<OktaResponse<T>>;
  limiterStats(): LimiterStats;
}

/** Time, injectable so tests need not wait for real rate-limit windows. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ClientOptions {
  /** A static cap on top of what Okta's headers allow, e.g. to leave room for other tools on the same token. */
  requestsPerMinute?: number;
  /** Requests in flight at once (default 8; Okta refuses past about 75 per org). */
  maxConcurrency?: number;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retries after 5xx and network faults (default 4, so 5 attempts). */
  maxRetries?: number;
  /** Backoff base and cap in ms for 5xx and network faults (defaults 200 and 5 000; full jitter). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Retries after 429 (default 6). */
  maxRateLimitRetries?: number;
  /** Longest single wait for a rate-limit reset in ms (default 90 000). */
  maxRateLimitWaitMs?: number;
  /** Added to the server's reset time before sending into a new window (default 250 ms). */
  resetMarginMs?: number;
  /** Debug lines: method, path, status, timings and waits. Never headers or bodies. */
  log?: (line: string) => void;
  clock?: Partial<Clock>;
  /** For deterministic jitter in tests; defaults to Math.random. */
  random?: () => number;
  /** @internal Observes each HTTP exchange (tests and benchmarks count what is on the wire). */
  wrapTransport?: (send: Transport) => Transport;
}
