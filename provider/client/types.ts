/**
 * The shapes of the Okta client: what it needs to reach an org (`OrgConnection`), its one `request` function, and
 * the layers that errors, retries, auth and rate limiting are made of (see client.ts), so callers describe an
 * operation and never deal with headers or pacing.
 */

/** An Okta org and the credentials to call it with, however they were configured (provider/orgs.ts reads them). */
export interface OrgConnection {
  /** `https://acme.okta.com`, no trailing slash. */
  url: string;
  auth:
    | { kind: "apiToken"; token: string }
    | {
        kind: "privateKeyJwt";
        clientId: string;
        privateKey: string;
        privateKeyId?: string;
        scopes: string[];
      };
  alias?: string;
  limits?: { requestsPerMinute?: number; maxConcurrency?: number };
  /**
   * What to tell the person who must fix a failure, in the words of wherever the org was configured (stack config
   * keys, `OKTA_*` variables, a provider's inputs). The client knows no config key: whoever resolved the org says.
   */
  readonly help?: OrgHelp;
}

/** Fix-it texts, each finishing a sentence the client writes (`…: <text>.`). */
export interface OrgHelp {
  /** How to replace credentials Okta refused (a 401). */
  credentials: string;
  /** Where the service app's scopes are listed. */
  scopes: string;
  /** Where the service app's private key is set. */
  privateKey: string;
  /** The service app's settings, to check when the token endpoint refuses it. */
  serviceApp: string;
  /** How to lower the pace after Okta's rate limit held out past the retries. */
  pace: string;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface OktaRequest {
  method: HttpMethod;
  /** Relative to the org URL, e.g. `/api/v1/apps/0oa…/connections/default`. */
  path: string;
  /** Values are encoded here; callers pass them raw. */
  query?: Record<string, string>;
  body?: unknown;
  /** The Okta operation id (`getFeatureForApplication`), for logs, counters and code (messages say it in words). */
  operation?: string;
  /**
   * GET, PUT and DELETE are retried after 5xx and network faults; a POST only when the caller vouches that
   * repeating it cannot change the outcome.
   */
  idempotent?: boolean;
  /**
   * Abandons the request and its retries when it fires (a cancelled `pulumi up`, a resource's custom timeout):
   * the caller gets an OktaRequestAborted at once, and nothing more is sent.
   */
  signal?: AbortSignal;
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
  /** A clock may end the sleep early when `signal` fires; the layers do not rely on it. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ClientOptions {
  /** A static cap on top of what Okta's headers allow, e.g. to leave room for other tools on the same token. */
  requestsPerMinute?: number;
  /** Requests in flight at once (default 8; Okta refuses past about 75 per org). */
  maxConcurrency?: number;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retries after 5xx and network faults of a repeatable request (default 6, so 7 attempts). */
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

// ---- the wire, and the layers between it and `request` ---------------------------------------------------------

/** One HTTP exchange as the transport sends it. */
export interface RawRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** A string body is sent as is (form-encoded token requests); anything else as JSON. */
  body?: unknown;
  timeoutMs: number;
  /** Drops the connection when it fires. */
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

export type Transport = (req: RawRequest) => Promise<RawResponse>;

/** A request on its way down the layers: the caller's operation, and the exchange being built for it. */
export interface Outgoing {
  request: OktaRequest;
  wire: RawRequest;
  /** Exchanges tried for this request so far (the retry layer counts; error messages say it). */
  attempts: number;
}

/** One step towards the wire: answers the response whatever its status, or throws a TransportFault. */
export type Send = (out: Outgoing) => Promise<RawResponse>;

/** A layer wraps the next step (octokit's `hook.wrap("request", …)`): each is a small function, tested alone. */
export type Layer = (next: Send) => Send;
