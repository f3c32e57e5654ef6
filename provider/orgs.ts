/**
 * Which Okta org a resource talks to, and with which credentials: the one reader of org settings. The default org
 * reads the same stack config keys as `@pulumi/okta` and the same `OKTA_*` variables as Okta's Terraform provider, so
 * an existing stack needs nothing new; `okta-provisioning:orgs` adds named orgs for multi-org programs; a native
 * provider reads its own `okta-provisioning:*` keys. Each is a list of settings layers read in order (config wins
 * over the environment), and every org is read the same way: URL, then credentials, then limits. Errors name the key
 * to set and never echo a value: most of these values are secrets. The resolved org carries the fix-it texts the
 * client's errors end with, in the same words.
 */
import type { OrgConnection, OrgHelp } from "./client/types";
import { isLoopbackHost } from "./validation/formats";
import { isUnknown } from "./validation/unknowns";

export type { OrgConnection, OrgHelp } from "./client/types";

/** The whole stack config, namespaced keys (`okta:apiToken`), as the dynamic provider's `configure` gets it. */
export interface ConfigSource {
  get(key: string): string | undefined;
  /**
   * Whether a key is set, its value aside. A native provider is given only its own namespace's values, but can see
   * from the stack's config file which other keys are set (the other door's `okta:apiToken`); default: `get`.
   */
  has?(key: string): boolean;
}

export class OrgConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OrgConfigError";
  }
}

/**
 * A setting the org depends on is unknown at preview (a native provider's `orgUrl` computed from another resource):
 * the org is checked at `up`, when the value is known, rather than refused.
 */
export class OrgUnknownError extends OrgConfigError {
  constructor(key: string) {
    super(`${key} is not known until the deployment runs`);
    this.name = "OrgUnknownError";
  }
}

export const DEFAULT_SCOPES = ["okta.apps.read", "okta.apps.manage"];
const ORGS_KEY = "okta-provisioning:orgs";

/** The settings of one org, by the names a named org's entry uses. */
export type OrgSetting =
  | "orgUrl"
  | "orgName"
  | "baseUrl"
  | "apiToken"
  | "clientId"
  | "privateKey"
  | "privateKeyId"
  | "scopes"
  | "requestsPerMinute"
  | "maxConcurrency";

/** How one place spells every setting: a stack config key, an environment variable, a path in structured config. */
export type SettingKeys = Record<OrgSetting, string>;

/** `@pulumi/okta`'s keys, and ours for what it has no key for. */
export const STACK_CONFIG_KEYS: SettingKeys = {
  orgUrl: "okta-provisioning:orgUrl",
  orgName: "okta:orgName",
  baseUrl: "okta:baseUrl",
  apiToken: "okta:apiToken",
  clientId: "okta:clientId",
  privateKey: "okta:privateKey",
  privateKeyId: "okta:privateKeyId",
  scopes: "okta:scopes",
  requestsPerMinute: "okta-provisioning:requestsPerMinute",
  maxConcurrency: "okta-provisioning:maxConcurrency",
};

/** A native provider's configuration: every setting under the package's own namespace. */
export const PROVIDER_CONFIG_KEYS: SettingKeys = {
  orgUrl: "okta-provisioning:orgUrl",
  orgName: "okta-provisioning:orgName",
  baseUrl: "okta-provisioning:baseUrl",
  apiToken: "okta-provisioning:apiToken",
  clientId: "okta-provisioning:clientId",
  privateKey: "okta-provisioning:privateKey",
  privateKeyId: "okta-provisioning:privateKeyId",
  scopes: "okta-provisioning:scopes",
  requestsPerMinute: "okta-provisioning:requestsPerMinute",
  maxConcurrency: "okta-provisioning:maxConcurrency",
};

/** Okta's Terraform provider's variables, and ours for what it has none for. */
export const ENV_KEYS: SettingKeys = {
  orgUrl: "OKTA_PROVISIONING_ORG_URL",
  orgName: "OKTA_ORG_NAME",
  baseUrl: "OKTA_BASE_URL",
  apiToken: "OKTA_API_TOKEN",
  clientId: "OKTA_API_CLIENT_ID",
  privateKey: "OKTA_API_PRIVATE_KEY",
  privateKeyId: "OKTA_API_PRIVATE_KEY_ID",
  scopes: "OKTA_API_SCOPES",
  requestsPerMinute: "OKTA_PROVISIONING_REQUESTS_PER_MINUTE",
  maxConcurrency: "OKTA_PROVISIONING_MAX_CONCURRENCY",
};

