/**
 * `pulumi-okta-provisioning/emulator`: a local emulator of Okta's app connection and app feature APIs, one base URL
 * (own port on 127.0.0.1) and one API token per org. See docs/emulator.md.
 */
import type { FastifyInstance } from "fastify";
import { OrgAuth } from "./auth";
import { decideConsent } from "./consent";
import type { OrgContext } from "./context";
import { FaultInjector, type FaultSpec } from "./faults";
import { Observer, type Counters, type RequestLogEntry } from "./observe";
import { seedMixed, type SeedOptions } from "./presets";
import { APP_BUCKET_RATIO, RateLimiter, type RateLimitOptions } from "./rate-limit";
import { appRoutes } from "./routes/apps";
import { connectionRoutes } from "./routes/connections";
import { consentRoutes } from "./routes/consent";
import { controlRoutes, type OrgControl } from "./routes/control";
import { featureRoutes } from "./routes/features";
import { tokenRoutes } from "./routes/token";
import { createOrgServer } from "./server";
import { refuseForeignHosts } from "./host-check";
import {
  ALL_SCOPES,
  newApp,
  newOrg,
  Store,
  withOrg2OrgServiceApp,
  type OrgRecord,
  type Scope,
} from "./store";
import { apiTokenValue, opaqueSecret } from "./ids";
import {
  newZscalerTenant,
  tenantAt,
  zscalerBaseUrl,
  zscalerRoutes,
  type ZscalerTenant,
  type ZscalerTenantRecord,
} from "./zscaler";

export type { Counters, RequestLogEntry } from "./observe";
export type { FaultSpec, FaultRule, FaultKind } from "./faults";
export { parseFaults } from "./faults";
export type { RateLimitOptions } from "./rate-limit";
export type { Scope } from "./store";
export type { SeedOptions } from "./presets";
export type { ZscalerTenant } from "./zscaler";

export interface ServiceAppInput {
  clientId: string;
  /** Public key as a JWK object or an SPKI PEM string (RS256 or ES256). */
  publicKey: object | string;
  /** Scopes the app may be granted. Default: okta.apps.read and okta.apps.manage. */
  scopes?: Scope[];
}

/** Per-org options; anything unset falls back to the emulator-wide option. */
export interface OrgOptions {
  name?: string;
  rateLimit?: number | false | RateLimitOptions;
  faults?: FaultSpec | string;
  serviceApps?: ServiceAppInput[];
  seed?: SeedOptions | "mixed";
}

export interface EmulatorOptions {
  /** How many orgs (default 1), or per-org options. Names default to org1, org2, … */
  orgs?: number | OrgOptions[];
  /** Always 127.0.0.1: the emulator never listens beyond loopback. */
  host?: "127.0.0.1";
  /** The first org's port; the others take the following ports. 0 (default) picks free ports. */
  port?: number;
  /**
   * Requests per window on the apps bucket (the single-app bucket gets five times as many, as in every recorded
   * org: 100 → 500 paid, 20 → 100 free developer orgs), `false`/0 for no limits, or the detailed options.
   */
  rateLimit?: number | false | RateLimitOptions;
  /** Rate-limit window length in ms (default 60000); short windows keep tests fast. */
  windowMs?: number;
  /** Requests in flight per org (default 75; 0 = no cap). */
  concurrency?: number;
  faults?: FaultSpec | string;
  /**
   * The emulator's clock (ms since the epoch) for rate-limit windows and the `Date` header. Tests inject one so
   * that nothing depends on where a wall-clock window falls. Default `Date.now`.
   */
  clock?: () => number;
  /** Keep orgs, tokens, apps, connections and features in this JSON file across restarts. */
  statePath?: string;
  /** Start every org with many pre-configured apps in mixed states ("mixed" = 40). */
  seed?: SeedOptions | "mixed";
}

export interface EmulatorApp {
  id: string;
  name: string;
  label: string;
}

export interface EmulatorOrg {
  name: string;
  url: string;
  apiToken: string;
  /**
   * The client id of a service app of this org, for Okta Org2Org OAuth 2.0 connections that provision to it: the
   * emulator verifies an Org2Org `clientId` against the target org's service apps, as Okta does.
   */
  org2orgClientId: string;
  apps: EmulatorApp[];
}

