/**
 * The provider's configuration, as Configure and CheckConfig receive it (the default provider's stack config
 * `okta-provisioning:*`, or an explicit provider's inputs), fed to the one org settings reader (provider/orgs.ts)
 * with the provider's own keys (PROVIDER_CONFIG_KEYS): resolution messages and the client's fix-it texts then
 * name `okta-provisioning:apiToken`, the key a user of the plugin sets, with nothing to translate.
 */
import {
  ENV_KEYS,
  OrgConfigError,
  OrgUnknownError,
  orgLocations,
  PROVIDER_CONFIG_KEYS,
  resolveOrg,
  type ConfigSource,
  type OrgLocation,
} from "../provider/orgs";
import { setConfigSource } from "../provider/runtime";
import { secret } from "./properties";
import { PACKAGE, providerSecretKeys } from "./schema";

export type ProviderConfig = Record<string, unknown>;

/**
 * Configure's variables are `okta-provisioning:KEY` → string (objects as JSON); its args, and CheckConfig's
 * inputs, are `KEY` → value. Both become `KEY` → value.
 */
export function fromVariables(variables: [string, string][]): ProviderConfig {
  const out: ProviderConfig = {};
  for (const [key, value] of variables) {
    const name = key.startsWith(`${PACKAGE}:`) ? key.slice(PACKAGE.length + 1) : key;
    out[name] = value;
  }
  return out;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The org resolution's view of a provider config: `okta-provisioning:KEY` is the provider's `KEY`. `stackKeys`: the
 * keys the stack's config file sets (a default provider's), so a message can name the other door's key it saw.
 */
export function configSource(config: ProviderConfig, stackKeys: Set<string> = new Set()): ConfigSource {
  const prefix = `${PACKAGE}:`;
  const get = (key: string) => (key.startsWith(prefix) ? text(config[key.slice(prefix.length)]) : undefined);
  return { get, has: (key: string) => get(key) !== undefined || stackKeys.has(key) };
}

/** Configure: the plugin's resources read their orgs from this config, in the provider's keys. */
export function useProviderConfig(config: ProviderConfig, stackKeys?: Set<string>): void {
  setConfigSource(configSource(config, stackKeys), PROVIDER_CONFIG_KEYS);
}

function mentionsDefaultOrg(config: ProviderConfig, env: NodeJS.ProcessEnv): boolean {
  return (
    ["orgUrl", "orgName", "apiToken", "clientId", "privateKey"].some((key) => text(config[key])?.trim()) ||
    !!(env.OKTA_PROVISIONING_ORG_URL?.trim() || env.OKTA_ORG_NAME?.trim())
  );
}

/**
 * Keys whose values never hold a credential: a failure about one of them names it as the property, and the engine
 * prints its value beside the reason. Any other (an org URL may carry `user:password@`, `orgs` carries tokens) is
 * named in the reason only, so its value is never printed.
 */
const PRINTABLE = new Set([
  "orgName",
  "baseUrl",
  "clientId",
  "privateKeyId",
  "scopes",
  "requestsPerMinute",
  "maxConcurrency",
]);

/**
 * CheckConfig: a bad org URL, org name, scope list or named org is refused at preview, naming the key. A provider
 * that names no default org at all is left alone when it has named orgs: its resources say `org:`. An org whose
 * settings are still unknown at preview (computed from another resource) is checked at `up`.
 */
export function configFailures(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
  stackKeys?: Set<string>,
): { property: string; reason: string }[] {
  const source = configSource(config, stackKeys);
  const problems: { property: string; reason: string }[] = [];
  const attempt = (alias: string | undefined) => {
    try {
      resolveOrg(alias, source, env, PROVIDER_CONFIG_KEYS);
    } catch (err) {
      if (err instanceof OrgUnknownError) return;
      if (!(err instanceof OrgConfigError)) throw err;
      const key = new RegExp(`${PACKAGE}:(\\w+)`).exec(err.message)?.[1] ?? "orgUrl";
      problems.push({ property: PRINTABLE.has(key) ? key : "", reason: err.message });
    }
  };
  if (mentionsDefaultOrg(config, env) || text(config.orgs) === undefined) attempt(undefined);
  const orgs = text(config.orgs);
  if (orgs !== undefined) {
    for (const alias of namedAliases(orgs) ?? ["(orgs)"]) attempt(alias);
  }
  return problems;
}