const LIMITS: OrgSetting[] = ["requestsPerMinute", "maxConcurrency"];

/** One place settings are read from, with the key each is named by in messages. */
interface SettingsLayer {
  /**
   * `config`: `pulumi config set KEY`; `path`: structured config (`--path`); `env`: an environment variable; `flag`: a
   * command line option of ours (`--org-url`), for the org URL only.
   */
  kind: "config" | "path" | "env" | "flag";
  keys: SettingKeys;
  get(setting: OrgSetting): unknown;
  /** Whether a stack config key is set (a config layer only): to see the other door's keys. */
  has?(key: string): boolean;
}

const configLayer = (config: ConfigSource, keys: SettingKeys): SettingsLayer => ({
  kind: "config",
  keys,
  get: (s) => config.get(keys[s]),
  has: (key) => (config.has ? config.has(key) : config.get(key) !== undefined),
});

const envLayer = (env: NodeJS.ProcessEnv): SettingsLayer => ({
  kind: "env",
  keys: ENV_KEYS,
  get: (s) => env[ENV_KEYS[s]],
});

/** Only the pacing settings of a layer: a named org never borrows the default org's URL or credentials. */
const limitsOnly = (layer: SettingsLayer): SettingsLayer => ({
  ...layer,
  get: (s) => (LIMITS.includes(s) ? layer.get(s) : undefined),
});

/**
 * The org of a config and environment: `okta-provisioning:orgs.<alias>`, or the default org. `keys` says how the
 * config spells the default org's settings: a stack's `@pulumi/okta` keys (the dynamic resources), or a native
 * provider's own `okta-provisioning:*` (PROVIDER_CONFIG_KEYS); every message and fix-it text then names those keys.
 */
export function resolveOrg(
  alias: string | undefined,
  config: ConfigSource,
  env: NodeJS.ProcessEnv,
  keys: SettingKeys = STACK_CONFIG_KEYS,
): OrgConnection {
  const own = configLayer(config, keys);
  return alias === undefined
    ? readOrg([own, envLayer(env)], undefined)
    : readOrg([namedOrgLayer(alias, config), limitsOnly(own), limitsOnly(envLayer(env))], alias);
}

/**
 * The default org of a native provider's configuration: `okta-provisioning:orgUrl` (or `orgName` + `baseUrl`),
 * `apiToken` or a service app's `clientId` / `privateKey` / `privateKeyId` / `scopes`, then the `OKTA_*` variables.
 * `config` is any key → value lookup with namespaced keys, as a provider's Configure hands them over.
 */
export function resolveProviderOrg(config: ConfigSource, env: NodeJS.ProcessEnv): OrgConnection {
  return resolveOrg(undefined, config, env, PROVIDER_CONFIG_KEYS);
}

/**
 * The org of a command that runs outside `pulumi` (`okta-provisioning adopt`): the `--org-url` option, then the
 * environment only. Stack config is not read (its secrets are Pulumi's to decrypt), so every message names the option
 * and the `OKTA_*` variables, never a `pulumi config set`.
 */
export function resolveCommandOrg(orgUrl: string | undefined, env: NodeJS.ProcessEnv): OrgConnection {
  const flag: SettingsLayer = {
    kind: "flag",
    keys: { ...ENV_KEYS, orgUrl: "--org-url" },
    get: (s) => (s === "orgUrl" ? orgUrl : undefined),
  };
  return readOrg([flag, envLayer(env)], undefined);
}

/** The org URL alone (no credentials needed), or undefined where none is configured: for grouping stacks by org. */
export function orgUrlOf(config: ConfigSource, keys: SettingKeys = STACK_CONFIG_KEYS): string | undefined {
  return urlOf([configLayer(config, keys)]);
}