export interface Emulator {
  orgs: EmulatorOrg[];
  /**
   * Emulated Zscaler 2.0 SCIM tenants (one to start with): a `zscalerbyz` connection's `baseUrl` and `token` must
   * be one of these, as Okta verifies them against the real tenant.
   */
  zscalerTenants: ZscalerTenant[];
  /** Another emulated Zscaler tenant, with a token of its own. */
  addZscalerTenant(): ZscalerTenant;
  /** Stops every org's server. */
  close(): Promise<void>;
  /** Counters of one org, or summed over all orgs. */
  counters(orgName?: string): Counters;
  resetCounters(orgName?: string): void;
  requestLog(orgName?: string): RequestLogEntry[];
  setFaults(orgName: string, spec: FaultSpec | string | undefined): void;
  setRateLimit(orgName: string | undefined, options: number | false | RateLimitOptions): void;
  addApp(orgName: string, app: { name: string; label?: string }): EmulatorApp;
  registerServiceApp(orgName: string, app: ServiceAppInput): void;
  /** A further API token of the org, e.g. with only okta.apps.read to test 403s. */
  addApiToken(orgName: string, options?: { scopes?: Scope[] }): string;
  /** What pressing Allow on the authorize page does: returns the continue_oauth_flow_url href. */
  approveConsent(authorizeUrl: string): string;
  /**
   * What revoking Okta's access in the third party (Google, Microsoft, Slack, Zoom) does to a three-legged
   * connection: the grant is gone, the connection DISABLED, and a new authorize link is issued.
   */
  revokeConsent(orgName: string, appId: string): void;
  /** An admin deleting the app instance: every call about it answers 404 from then on. */
  deleteApp(orgName: string, appId: string): void;
}

function rateLimitOptions(
  value: number | false | RateLimitOptions | undefined,
  defaults: EmulatorOptions,
): RateLimitOptions | false {
  if (value === false || value === 0) return false;
  const base: RateLimitOptions = {
    ...(defaults.windowMs !== undefined ? { windowMs: defaults.windowMs } : {}),
    ...(defaults.concurrency !== undefined ? { concurrency: defaults.concurrency } : {}),
  };
  // A plain number is the apps bucket; the single-app bucket is five times it, as in every recorded org.
  if (typeof value === "number") return { ...base, apps: value, app: value * APP_BUCKET_RATIO };
  return { ...base, ...(value ?? {}) };
}

