/**
 * The provider's configuration, as Configure and CheckConfig receive it (the default provider's stack config
 * `okta-provisioning:*`, or an explicit provider's inputs), fed to the one org settings reader (provider/orgs.ts)
 * with the provider's own keys (PROVIDER_CONFIG_KEYS): resolution messages and the client's fix-it texts then
 * name `okta-provisioning:apiToken`, the key a user of the plugin sets, with nothing to translate.
 */
import { OrgConfigError, PROVIDER_CONFIG_KEYS, resolveOrg, type ConfigSource } from "../provider/orgs";
import { setConfigSource } from "../provider/runtime";
import { PACKAGE } from "./schema";

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

/** The org resolution's view of a provider config: `okta-provisioning:KEY` is the provider's `KEY`. */
export function configSource(config: ProviderConfig): ConfigSource {
  const prefix = `${PACKAGE}:`;
  return {
    get: (key: string) => (key.startsWith(prefix) ? text(config[key.slice(prefix.length)]) : undefined),
  };
}

/** Configure: the plugin's resources read their orgs from this config, in the provider's keys. */
export function useProviderConfig(config: ProviderConfig): void {
  setConfigSource(configSource(config), PROVIDER_CONFIG_KEYS);
}

function mentionsDefaultOrg(config: ProviderConfig, env: NodeJS.ProcessEnv): boolean {
  return (
    ["orgUrl", "orgName", "apiToken", "clientId", "privateKey"].some((key) => text(config[key])?.trim()) ||
    !!(env.OKTA_PROVISIONING_ORG_URL?.trim() || env.OKTA_ORG_NAME?.trim())
  );
}

/**
 * CheckConfig: a bad org URL, org name, scope list or named org is refused at preview, naming the key. A provider
 * that names no default org at all is left alone when it has named orgs: its resources say `org:`.
 */
export function configFailures(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
): { property: string; reason: string }[] {
  const source = configSource(config);
  const problems: { property: string; reason: string }[] = [];
  const attempt = (alias: string | undefined) => {
    try {
      resolveOrg(alias, source, env, PROVIDER_CONFIG_KEYS);
    } catch (err) {
      if (!(err instanceof OrgConfigError)) throw err;
      const key = new RegExp(`${PACKAGE}:(\\w+)`).exec(err.message)?.[1] ?? "orgUrl";
      problems.push({ property: key, reason: err.message });
    }
  };
  if (mentionsDefaultOrg(config, env) || text(config.orgs) === undefined) attempt(undefined);
  const orgs = text(config.orgs);
  if (orgs !== undefined) {
    let aliases: string[] = [];
    try {
      const parsed: unknown = JSON.parse(orgs);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) aliases = Object.keys(parsed);
    } catch {
      // resolveOrg says what is wrong with it.
    }
    for (const alias of aliases.length ? aliases : ["(orgs)"]) attempt(alias);
  }
  return problems;
}