/** Where an org lives: its URL, "unknown" while a setting locating it is unknown (preview), undefined if none. */
export type OrgLocation = string | "unknown" | undefined;

/**
 * Where each org of a configuration lives, credentials aside: the default org (config, then environment) and each
 * named org of `okta-provisioning:orgs`. A native provider's DiffConfig compares them to tell a move to another org
 * (its resources must be replaced there) from a rotated credential (nothing moves). A setting that does not parse
 * locates nothing: CheckConfig refuses it.
 */
export function orgLocations(
  config: ConfigSource,
  env: NodeJS.ProcessEnv,
  keys: SettingKeys = STACK_CONFIG_KEYS,
): { default: OrgLocation; named: Record<string, OrgLocation> | "unknown" } {
  const locate = (layers: () => SettingsLayer[]): OrgLocation => {
    try {
      return urlOf(layers());
    } catch (err) {
      if (err instanceof OrgUnknownError) return "unknown";
      if (err instanceof OrgConfigError) return undefined;
      throw err;
    }
  };
  const located = locate(() => [configLayer(config, keys), envLayer(env)]);
  let orgs: Record<string, unknown>;
  try {
    orgs = readNamedOrgs(config);
  } catch (err) {
    if (err instanceof OrgUnknownError) return { default: located, named: "unknown" };
    if (err instanceof OrgConfigError) return { default: located, named: {} };
    throw err;
  }
  return {
    default: located,
    named: Object.fromEntries(
      Object.keys(orgs).map((alias) => [alias, locate(() => [namedOrgLayer(alias, config)])]),
    ),
  };
}

// ---- the reader: URL, then credentials, then limits ---------------------------------------------------------------

function readOrg(layers: SettingsLayer[], alias: string | undefined): OrgConnection {
  const url = urlOf(layers);
  if (url === undefined)
    throw new OrgConfigError(alias === undefined ? noOrgUrl(layers) : noNamedOrgUrl(layers[0].keys));
  const auth = credentialsOf(layers, url, alias);
  const limits = limitsOf(layers);
  const org: OrgConnection = {
    url,
    auth,
    ...(alias !== undefined ? { alias } : {}),
    ...(limits ? { limits } : {}),
  };
  // Not enumerable: an org is compared, hashed and logged by its data; the help is words about it.
  Object.defineProperty(org, "help", { value: helpFor(layers, auth.kind, alias), enumerable: false });
  return org;
}

/** Layer by layer, an orgUrl or else an orgName (with the first baseUrl of any layer, or okta.com). */
function urlOf(layers: SettingsLayer[]): string | undefined {
  for (const layer of layers) {
    const orgUrl = text(layer, "orgUrl");
    if (orgUrl) return normalizeOrgUrl(orgUrl, layer);
    const orgName = text(layer, "orgName");
    if (orgName) return `https://${checkOrgName(orgName, layer.keys.orgName)}.${baseUrlOf(layers)}`;
  }
  return undefined;
}

function baseUrlOf(layers: SettingsLayer[]): string {
  for (const layer of layers) {
    const baseUrl = text(layer, "baseUrl");
    if (baseUrl) return checkBaseUrl(baseUrl, layer.keys.baseUrl);
  }
  return "okta.com";
}

/** The first layer with an API token or a service app decides the kind; each setting is then read layer by layer. */
function credentialsOf(
  layers: SettingsLayer[],
  url: string,
  alias: string | undefined,
): OrgConnection["auth"] {
  // Every layer is checked: two kinds of credential in one place is a mistake even where another place wins.
  const kinds = layers.map((layer) => credentialKind(layer));
  const kind = kinds.find((k) => k !== undefined);
  if (!kind)
    throw new OrgConfigError(
      alias === undefined ? noCredentials(url, layers) : noNamedCredentials(url, alias, layers[0].keys),
    );
  const first = (setting: OrgSetting) =>
    layers.map((layer) => text(layer, setting)).find((v) => v !== undefined);
  if (kind === "apiToken") return { kind, token: first("apiToken") as string };
  const clientId = first("clientId");
  const privateKey = first("privateKey");
  const privateKeyId = first("privateKeyId");
  const scopes = first("scopes");
  if (!clientId)
    throw new OrgConfigError(
      `A private key is set but no client id: set it with ${howToSet(layers, "clientId", alias)}.`,
    );
  if (!privateKey)
    throw new OrgConfigError(
      `A client id is set but no private key: set it with ${howToSet(layers, "privateKey", alias)}.`,
    );
  return {
    kind,
    clientId,
    privateKey,
    ...(privateKeyId ? { privateKeyId } : {}),
    scopes: scopes ? parseScopes(scopes, howToSet(layers, "scopes", alias)) : [...DEFAULT_SCOPES],
  };
}

