/**
 * The Okta client: one `request` function, composed the way octokit composes its request core with plugins. Each
 * layer is a small function around the next one (types.ts `Layer`), from the caller down to the wire:
 *
 *   request → errors → abort → retry → authorize → limit → send
 *
 * Retry sits above authorize and limit so that every attempt carries a current token and is paced and counted by
 * the org's limiter (a retry below the limiter would send without waiting for the budget). The token endpoint has a
 * rate-limit bucket of its own, so its request is only retried and sent: its headers must not steer the limiter.
 */
import { abortable } from "./abort";
import { authorize, createAuthorizer, TOKEN_PATH } from "./auth";
import { resolveClock } from "./clock";
import { mapErrors } from "./errors";
import { limit, RateLimiter } from "./rate-limiter";
import { retry } from "./retry";
import { createTransport } from "./transport";
import type {
  ClientOptions,
  Layer,
  OktaClient,
  OktaRequest,
  OktaResponse,
  OrgConnection,
  Outgoing,
  Send,
  Transport,
} from "./types";

const DEFAULTS = {
  maxConcurrency: 8,
  timeoutMs: 30_000,
  maxRetries: 6,
  backoffBaseMs: 200,
  backoffCapMs: 5_000,
  maxRateLimitRetries: 6,
  maxRateLimitWaitMs: 90_000,
  resetMarginMs: 250,
};

/** `compose(a, b, c)(send)` is `a(b(c(send)))`: the first layer is the outermost. */
function compose(...layers: Layer[]): Layer {
  return (send) => layers.reduceRight((next, layer) => layer(next), send);
}

export function createOktaClient(org: OrgConnection, options: ClientOptions = {}): OktaClient {
  const o = { ...DEFAULTS, ...definedOnly(options) };
  const clock = resolveClock(options.clock);
  const log = options.log;
  const transport: Transport = options.wrapTransport
    ? options.wrapTransport(createTransport())
    : createTransport();
  const send: Send = (out) => transport(out.wire);
  const limiter = new RateLimiter({
    maxConcurrency: options.maxConcurrency ?? org.limits?.maxConcurrency ?? DEFAULTS.maxConcurrency,
    requestsPerMinute: options.requestsPerMinute ?? org.limits?.requestsPerMinute,
    resetMarginMs: o.resetMarginMs,
    maxResetWaitMs: o.maxRateLimitWaitMs,
    clock,
    log,
  });
  const retries = retry({ ...o, clock, random: options.random ?? Math.random, log, stats: limiter });

  const authorizer = createAuthorizer(org, {
    now: () => clock.now(),
    // The form is built again for each attempt: Okta refuses an assertion whose jti it has already seen.
    postToken: (form) =>
      retries(async (out) => send({ ...out, wire: { ...out.wire, body: await form() } }))(
        outgoing(
          { method: "POST", path: TOKEN_PATH, operation: "token", idempotent: true },
          org.url + TOKEN_PATH,
          { "Content-Type": "application/x-www-form-urlencoded" },
        ),
      ),
  });

  const api = compose(mapErrors(org), abortable(), retries, authorize(authorizer, log), limit(limiter))(send);

  function outgoing(request: OktaRequest, url: string, headers: Record<string, string> = {}): Outgoing {
    return {
      request,
      wire: {
        method: request.method,
        url,
        headers,
        body: request.body,
        timeoutMs: o.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      },
      attempts: 0,
    };
  }

  async function request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
    const res = await api(outgoing(req, org.url + checkedPath(req.path) + queryString(req.query)));
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
