/**
 * The provider's configuration, as Configure and CheckConfig receive it (the default provider's stack config
 * `okta-provisioning:*`, or an explicit provider's inputs), fed to the same org resolution the dynamic resources
 * use (provider/orgs.ts `resolveOrg`, through provider/runtime.ts `setConfigSource`). That resolution reads the
 * stack config keys of the dynamic door (`okta:apiToken`, `okta-provisioning:orgUrl`); here each of them is
 * answered from the provider's own key, and its messages are told in the provider's keys.
 */
import { OrgConfigError, resolveOrg, type ConfigSource } from "../provider/orgs";
import { PACKAGE } from "./schema";

/** resolveOrg's key → the provider's key holding its value. */
const KEYS: Record<string, string> = {
  "okta-provisioning:orgUrl": "orgUrl",
  "okta:orgName": "orgName",
  "okta:baseUrl": "baseUrl",
  "okta:apiToken": "apiToken",
  "okta:clientId": "clientId",
  "okta:privateKey": "privateKey",
  "okta:privateKeyId": "privateKeyId",
  "okta:scopes": "scopes",
  "okta-provisioning:orgs": "orgs",
  "okta-provisioning:requestsPerMinute": "requestsPerMinute",
  "okta-provisioning:maxConcurrency": "maxConcurrency",
  "okta-provisioning:openBrowser": "openBrowser",
};

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

/** The org resolution's view of a provider config. */
export function configSource(config: ProviderConfig): ConfigSource {
  return {
    get: (key: string) => {
      const own = KEYS[key];
      return own === undefined ? undefined : text(config[own]);
    },
  };
}

/** An org resolution message in the provider's words: `okta:apiToken` is `okta-provisioning:apiToken` here. */
export function inProviderKeys(message: string): string {
  return message.replace(/\bokta:(\w+)/g, `${PACKAGE}:$1`);
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
      resolveOrg(alias, source, env);
    } catch (err) {
      if (!(err instanceof OrgConfigError)) throw err;
      const reason = inProviderKeys(err.message);
      const key = new RegExp(`${PACKAGE}:(\\w+)`).exec(reason)?.[1] ?? "orgUrl";
      problems.push({ property: key, reason });
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