function credentialKind(layer: SettingsLayer) {
  const token = text(layer, "apiToken");
  const oauth = text(layer, "clientId") ?? text(layer, "privateKey");
  if (token && oauth) throw new OrgConfigError(bothCredentials(layer));
  return token ? ("apiToken" as const) : oauth ? ("privateKeyJwt" as const) : undefined;
}

function limitsOf(layers: SettingsLayer[]): OrgConnection["limits"] {
  const setting = (name: "requestsPerMinute" | "maxConcurrency") => {
    const layer = layers.find((l) => !unset(l.get(name)));
    if (layer && isUnknown(layer.get(name))) throw new OrgUnknownError(layer.keys[name]);
    return layer ? positiveInt(layer.get(name), layer.keys[name]) : undefined;
  };
  const requestsPerMinute = setting("requestsPerMinute");
  const maxConcurrency = setting("maxConcurrency");
  if (requestsPerMinute === undefined && maxConcurrency === undefined) return undefined;
  return {
    ...(requestsPerMinute !== undefined ? { requestsPerMinute } : {}),
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  };
}

const unset = (value: unknown) => value === undefined || value === null || value === "";

/** A setting as trimmed text; structured config may hold a list of scopes, anything else must be a string. */
function text(layer: SettingsLayer, setting: OrgSetting): string | undefined {
  const value = layer.get(setting);
  if (unset(value)) return undefined;
  if (isUnknown(value)) throw new OrgUnknownError(layer.keys[setting]);
  if (setting === "scopes" && Array.isArray(value)) return JSON.stringify(value);
  if (typeof value !== "string") throw new OrgConfigError(`${layer.keys[setting]} must be a string.`);
  return value.trim() || undefined;
}

// ---- named orgs ------------------------------------------------------------------------------------------------

/** `okta-provisioning:orgs.<alias>`: an entry of structured config, its settings under their own names. */
function namedOrgLayer(alias: string, config: ConfigSource): SettingsLayer {
  const orgs = readNamedOrgs(config);
  const entry = Object.prototype.hasOwnProperty.call(orgs, alias) ? orgs[alias] : undefined;
  if (entry === undefined) {
    const known = Object.keys(orgs);
    throw new OrgConfigError(
      `Unknown org "${alias.slice(0, 60)}": ` +
        (known.length
          ? `${ORGS_KEY} defines ${known.map((k) => `"${k}"`).join(", ")}.`
          : `${ORGS_KEY} is not set. Add it with \`pulumi config set --path '${ORGS_KEY}.${alias.slice(0, 60)}.orgUrl' https://<org>.okta.com\` and \`pulumi config set --secret --path '${ORGS_KEY}.${alias.slice(0, 60)}.apiToken' <token>\`.`),
    );
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new OrgConfigError(
      `${ORGS_KEY}.${alias} must be an object with orgUrl (or orgName) and credentials.`,
    );
  }
  const values = entry as Partial<Record<OrgSetting, unknown>>;
  const keys = Object.fromEntries(
    (Object.keys(ENV_KEYS) as OrgSetting[]).map((s) => [s, `${ORGS_KEY}.${alias}.${s}`]),
  ) as SettingKeys;
  return { kind: "path", keys, get: (s) => values[s] };
}

function readNamedOrgs(config: ConfigSource): Record<string, unknown> {
  const raw = config.get(ORGS_KEY)?.trim();
  if (!raw) return {};
  if (isUnknown(raw)) throw new OrgUnknownError(ORGS_KEY);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // JSON.parse's message quotes the input, and the input holds secrets.
    throw new OrgConfigError(
      `${ORGS_KEY} is not valid JSON: set it as structured config with \`pulumi config set --path\`.`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OrgConfigError(
      `${ORGS_KEY} must be an object mapping an alias to an org's orgUrl and credentials.`,
    );
  }
  return parsed as Record<string, unknown>;
}

