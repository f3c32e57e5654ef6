/**
 * The Okta client: one `request` function, with auth, rate limiting and retries composed around a single HTTP
 * exchange (octokit's shape: request + throttling + retry). Callers describe an operation; this module decides
 * when it is sent, how often it is tried, and what the failure says.
 */
import type { OrgConnection } from "../orgs";
import { createAuthorizer, TOKEN_PATH } from "./auth";
import { resolveClock } from "./clock";
import {
  describeApiError,
  describeNetworkError,
  OktaApiError,
  OktaNetworkError,
  parseErrorBody,
  type ErrorContext,
  type OktaErrorBody,
} from "./errors";
import { bucketOf, RateLimiter } from "./rate-limiter";
import { backoffDelay, faultNeverReachedServer, isTransientFault, mayRepeat, rateLimitDelay } from "./retry";
import { createTransport, TransportFault, type RawResponse, type Transport } from "./transport";
import type { ClientOptions, OktaClient, OktaRequest, OktaResponse } from "./types";

const DEFAULTS = {
  maxConcurrency: 8,
  timeoutMs: 30_000,
  maxRetries: 4,
  backoffBaseMs: 200,
  backoffCapMs: 5_000,
  maxRateLimitRetries: 6,
  maxRateLimitWaitMs: 90_000,
  resetMarginMs: 250,
};

/** One exchange as the retry loop sees it: the request, and whatever authorization it went out with. */
type Exchange = () => Promise<{ res: RawResponse; authorization?: string }>;

export function createOktaClient(org: OrgConnection, options: ClientOptions = {}): OktaClient {
  const o = { ...DEFAULTS, ...definedOnly(options) };
  const clock = resolveClock(options.clock);
  const random = options.random ?? Math.random;
  const log = options.log;
  const transport: Transport = options.wrapTransport
    ? options.wrapTransport(createTransport())
    : createTransport();
  const limiter = new RateLimiter({
    maxConcurrency: options.maxConcurrency ?? org.limits?.maxConcurrency ?? DEFAULTS.maxConcurrency,
    requestsPerMinute: options.requestsPerMinute ?? org.limits?.requestsPerMinute,
    resetMarginMs: o.resetMarginMs,
    maxResetWaitMs: o.maxRateLimitWaitMs,
    clock,
    log,
  });

  /** Retries 429s always, 5xx and faults when the call may be repeated; answers the last response. */
  async function sendWithRetries(req: OktaRequest, exchange: Exchange) {
    const ctx: ErrorContext = { org, method: req.method, path: req.path, operation: req.operation };
    let attempts = 0;
    let faultRetries = 0;
    let rateLimitRetries = 0;
    for (;;) {
      attempts++;
      const started = clock.now();
      let outcome: Awaited<ReturnType<Exchange>>;
      try {
        outcome = await exchange();
      } catch (err) {
        if (!(err instanceof TransportFault)) throw err;
        log?.(`okta: ${req.method} ${req.path} failed (${err.code}) after ${clock.now() - started} ms`);
        const repeatable = mayRepeat(req) || faultNeverReachedServer(err.code);
        if (repeatable && isTransientFault(err.code) && faultRetries < o.maxRetries) {
          faultRetries++;
          await backoff(faultRetries);
          continue;
        }
        const note = repeatable
          ? ""
          : " It was not retried because repeating it could act twice: check in Okta whether it took effect.";
        throw new OktaNetworkError(describeNetworkError(err.code, err.message, ctx, attempts) + note, {
          code: err.code,
          attempts,
          method: req.method,
          path: req.path,
          operation: req.operation,
        });
      }
      const { res } = outcome;
      log?.(`okta: ${req.method} ${req.path} ${res.status} in ${clock.now() - started} ms`);
      if (res.status === 429 && rateLimitRetries < o.maxRateLimitRetries) {
        rateLimitRetries++;
        const wait = rateLimitDelay(res.headers, rateLimitRetries, o.maxRateLimitWaitMs);
        log?.(`okta: rate limited, retrying in ${wait} ms`);
        limiter.recordWait(wait);
        await clock.sleep(wait);
        continue;
      }
      if (res.status >= 500 && mayRepeat(req) && faultRetries < o.maxRetries) {
        faultRetries++;
        await backoff(faultRetries);
        continue;
      }
      return { ...outcome, attempts };
    }
  }

  async function backoff(retry: number) {
    limiter.recordRetry();
    const wait = backoffDelay(retry, o.backoffBaseMs, o.backoffCapMs, random);
    log?.(`okta: retry ${retry} in ${wait} ms`);
    await clock.sleep(wait);
  }

  const authorizer = createAuthorizer(org, {
    now: () => clock.now(),
    // The token endpoint has a rate-limit bucket of its own: its headers must not steer the apps limiter.
    postToken: async (form) => {
      const tokenReq: OktaRequest = {
        method: "POST",
        path: TOKEN_PATH,
        operation: "token",
        idempotent: true,
      };
      const { res } = await sendWithRetries(tokenReq, async () => ({
        res: await transport({
          method: "POST",
          url: org.url + TOKEN_PATH,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: await form(),
          timeoutMs: o.timeoutMs,
        }),
      }));
      return res;
    },
  });

  async function request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
    try {
      return await send<T>(req);
    } catch (err) {
      throw redacted(err, secretsOf(org));
    }
  }

  async function send<T>(req: OktaRequest): Promise<OktaResponse<T>> {
    const url = org.url + checkedPath(req.path) + queryString(req.query);
    const body = req.body;
    const exchange: Exchange = async () => {
      const authorization = await authorizer.authorization();
      const res = await limiter.run(
        () =>
          transport({
            method: req.method,
            url,
            headers: { Authorization: authorization },
            body,
            timeoutMs: o.timeoutMs,
          }),
        (r) => r,
        bucketOf(req.path),
      );
      return { res, authorization };
    };
    let outcome = await sendWithRetries(req, exchange);
    // A cached access token can be revoked or expire early: fetch a fresh one once before blaming credentials.
    if (outcome.res.status === 401 && authorizer.refreshable && outcome.authorization) {
      log?.("okta: access token refused, fetching a new one");
      authorizer.invalidate(outcome.authorization);
      outcome = await sendWithRetries(req, exchange);
    }
    const { res, attempts } = outcome;
    // Okta answers 2xx; a redirect means the URL is not an org's API, and following it would leak credentials.
    if (res.status >= 300 || res.status < 200) {
      const errBody = redactBody(parseErrorBody(res.data), secretsOf(org));
      const requestId = res.headers["x-okta-request-id"];
      const ctx: ErrorContext = { org, method: req.method, path: req.path, operation: req.operation };
      throw new OktaApiError(describeApiError(res.status, errBody, requestId, ctx, attempts), {
        status: res.status,
        body: errBody,
        requestId,
        method: req.method,
        path: req.path,
        operation: req.operation,
      });
    }
    return { status: res.status, data: res.data as T, headers: res.headers };
  }

  return { orgUrl: org.url, request, limiterStats: () => limiter.snapshot() };
}

