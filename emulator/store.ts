/**
 * The one state store: orgs, their credentials, apps, connections and features. In memory unless a state file is
 * given; then every change is written atomically (temp file + rename) so a crash never leaves half a file.
 * Connection tokens and admin passwords are never stored at all: Okta never gives them back, so neither do we.
 */
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { appInstanceId, apiTokenValue } from "./ids";
import { appKind, type AuthScheme, type FeatureName, SEEDED_APP_NAMES } from "./catalog";
import type { ZscalerTenantRecord } from "./zscaler";

export type Scope = "okta.apps.read" | "okta.apps.manage";
export const ALL_SCOPES: Scope[] = ["okta.apps.read", "okta.apps.manage"];

export interface ApiTokenRecord {
  token: string;
  scopes: Scope[];
}

export interface ServiceAppRecord {
  clientId: string;
  /** A public JWK (object) or an SPKI PEM. */
  publicKey: object | string;
  scopes: Scope[];
  /** The service app Org2Org OAuth 2.0 connections to this org name (see `withOrg2OrgServiceApp`). */
  org2orgTarget?: boolean;
}

export interface ConnectionRecord {
  authScheme: AuthScheme;
  status: "ENABLED" | "DISABLED";
  baseUrl?: string;
  clientId?: string;
  rotationMode?: "AUTO" | "MANUAL";
  /** Three-legged OAuth: the state of the current authorize link, the code issued on Allow, and whether it was redeemed. */
  consentState?: string;
  consentCode?: string;
  consentGranted?: boolean;
}

export type Capabilities = Record<string, unknown>;

export interface AppRecord {
  id: string;
  name: string;
  label: string;
  created: string;
  lastUpdated: string;
  /** Absent on seeded apps and older state files: ACTIVE. */
  status?: "ACTIVE" | "INACTIVE";
  /** Apps created through the API: the sign-on mode and `settings.app` they were created with (write-only fields dropped). */
  signOnMode?: string;
  settingsApp?: Record<string, unknown>;
  connection?: ConnectionRecord;
  features: Partial<Record<FeatureName, Capabilities>>;
  /** Org2Org's provisioning signing key (public half only), made on first JWKS read. */
  jwk?: Record<string, unknown>;
}

export interface OrgRecord {
  name: string;
  port?: number;
  apiTokens: ApiTokenRecord[];
  serviceApps: ServiceAppRecord[];
  apps: AppRecord[];
}

export interface StateFile {
  version: 1;
  orgs: OrgRecord[];
  /** Emulated Zscaler SCIM tenants (absent in files written before issue 27). */
  zscalerTenants?: ZscalerTenantRecord[];
}

export function newApp(name: string, label?: string): AppRecord {
  const now = new Date().toISOString();
  return {
    id: appInstanceId(),
    name,
    label: label ?? appKind(name).label,
    created: now,
    lastUpdated: now,
    features: {},
  };
}

export function newOrg(name: string): OrgRecord {
  const org: OrgRecord = {
    name,
    apiTokens: [{ token: apiTokenValue(), scopes: [...ALL_SCOPES] }],
    serviceApps: [],
    apps: SEEDED_APP_NAMES.map((appName) => newApp(appName)),
  };
  withOrg2OrgServiceApp(org);
  return org;
}

/**
 * Every org has a service app that Okta Org2Org OAuth 2.0 connections to it may name as their `clientId` (the
 * emulator verifies that the client id is one of the target org's service apps, as Okta does). In real orgs an
 * admin creates it holding the source app's public key; here it is made with the org and printed, like its API
 * token. It may not call the org's API (no scopes). Added to orgs of older state files too.
 */
export function withOrg2OrgServiceApp(org: OrgRecord): ServiceAppRecord {
  const existing = org.serviceApps.find((a) => a.org2orgTarget);
  if (existing) return existing;
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const app: ServiceAppRecord = {
    clientId: appInstanceId(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    scopes: [],
    org2orgTarget: true,
  };
  org.serviceApps.push(app);
  return app;
}

export class Store {
  readonly orgs = new Map<string, OrgRecord>();
  zscalerTenants: ZscalerTenantRecord[] = [];
  private saving = false;
  private dirty = false;

  constructor(private readonly statePath?: string) {}

  /** Loads the state file if there is one; returns the orgs it held. */
  load(): OrgRecord[] {
    if (!this.statePath || !fs.existsSync(this.statePath)) return [];
    const state = JSON.parse(fs.readFileSync(this.statePath, "utf8")) as StateFile;
    for (const org of state.orgs) this.orgs.set(org.name, org);
    this.zscalerTenants = state.zscalerTenants ?? [];
    return state.orgs;
  }

  add(org: OrgRecord): void {
    this.orgs.set(org.name, org);
  }

  org(name: string): OrgRecord {
    const org = this.orgs.get(name);
    if (!org) throw new Error(`emulator: no org named ${name}`);
    return org;
  }

  /** Called after every change; writes synchronously so a test that restarts the emulator sees it at once. */
  changed(): void {
    if (!this.statePath) return;
    if (this.saving) {
      this.dirty = true;
      return;
    }
    this.saving = true;
    try {
      do {
        this.dirty = false;
        const state: StateFile = {
          version: 1,
          orgs: [...this.orgs.values()],
          zscalerTenants: this.zscalerTenants,
        };
        const tmp = `${this.statePath}.${process.pid}.tmp`;
        fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
        // The file holds the orgs' API tokens and the tenants' SCIM tokens: readable by its owner only.
        fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
        fs.renameSync(tmp, this.statePath);
      } while (this.dirty);
    } finally {
      this.saving = false;
    }
  }
}