// ---- what the reader says: each message names the keys of the layers it read ----------------------------------

const SET = { apiToken: "<token>", clientId: "<client id>", privateKey: '-- "$(cat key.pem)"' } as const;
const SECRET = new Set<OrgSetting>(["apiToken", "privateKey"]);

/** `pulumi config set …` for a config or path layer; the variable's name for the environment. */
function setCommand(layer: SettingsLayer, setting: keyof typeof SET): string {
  const key = layer.keys[setting];
  if (layer.kind === "env" || layer.kind === "flag") return key;
  const secret = SECRET.has(setting) ? "--secret " : "";
  return layer.kind === "path"
    ? `\`pulumi config set ${secret}--path '${key}' ${SET[setting]}\``
    : `\`pulumi config set ${secret}${key} ${SET[setting]}\``;
}

function howToSet(
  layers: SettingsLayer[],
  setting: "clientId" | "privateKey" | "scopes",
  alias: string | undefined,
) {
  // A flag layer holds the URL only: its credential keys are the environment's, said once.
  const credentialLayers = (alias === undefined ? layers : layers.slice(0, 1)).filter(
    (l) => l.kind !== "flag",
  );
  const [first, ...rest] = credentialLayers.map((l) =>
    setting === "scopes" ? l.keys.scopes : setCommand(l, setting),
  );
  return rest.length ? `${first} (or ${rest.join(", ")})` : first;
}

function bothCredentials(layer: SettingsLayer): string {
  const k = layer.keys;
  if (layer.kind === "env")
    return `Both ${k.apiToken} and ${k.clientId}/${k.privateKey} are set: unset one of them.`;
  if (layer.kind === "path") return `${k.apiToken} and ${k.clientId}/${k.privateKey} are both set: keep one.`;
  return (
    `Both ${k.apiToken} and ${k.clientId}/${k.privateKey} are set: keep one. ` +
    `Remove the other with \`pulumi config rm ${k.apiToken}\` (or ${k.clientId} and ${k.privateKey}).`
  );
}

function noOrgUrl(layers: SettingsLayer[]): string {
  if (layers[0].kind === "flag") {
    return (
      `No Okta org given: pass --org-url https://<org>.okta.com, or set ${ENV_KEYS.orgUrl}, or ${ENV_KEYS.orgName} ` +
      `(and ${ENV_KEYS.baseUrl} if your org is not on okta.com).`
    );
  }
  const [c, e] = [layers[0].keys, layers[1]?.keys ?? ENV_KEYS];
  return (
    `No Okta org is configured. Set \`pulumi config set ${c.orgName} <org>\` (and \`pulumi config set ${c.baseUrl} ` +
    `oktapreview.com\` if your org is not on okta.com), or \`pulumi config set ${c.orgUrl} ` +
    `https://<org>.okta.com\`, or the environment variables ${e.orgName} and ${e.baseUrl}.` +
    otherDoorHint(layers[0], ["orgName", "baseUrl", "apiToken", "clientId", "privateKey"])
  );
}

/**
 * The two doors read the default org's credentials under different keys: the dynamic resources `okta:apiToken`
 * (as `@pulumi/okta` does), the native plugin `okta-provisioning:apiToken`. When a setting is missing under this
 * door's key and set under the other's, say which key to set (never the value).
 */
