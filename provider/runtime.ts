/**
 * Process-wide state of the dynamic provider: the stack config handed to `configure`, and one Okta client per
 * org. Every resource of a stack runs in the same dynamic-provider process, so they share clients and therefore
 * one rate limiter per org. Nothing here is ever serialized into a resource's state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { clientFor, type OktaClient } from "./client";
import { trackCreations } from "./created-here";
import { operationSignal } from "./operation";
import { UNKNOWN } from "./validation";
import {
  OrgConfigError,
  OrgUnknownError,
  resolveOrg,
  STACK_CONFIG_KEYS,
  type ConfigSource,
  type OrgConnection,
  type SettingKeys,
} from "./orgs";

let stackConfig: ConfigSource = { get: () => undefined };
/** Whether the config came from the dynamic provider's `configure` (which Pulumi may feed from state, see saved-config.ts). */
let fromDynamicConfigure = false;
/** How that config spells the default org's settings (a native provider passes its own keys). */
let settingKeys: SettingKeys = STACK_CONFIG_KEYS;

/**
 * The dynamic provider's `configure` hook: the whole stack config, every namespace, secrets decrypted. Pulumi
 * starts the dynamic-provider host for one deployment, so a delete after a create here is a replacement's.
 */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = { get: (key: string) => req.config.get(key) };
  settingKeys = STACK_CONFIG_KEYS;
  fromDynamicConfigure = true;
  trackCreations();
}

/** True inside the dynamic-provider host, whose config is Pulumi's saved copy during refresh and destroy. */
export function configuredByDynamicHost(): boolean {
  return fromDynamicConfigure;
}

/** One stack config value (`namespace:key`), as `configure` handed it over. */
export function stackConfigValue(key: string): string | undefined {
  return stackConfig.get(key);
}

/**
 * For tests, the CLI and the native provider, which have no dynamic `configure`. `keys`: how `source` spells the
 * default org's settings, e.g. PROVIDER_CONFIG_KEYS for a provider's `okta-provisioning:*` configuration.
 */
export function setConfigSource(source: ConfigSource, keys: SettingKeys = STACK_CONFIG_KEYS): void {
  stackConfig = source;
  settingKeys = keys;
  fromDynamicConfigure = false;
}

/**
 * Resolved orgs per alias, for the config source they were read from: `configure` hands over a new source when the
 * config changes (a new deployment, a test's setConfigSource), which starts a new cache. Failures are not kept:
 * they are read again, so the error a user fixes in config is not remembered.
 */
let resolved: { source: ConfigSource; keys: SettingKeys; orgs: Map<string, OrgConnection> } = {
  source: stackConfig,
  keys: settingKeys,
  orgs: new Map(),
};

export function orgFor(alias: string | undefined): OrgConnection {
  if (resolved.source !== stackConfig || resolved.keys !== settingKeys)
    resolved = { source: stackConfig, keys: settingKeys, orgs: new Map() };
  const key = alias || "";
  let org = resolved.orgs.get(key);
  if (!org) {
    org = resolveOrg(alias || undefined, stackConfig, process.env, settingKeys);
    resolved.orgs.set(key, org);
  }
  return org;
}

/**
 * The shared client of the alias's org: the same resolved org object finds it without hashing (client/shared.ts).
 * Inside an operation whose door gave it a signal (provider/operation.ts), every request carries that signal.
 */
export function oktaClient(alias: string | undefined): OktaClient {
  const log = process.env.OKTA_PROVISIONING_DEBUG ? (line: string) => console.error(line) : undefined;
  const client = clientFor(orgFor(alias), { log });
  const signal = operationSignal();
  if (!signal) return client;
  return {
    orgUrl: client.orgUrl,
    limiterStats: () => client.limiterStats(),
    request: (req) => client.request({ signal, ...req }),
  };
}

/** A bad org URL or missing credentials, as a preview-time failure on `org` instead of an error at `up`. */
export function orgFailures(alias: unknown): { property: string; reason: string }[] {
  // An alias still unknown at preview (computed from another resource) is checked at `up`.
  if ((alias !== undefined && typeof alias !== "string") || alias === UNKNOWN) return [];
  try {
    orgFor(alias);
    return [];
  } catch (err) {
    // The org itself is not known until the deployment runs (a provider's orgUrl from another resource).
    if (err instanceof OrgUnknownError) return [];
    // Named only when the resource chose an org: for the default org the fault is the stack's config, and the engine
    // would print "property org value {<nil>}" for an input the program never set.
    if (err instanceof OrgConfigError) return [{ property: alias ? "org" : "", reason: err.message }];
    throw err;
  }
}
