/**
 * Okta's rate limits for one org: a window per endpoint bucket, a per-token share of each bucket, and a cap on
 * requests in flight. The headers describe whichever limit binds the caller (the smaller remaining of the org's
 * bucket and the caller's share), so a client that paces on them never sees a 429 it could have avoided.
 *
 * A window opens with the first request after the previous one ended, not on the clock minute: recorded in
 * okta/okta-sdk-python's cassettes (test/conformance/recordings/py-rate-limit-window.json, X-Rate-Limit-Reset is
 * that request's Date + 60 s). Every recorded org shows the single-app bucket at five times the apps bucket
 * (100/500 in paid orgs, 20/100 in free developer orgs), which is how a plain number of requests is read.
 */
export type Bucket = "apps" | "app";

export interface RateLimitOptions {
  /** Requests per window on the apps bucket (the list and every path below an app). Default 100. */
  apps?: number;
  /** Requests per window on exactly `/api/v1/apps/{appId}`. Default 500 (five times `apps`, as recorded). */
  app?: number;
  /** The share of a bucket one token or service app may use. Default 0.5 (recorded: Limit 50/250 to one token). */
  perTokenShare?: number;
  /** Requests in flight per org; 0 for no cap. Default 75 (assumed from Okta's documentation: no recording). */
  concurrency?: number;
  /** Window length in ms. Default 60000 (Okta's one minute). */
  windowMs?: number;
}

/** The single-app bucket over the apps bucket in every recorded org (100/500 paid, 20/100 free developer orgs). */
export const APP_BUCKET_RATIO = 5;

export type RateLimitHeaders = {
  "X-Rate-Limit-Limit": string;
  "X-Rate-Limit-Remaining": string;
  "X-Rate-Limit-Reset": string;
};

interface Window {
  start: number;
  used: number;
  perPrincipal: Map<string, number>;
}

export interface Admission {
  allowed: boolean;
  headers: RateLimitHeaders;
}

export class RateLimiter {
  private settings: Required<RateLimitOptions>;
  private enabled: boolean;
  private readonly windows = new Map<Bucket, Window>();
  private inFlight = 0;

  /** `clock`: milliseconds since the epoch; tests inject one so that no test depends on where a window falls. */
  constructor(
    options: RateLimitOptions | false,
    private readonly clock: () => number = Date.now,
  ) {
    this.settings = RateLimiter.defaults({});
    this.enabled = true;
    this.configure(options);
  }

  static defaults(options: RateLimitOptions): Required<RateLimitOptions> {
    const apps = options.apps ?? 100;
    return {
      apps,
      app: options.app ?? apps * APP_BUCKET_RATIO,
      perTokenShare: options.perTokenShare ?? 0.5,
      concurrency: options.concurrency ?? 75,
      windowMs: options.windowMs ?? 60_000,
    };
  }

  configure(options: RateLimitOptions | false): void {
    if (options === false) {
      this.enabled = false;
      return;
    }
    this.enabled = true;
    this.settings = RateLimiter.defaults({ ...this.settings, ...options });
    this.windows.clear();
  }

  current(): (Required<RateLimitOptions> & { enabled: true }) | { enabled: false } {
    return this.enabled ? { enabled: true, ...this.settings } : { enabled: false };
  }

  /** The bucket's window at `now`: the current one, or a new one that opens with this request. */
  private window(bucket: Bucket, now: number): Window {
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + this.settings.windowMs) {
      w = { start: now, used: 0, perPrincipal: new Map() };
      this.windows.set(bucket, w);
    }
    return w;
  }

  /** Counts the request against its bucket and the caller's share, or refuses it. Undefined when limits are off. */
  admit(bucket: Bucket, principal: string, now = this.clock()): Admission | undefined {
    if (!this.enabled) return undefined;
    const limit = this.settings[bucket];
    const tokenLimit = Math.max(1, Math.floor(limit * this.settings.perTokenShare));
    const w = this.window(bucket, now);
    const tokenUsed = w.perPrincipal.get(principal) ?? 0;
    const allowed = w.used < limit && tokenUsed < tokenLimit;
    if (allowed) {
      w.used++;
      w.perPrincipal.set(principal, tokenUsed + 1);
    }
    const orgRemaining = limit - w.used;
    const tokenRemaining = tokenLimit - (w.perPrincipal.get(principal) ?? 0);
    const tokenBinds = tokenRemaining <= orgRemaining;
    const reset = Math.ceil((w.start + this.settings.windowMs) / 1000);
    return {
      allowed,
      headers: {
        "X-Rate-Limit-Limit": String(tokenBinds ? tokenLimit : limit),
        "X-Rate-Limit-Remaining": String(Math.max(0, tokenBinds ? tokenRemaining : orgRemaining)),
        "X-Rate-Limit-Reset": String(reset),
      },
    };
  }

  /** Takes an in-flight slot; false (and concurrency headers) when the org is at its cap. Call release() after. */
  enter(now = this.clock()): { allowed: boolean; headers?: RateLimitHeaders } {
    if (!this.enabled || this.settings.concurrency <= 0 || this.inFlight < this.settings.concurrency) {
      this.inFlight++;
      return { allowed: true };
    }
    // Okta's Reset is only an estimate while the concurrency limit binds.
    return {
      allowed: false,
      headers: {
        "X-Rate-Limit-Limit": String(this.settings.concurrency),
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Reset": String(Math.ceil(now / 1000) + 1),
      },
    };
  }

  release(): void {
    if (this.inFlight > 0) this.inFlight--;
  }
}