function otherDoorHint(layer: SettingsLayer, settings: OrgSetting[]): string {
  const other =
    layer.keys === STACK_CONFIG_KEYS
      ? { keys: PROVIDER_CONFIG_KEYS, reader: "the dynamic resources read", as: " (as @pulumi/okta does)" }
      : layer.keys === PROVIDER_CONFIG_KEYS
        ? { keys: STACK_CONFIG_KEYS, reader: "the okta-provisioning provider plugin reads", as: "" }
        : undefined;
  if (!other || !layer.has) return "";
  const hints = settings
    .filter((s) => other.keys[s] !== layer.keys[s] && layer.has!(other.keys[s]) && !layer.has!(layer.keys[s]))
    .map((s) => {
      const secret = SECRET.has(s) ? "--secret " : "";
      const value = s in SET ? SET[s as keyof typeof SET] : s === "orgName" ? "<org>" : "<domain>";
      return (
        ` ${other.keys[s]} is set, but ${other.reader} ${layer.keys[s]}${other.as}: set it with ` +
        `\`pulumi config set ${secret}${layer.keys[s]} ${value}\`.`
      );
    });
  return hints.join("");
}

function noNamedOrgUrl(k: SettingKeys): string {
  return (
    `${k.orgUrl} is not set: \`pulumi config set --path '${k.orgUrl}' https://<org>.okta.com\` ` +
    `(or set ${k.orgName} and ${k.baseUrl}).`
  );
}

function noCredentials(url: string, layers: SettingsLayer[]): string {
  if (layers[0].kind === "flag") {
    const e = ENV_KEYS;
    return (
      `No Okta credentials for ${url}: set ${e.apiToken} to an API token, or ${e.clientId} and ${e.privateKey} to ` +
      `an OAuth service app's (${e.privateKeyId} and ${e.scopes} optional). adopt reads the environment, not stack ` +
      `config; in a Pulumi project that has the token: export ${e.apiToken}=$(pulumi config get okta:apiToken).`
    );
  }
  const [c, e] = [layers[0].keys, layers[1]?.keys ?? ENV_KEYS];
  return (
    `No Okta credentials for ${url}. Set an API token with \`pulumi config set --secret ${c.apiToken} <token>\` ` +
    `(or ${e.apiToken}), or an OAuth service app with \`pulumi config set ${c.clientId} <client id>\` and ` +
    `\`pulumi config set --secret ${c.privateKey} -- "$(cat key.pem)"\` (or ${e.clientId} and ${e.privateKey}).` +
    otherDoorHint(layers[0], ["apiToken", "clientId", "privateKey"])
  );
}

function noNamedCredentials(url: string, alias: string, k: SettingKeys): string {
  return (
    `No credentials for org "${alias}" (${url}): set \`pulumi config set --secret --path '${k.apiToken}' <token>\`, ` +
    `or ${k.clientId} and (with --secret) ${k.privateKey}.`
  );
}

/** The fix-it texts the client's errors end with (see OrgHelp), in the keys this org was read from. */
function helpFor(
  layers: SettingsLayer[],
  kind: OrgConnection["auth"]["kind"],
  alias: string | undefined,
): OrgHelp {
  const pace = alias === undefined ? layers : layers.slice(1);
  const [pc, pe] = [pace[0]?.keys ?? STACK_CONFIG_KEYS, pace[1]?.keys ?? ENV_KEYS];
  const paceText =
    `lower the pace with \`pulumi config set ${pc.maxConcurrency} 2\` or ${pc.requestsPerMinute} ` +
    `(or ${pe.maxConcurrency} / ${pe.requestsPerMinute})`;
  if (alias !== undefined) {
    const k = layers[0].keys;
    const prefix = `${ORGS_KEY}.${alias}`;
    return {
      credentials:
        kind === "apiToken"
          ? `set a valid token with \`pulumi config set --secret --path '${k.apiToken}' <token>\``
          : `check ${k.clientId}, ${k.privateKey} and ${k.privateKeyId}`,
      scopes: k.scopes,
      privateKey: k.privateKey,
      serviceApp: `${prefix}.clientId/privateKey/privateKeyId/scopes`,
      pace: paceText,
    };
  }
  if (layers[0].kind === "flag") {
    const e = ENV_KEYS;
    return {
      credentials:
        kind === "apiToken"
          ? `create a new token (Admin Console > Security > API > Tokens) and set ${e.apiToken}`
          : `check ${e.clientId}, ${e.privateKey} and ${e.privateKeyId} and that the service app holds the matching public key`,
      scopes: e.scopes,
      privateKey: e.privateKey,
      serviceApp: `${e.clientId}, ${e.privateKey}, ${e.privateKeyId} and ${e.scopes}`,
      pace: `lower the pace with ${e.maxConcurrency} or ${e.requestsPerMinute}`,
    };
  }
  const [c, e] = [layers[0].keys, layers[1]?.keys ?? ENV_KEYS];
  return {
    credentials:
      kind === "apiToken"
        ? "create a new token (Admin Console > Security > API > Tokens) and set it with " +
          `\`pulumi config set --secret ${c.apiToken} <token>\` or ${e.apiToken}`
        : `check ${c.clientId}, ${c.privateKey} and ${c.privateKeyId} (or ${e.clientId}, ${e.privateKey}, ` +
          `${e.privateKeyId}) and that the service app holds the matching public key`,
    scopes: c.scopes,
    privateKey: c.privateKey,
    serviceApp:
      `${c.clientId}, ${c.privateKey}, ${c.privateKeyId} and ${c.scopes} ` +
      `(or ${e.clientId}, ${e.privateKey}, ${e.privateKeyId}, ${e.scopes})`,
    pace: paceText,
  };
}