// Callers validate their path segments; this refuses anything that could leave the org's API (and take the
// Authorization header with it).
function checkedPath(path: string): string {
  if (!/^\/[A-Za-z0-9\-._~/%]*$/.test(path) || path.startsWith("//") || /(^|\/)\.\.?(\/|$)/.test(path)) {
    throw new Error(`Refusing to call Okta at an unexpected path: ${JSON.stringify(path.slice(0, 80))}`);
  }
  return path;
}

function queryString(query: Record<string, string> | undefined): string {
  if (!query) return "";
  const pairs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return pairs.length ? `?${pairs.join("&")}` : "";
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function secretsOf(org: OrgConnection): string[] {
  const auth = org.auth;
  return (auth.kind === "apiToken" ? [auth.token] : [auth.privateKey]).filter((s) => s.length >= 8);
}

/**
 * A last guard: every message is built from safe parts, but an error text relayed from a server (or a future
 * edit) must still not carry a credential into Pulumi's output.
 */
function redacted(err: unknown, secrets: string[]): unknown {
  if (err instanceof Error) {
    err.message = redactText(err.message, secrets);
    if (err.stack) err.stack = redactText(err.stack, secrets);
  }
  return err;
}

function redactText(text: string, secrets: string[]): string {
  return secrets.reduce((t, secret) => (t.includes(secret) ? t.split(secret).join("[redacted]") : t), text);
}

function redactBody(body: OktaErrorBody, secrets: string[]): OktaErrorBody {
  const r = (t: string | undefined) => (t === undefined ? t : redactText(t, secrets));
  return {
    errorCode: r(body.errorCode),
    errorSummary: r(body.errorSummary),
    errorCauses: body.errorCauses?.map((c) => redactText(c, secrets)),
    errorId: r(body.errorId),
  };
}