const SEED_COUNT = (seed: SeedOptions | "mixed" | undefined) =>
  seed === "mixed" ? 40 : (seed?.configuredApps ?? 0);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (options.host && options.host !== "127.0.0.1") throw new Error("emulator: host must be 127.0.0.1");
  const perOrg: OrgOptions[] = Array.isArray(options.orgs)
    ? options.orgs
    : Array.from({ length: options.orgs ?? 1 }, () => ({}));
  const clock = options.clock ?? Date.now;
  const store = new Store(options.statePath);
  const loaded = new Map(store.load().map((o) => [o.name, o]));
  const observer = new Observer();
  const contexts = new Map<string, OrgContext>();
  const servers: FastifyInstance[] = [];
  const orgs: EmulatorOrg[] = [];
  const zscalerTenants: ZscalerTenant[] = [];
  // The first org's port hosts the emulated Zscaler tenants; known once it listens.
  let thirdPartyHost = "";

  const originOf = (url: string): string | undefined => {
    try {
      return new URL(url).origin;
    } catch {
      return undefined;
    }
  };
  const directory = {
    orgAt: (url: string) => {
      const origin = originOf(url);
      return [...contexts.values()].find((c) => origin !== undefined && originOf(c.url) === origin)?.org;
    },
    zscalerTenantAt: (url: string) => tenantAt(thirdPartyHost, store.zscalerTenants, url),
  };
  const publicTenant = (t: ZscalerTenantRecord): ZscalerTenant => ({
    baseUrl: zscalerBaseUrl(thirdPartyHost, t),
    token: t.tokens[0],
  });

  const ctxOf = (name: string): OrgContext => {
    const ctx = contexts.get(name);
    if (!ctx) throw new Error(`emulator: no org named ${name}`);
    return ctx;
  };
  const publicOrg = (name: string) => orgs.find((o) => o.name === name)!;

  const control = (ctx: OrgContext): OrgControl => ({
    addApp: ({ name, label }) => {
      const app = newApp(name, label);
      ctx.org.apps.push(app);
      ctx.store.changed();
      const out = { id: app.id, name: app.name, label: app.label };
      publicOrg(ctx.org.name)?.apps.push(out);
      return out;
    },
    registerServiceApp: ({ clientId, publicKey, scopes }) => {
      ctx.org.serviceApps = ctx.org.serviceApps.filter((a) => a.clientId !== clientId);
      ctx.org.serviceApps.push({ clientId, publicKey, scopes: scopes ?? [...ALL_SCOPES] });
      ctx.store.changed();
    },
    addApiToken: ({ scopes }) => {
      const token = apiTokenValue();
      ctx.org.apiTokens.push({ token, scopes: scopes ?? [...ALL_SCOPES] });
      ctx.store.changed();
      return token;
    },
    setRateLimit: (value) => ctx.limiter.configure(value),
  });

  try {
    for (let i = 0; i < perOrg.length; i++) {
      const o = perOrg[i];
      const name = o.name ?? `org${i + 1}`;
      let org: OrgRecord | undefined = loaded.get(name);
      if (!org) {
        org = newOrg(name);
        seedMixed(org, SEED_COUNT(o.seed ?? options.seed));
      }
      const org2orgClientId = withOrg2OrgServiceApp(org).clientId;
      store.add(org);
      const ctx: OrgContext = {
        org,
        url: "",
        store,
        auth: new OrgAuth(org),
        limiter: new RateLimiter(rateLimitOptions(o.rateLimit ?? options.rateLimit, options), clock),
        faults: new FaultInjector(o.faults ?? options.faults),
        observer,
        clock,
        directory,
      };
      contexts.set(name, ctx);
      const ops = control(ctx);
      for (const sa of o.serviceApps ?? []) ops.registerServiceApp(sa);

      const server = createOrgServer();
      refuseForeignHosts(server);
      appRoutes(server, ctx);
      connectionRoutes(server, ctx);
      featureRoutes(server, ctx);
      consentRoutes(server, ctx);
      tokenRoutes(server, ctx);
      controlRoutes(server, ctx, ops);
      if (i === 0) zscalerRoutes(server, () => store.zscalerTenants);
      servers.push(server);

      const wanted = options.port ? options.port + i : options.port === undefined && org.port ? org.port : 0;
      try {
        await server.listen({ host: "127.0.0.1", port: wanted });
      } catch (err) {
        // A remembered port may be taken now; an explicit one is the caller's choice and must fail loudly.
        if (options.port || !wanted) throw err;
        await server.listen({ host: "127.0.0.1", port: 0 });
      }
      const port = (server.server.address() as { port: number }).port;
      org.port = port;
      ctx.url = `http://127.0.0.1:${port}`;
      if (i === 0) thirdPartyHost = ctx.url;
      orgs.push({
        name,
        url: ctx.url,
        apiToken: org.apiTokens[0].token,
        org2orgClientId,
        apps: org.apps.map(({ id, name: appName, label }) => ({ id, name: appName, label })),
      });
    }
    if (store.zscalerTenants.length === 0) store.zscalerTenants.push(newZscalerTenant());
    zscalerTenants.push(...store.zscalerTenants.map(publicTenant));
    store.changed();
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }

  return {
    orgs,
    zscalerTenants,
    addZscalerTenant: () => {
      const record = newZscalerTenant();
      store.zscalerTenants.push(record);
      store.changed();
      const tenant = publicTenant(record);
      zscalerTenants.push(tenant);
      return tenant;
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
    counters: (orgName) => observer.countersFor(orgName),
    resetCounters: (orgName) => observer.reset(orgName),
    requestLog: (orgName) => observer.requestLog(orgName),
    setFaults: (orgName, spec) => ctxOf(orgName).faults.set(spec),
    setRateLimit: (orgName, value) => {
      const targets = orgName ? [ctxOf(orgName)] : [...contexts.values()];
      for (const ctx of targets) ctx.limiter.configure(rateLimitOptions(value, options));
    },
    addApp: (orgName, app) => control(ctxOf(orgName)).addApp(app),
    registerServiceApp: (orgName, app) => control(ctxOf(orgName)).registerServiceApp(app),
    addApiToken: (orgName, opts) => control(ctxOf(orgName)).addApiToken(opts ?? {}),
    revokeConsent: (orgName, appId) => {
      const ctx = ctxOf(orgName);
      const c = ctx.org.apps.find((a) => a.id === appId)?.connection;
      if (!c?.consentState) throw new Error(`emulator: app ${appId} has no three-legged connection`);
      c.consentGranted = false;
      c.consentCode = undefined;
      c.consentState = opaqueSecret(18);
      c.status = "DISABLED";
      ctx.store.changed();
    },
    deleteApp: (orgName, appId) => {
      const ctx = ctxOf(orgName);
      ctx.org.apps = ctx.org.apps.filter((a) => a.id !== appId);
      const listed = publicOrg(orgName);
      listed.apps = listed.apps.filter((a) => a.id !== appId);
      ctx.store.changed();
    },
    approveConsent: (authorizeUrl) => {
      const url = new URL(authorizeUrl);
      const ctx = [...contexts.values()].find((c) => new URL(c.url).origin === url.origin);
      const m = /^\/__thirdparty\/([^/]+)\/authorize$/.exec(url.pathname);
      if (!ctx || !m) throw new Error("emulator: not an authorize URL of this emulator");
      return decideConsent(ctx, m[1], url.searchParams.get("state") ?? undefined, "allow")
        .continue_oauth_flow_url.href;
    },
  };
}