// ---- single values ---------------------------------------------------------------------------------------------

/** A JSON array, or names separated by commas and/or spaces. */
function parseScopes(raw: string, key: string): string[] {
  let scopes: unknown = undefined;
  const text = raw.trim();
  if (text.startsWith("[")) {
    try {
      scopes = JSON.parse(text);
    } catch {
      throw new OrgConfigError(
        `${key} looks like a JSON array but does not parse: use ["okta.apps.read","okta.apps.manage"].`,
      );
    }
  } else {
    scopes = text.split(/[\s,]+/).filter(Boolean);
  }
  if (
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    !scopes.every((s) => typeof s === "string" && /^[\w.:-]+$/.test(s))
  ) {
    throw new OrgConfigError(`${key} must list scope names such as okta.apps.read okta.apps.manage.`);
  }
  return scopes as string[];
}

function positiveInt(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new OrgConfigError(`${key} must be a whole number of at least 1.`);
  return n;
}

/**
 * `https://` only, except plain `http://` for loopback hosts (the emulator): an API token sent in clear over a
 * network is a leaked token. Only scheme, host and port are accepted, so the client's paths cannot be re-rooted.
 */
function normalizeOrgUrl(raw: string, layer: SettingsLayer): string {
  const key = layer.keys.orgUrl;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OrgConfigError(`${key} is not a URL: use the org's address, such as https://acme.okta.com.`);
  }
  // Checked before anything that echoes the URL: user:password@ is a credential.
  if (url.username || url.password) {
    throw new OrgConfigError(
      `${key} must not contain credentials: put them in ${layer.keys.apiToken}${layer.kind === "config" || layer.kind === "path" ? " (as a secret)" : ""} instead.`,
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new OrgConfigError(
      `${key} is ${url.origin}: Okta orgs need https:// (plain http:// is accepted only for loopback addresses such as the emulator on 127.0.0.1).`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OrgConfigError(`${key} must start with https://, such as https://acme.okta.com.`);
  }
  if (url.pathname !== "/" || url.search || url.hash || /[?#]$/.test(raw.trim())) {
    throw new OrgConfigError(`${key} must be the org's address only (${url.origin}), with no path or query.`);
  }
  if (/-admin\./.test(url.hostname)) {
    throw new OrgConfigError(
      `${key} is the Admin Console address (${url.origin}): use the org URL without "-admin" (${url.origin.replace("-admin.", ".")}).`,
    );
  }
  return url.origin;
}

function checkOrgName(name: string, key: string): string {
  const trimmed = name.trim();
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(trimmed)) {
    throw new OrgConfigError(
      `${key} must be the org's subdomain only (acme for https://acme.okta.com); for a full URL set okta-provisioning:orgUrl.`,
    );
  }
  return trimmed.toLowerCase();
}

function checkBaseUrl(baseUrl: string, key: string): string {
  const trimmed = baseUrl.trim().replace(/\/$/, "");
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(trimmed)) {
    throw new OrgConfigError(
      `${key} must be a domain such as okta.com, oktapreview.com or okta-emea.com (no https://).`,
    );
  }
  return trimmed.toLowerCase();
}