/** The aliases of `orgs` (JSON text), or undefined when it is not an object (resolveOrg says what is wrong). */
function namedAliases(orgs: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(orgs);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const aliases = Object.keys(parsed);
      return aliases.length ? aliases : undefined;
    }
  } catch {
    // Not JSON: resolveOrg says so.
  }
  return undefined;
}

/** The provider keys that locate the default org. */
const DEFAULT_ORG_KEYS = ["orgUrl", "orgName", "baseUrl"];

/**
 * DiffConfig's replacements: the keys whose change moves an org to another URL. An org is where the provider's
 * resources live (like a region): moved, they must be deleted there and created in the new one. A rotated
 * credential, a new named org or the same org spelled another way (`orgName` + `baseUrl` for `orgUrl`) moves
 * nothing. A URL still unknown at preview may move it.
 */
export function orgMoves(olds: ProviderConfig, news: ProviderConfig, env: NodeJS.ProcessEnv): string[] {
  const before = orgLocations(configSource(olds), env, PROVIDER_CONFIG_KEYS);
  const after = orgLocations(configSource(news), env, PROVIDER_CONFIG_KEYS);
  const moved = (a: OrgLocation, b: OrgLocation) =>
    a !== undefined && b !== undefined && (a === "unknown" || b === "unknown" || a !== b);
  const replaces: string[] = [];
  if (moved(before.default, after.default)) {
    const changed = DEFAULT_ORG_KEYS.filter((k) => text(olds[k]) !== text(news[k]));
    replaces.push(...(changed.length ? changed : ["orgUrl"]));
  }
  const named = (locations: typeof before.named, alias: string): OrgLocation =>
    locations === "unknown" ? "unknown" : locations[alias];
  const aliases = before.named === "unknown" ? [] : Object.keys(before.named);
  const namedMoved =
    (before.named === "unknown" && text(olds.orgs) !== text(news.orgs)) ||
    aliases.some((alias) => moved(named(before.named, alias), named(after.named, alias)));
  if (namedMoved) replaces.push("orgs");
  return replaces;
}

/**
 * The provider config as CheckConfig answers it, which is what the engine keeps in the state: every credential a
 * secret wherever it sits — the top-level `apiToken` and `privateKey`, each named org's, whatever the program made
 * secret — even when the program passed a plain string. Named orgs given as an object keep their other fields in
 * clear; given as JSON text (the default provider's stack config), a credential inside makes all of it secret.
 */
export function secretConfig(
  config: ProviderConfig,
  programSecrets: Set<string>,
): { props: ProviderConfig; secretKeys: Set<string> } {
  const credentials = providerSecretKeys();
  const secretKeys = new Set([...credentials, ...programSecrets]);
  const props = { ...config };
  const orgs = config.orgs;
  const holdsCredential = (entry: unknown) =>
    !!entry &&
    typeof entry === "object" &&
    [...credentials].some((k) => (entry as Record<string, unknown>)[k] !== undefined);
  if (typeof orgs === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(orgs);
    } catch {
      parsed = undefined;
    }
    if (
      parsed === undefined ||
      (typeof parsed === "object" && Object.values(parsed ?? {}).some(holdsCredential))
    )
      secretKeys.add("orgs");
  } else if (orgs && typeof orgs === "object" && !Array.isArray(orgs) && !secretKeys.has("orgs")) {
    props.orgs = Object.fromEntries(
      Object.entries(orgs as Record<string, unknown>).map(([alias, entry]) => {
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) return [alias, entry];
        const fields = Object.entries(entry as Record<string, unknown>).map(([k, v]) => [
          k,
          credentials.has(k) && v !== undefined && v !== null ? secret(v) : v,
        ]);
        return [alias, Object.fromEntries(fields)];
      }),
    );
  }
  return { props, secretKeys };
}

/** Whether the default org would take its credentials from the environment (the config gives none of its own). */
export function takesEnvironmentCredentials(config: ProviderConfig, env: NodeJS.ProcessEnv): boolean {
  const own = ["apiToken", "clientId", "privateKey"].some((key) => text(config[key])?.trim());
  const inherited = [ENV_KEYS.apiToken, ENV_KEYS.clientId, ENV_KEYS.privateKey].some((key) =>
    env[key]?.trim(),
  );
  return !own && inherited;
}

/** The default org's URL of a configuration (config, then environment), "unknown" at preview, undefined if none. */
export function defaultOrgLocation(config: ProviderConfig, env: NodeJS.ProcessEnv): OrgLocation {
  return orgLocations(configSource(config), env, PROVIDER_CONFIG_KEYS).default;
}
