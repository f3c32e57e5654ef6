/** What an adoption found in the org: the apps it adopts, with the values read, and those it skips. */
import type { AuthScheme, FeatureName } from "../../provider/okta-api";
import type { AppNames } from "./names";

export interface AppSummary {
  id: string;
  name: string;
  label: string;
}

export interface AdoptedConnection {
  authScheme: AuthScheme;
  enabled: boolean;
  baseUrl?: string;
  /** Okta Org2Org OAUTH2: as Okta returned it; undefined when it did not (then read from stack config). */
  clientId?: string;
  signing?: { rotationMode: "AUTO" | "MANUAL" };
  /** Google Workspace, Microsoft 365, Slack, Zoom: enabled only through a person's consent. */
  threeLegged: boolean;
}

export interface AdoptedFeature {
  name: FeatureName;
  capabilities: Record<string, unknown>;
  /** Settings Okta reported that the resources cannot take (see capabilities.ts). */
  leftOut: string[];
}

/** A value Okta never returns, which the program reads from stack config. */
export interface ConfigValue {
  key: string;
  /** The connection's input it fills (`token`, `settings.adminPassword`, …). */
  property: string;
  secret: boolean;
  /** What to put there, for the README: "the API token Zscaler 2.0 uses for SCIM". */
  what: string;
}

export interface AdoptedApp {
  app: AppSummary;
  names: AppNames;
  connection: AdoptedConnection;
  features: AdoptedFeature[];
  config: ConfigValue[];
}

export interface SkippedApp {
  app: AppSummary;
  reason: string;
}

export interface OrgScan {
  orgUrl: string;
  /** Apps whose connection was read (all of the org's, or those picked with --apps). */
  scanned: number;
  adopted: AdoptedApp[];
  skipped: SkippedApp[];
}
