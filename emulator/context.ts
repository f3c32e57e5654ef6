/** Everything a route of one org needs, shared by the org's server, its hooks and its routes. */
import type { OrgAuth } from "./auth";
import type { FaultInjector } from "./faults";
import type { Observer } from "./observe";
import type { RateLimiter } from "./rate-limit";
import type { AppRecord, OrgRecord, Store } from "./store";
import type { ZscalerTenantRecord } from "./zscaler";
import { notFound } from "./errors";

/** What a connection's credentials are checked against: this emulator's orgs and its Zscaler tenants. */
export interface Directory {
  /** The org served at `url`'s origin, if this emulator serves it. */
  orgAt(url: string): OrgRecord | undefined;
  /** The emulated Zscaler tenant whose SCIM base URL is `url`. */
  zscalerTenantAt(url: string): ZscalerTenantRecord | undefined;
}

export interface OrgContext {
  org: OrgRecord;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  url: string;
  store: Store;
  auth: OrgAuth;
  limiter: RateLimiter;
  faults: FaultInjector;
  observer: Observer;
  /** ms since the epoch: rate-limit windows and the `Date` header (injected by tests). */
  clock: () => number;
  directory: Directory;
}

export function findApp(ctx: OrgContext, appId: string): AppRecord {
  const app = ctx.org.apps.find((a) => a.id === appId);
  if (!app) throw notFound(appId);
  return app;
}

/** Marks an app changed and persists. */
export function touch(ctx: OrgContext, app: AppRecord): void {
  app.lastUpdated = new Date().toISOString();
  ctx.store.changed();
}
