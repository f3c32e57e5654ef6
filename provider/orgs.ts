/**
 * Which Okta org a resource talks to, and with which credentials. The default org reads the same stack config
 * keys as `@pulumi/okta` and the same `OKTA_*` variables as Okta's Terraform provider, so an existing stack needs
 * nothing new; `okta-provisioning:orgs` adds named orgs for multi-org programs. Config wins over the environment.
 * Errors name the key to set and never echo a value: most of these values are secrets.
 */

export interface OrgConnection {
  /** `https://acme.okta.com`, no trailing slash. */
  url: string;
  auth:
    | { kind: "apiToken"; token: string }
    | {
        kind: "privateKeyJwt";
        clientId: string;
        privateKey: string;
        privateKeyId?: string;
        scopes: string[];
      };
  alias?: string;
  limits?: { requestsPerMinute?: number; maxConcurrency?: number };
}

/** The whole stack config, namespaced keys (`okta:apiToken`), as the dynamic provider's `configure` gets it. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export class OrgConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OrgConfigError";
  }
}

export const DEFAULT_SCOPES = ["okta.apps.read", "okta.apps.manage"];
const ORGS_KEY = "okta-provisioning:orgs";

/** URL, alias and auth kind: safe for any message. */
export function describeOrg(org: OrgConnection): string {
  const kind = org.auth.kind === "apiToken" ? "API token" : `OAuth service app ${org.auth.clientId}`;
  return `${org.alias ? `org "${org.alias}" (${org.url})` : org.url} with ${kind}`;
}

export function resolveOrg(
  alias: string | undefined,
  config: ConfigSource,
  env: NodeJS.ProcessEnv,
): OrgConnection {
  return alias === undefined ? defaultOrg(config, env) : namedOrg(alias, config, env);
}

// ---- the default org ---------------------------------------------------------------------------------------

function defaultOrg(config: ConfigSource, env: NodeJS.ProcessEnv): OrgConnection {
  const url = defaultOrgUrl(config, env);
  const cfg = (key: string) => nonEmpty(config.get(`okta:${key}`));
  const fromEnv = (name: string) => nonEmpty(env[name]);

  const configKind = credentialKind(cfg("apiToken"), cfg("clientId") ?? cfg("privateKey"), "config");
  const envKind = credentialKind(
    fromEnv("OKTA_API_TOKEN"),
    fromEnv("OKTA_API_CLIENT_ID") ?? fromEnv("OKTA_API_PRIVATE_KEY"),
    "env",
  );
  const kind = configKind ?? envKind;
  if (!kind) throw new OrgConfigError(noCredentials(url));

  const auth: OrgConnection["auth"] =
    kind === "apiToken"
      ? { kind, token: (configKind ? cfg("apiToken") : fromEnv("OKTA_API_TOKEN")) as string }
      : privateKeyAuth(
          {
            clientId: cfg("clientId") ?? fromEnv("OKTA_API_CLIENT_ID"),
            privateKey: cfg("privateKey") ?? fromEnv("OKTA_API_PRIVATE_KEY"),
            privateKeyId: cfg("privateKeyId") ?? fromEnv("OKTA_API_PRIVATE_KEY_ID"),
            scopes: cfg("scopes") ?? fromEnv("OKTA_API_SCOPES"),
          },
          {
            clientId: "`pulumi config set okta:clientId <client id>` (or OKTA_API_CLIENT_ID)",
            privateKey:
              '`pulumi config set --secret okta:privateKey -- "$(cat key.pem)"` (or OKTA_API_PRIVATE_KEY)',
            scopes: "okta:scopes (or OKTA_API_SCOPES)",
          },
        );
  return withLimits({ url, auth }, undefined, config, env);
}

function defaultOrgUrl(config: ConfigSource, env: NodeJS.ProcessEnv): string {
  const orgUrl = nonEmpty(config.get("okta-provisioning:orgUrl"));
  if (orgUrl) return normalizeOrgUrl(orgUrl, "okta-provisioning:orgUrl");
  const baseUrl = () =>
    nonEmpty(config.get("okta:baseUrl")) !== undefined
      ? checkBaseUrl(config.get("okta:baseUrl") as string, "okta:baseUrl")
      : nonEmpty(env.OKTA_BASE_URL) !== undefined
        ? checkBaseUrl(env.OKTA_BASE_URL as string, "OKTA_BASE_URL")
        : "okta.com";
  const orgName = nonEmpty(config.get("okta:orgName"));
  if (orgName) return `https://${checkOrgName(orgName, "okta:orgName")}.${baseUrl()}`;
  const envUrl = nonEmpty(env.OKTA_PROVISIONING_ORG_URL);
  if (envUrl) return normalizeOrgUrl(envUrl, "OKTA_PROVISIONING_ORG_URL");
  const envName = nonEmpty(env.OKTA_ORG_NAME);
  if (envName) return `https://${checkOrgName(envName, "OKTA_ORG_NAME")}.${baseUrl()}`;
  throw new OrgConfigError(
    "No Okta org is configured. Set `pulumi config set okta:orgName <org>` (and `pulumi config set okta:baseUrl " +
      "oktapreview.com` if your org is not on okta.com), or `pulumi config set okta-provisioning:orgUrl " +
      "https://<org>.okta.com`, or the environment variables OKTA_ORG_NAME and OKTA_BASE_URL.",
  );
}

function credentialKind(token: string | undefined, oauth: string | undefined, where: "config" | "env") {
  if (token && oauth) {
    throw new OrgConfigError(
      where === "config"
        ? "Both okta:apiToken and okta:clientId/okta:privateKey are set: keep one. " +
            "Remove the other with `pulumi config rm okta:apiToken` (or okta:clientId and okta:privateKey)."
        : "Both OKTA_API_TOKEN and OKTA_API_CLIENT_ID/OKTA_API_PRIVATE_KEY are set: unset one of them.",
    );
  }
  return token ? ("apiToken" as const) : oauth ? ("privateKeyJwt" as const) : undefined;
}

function noCredentials(url: string): string {
  return (
    `No Okta credentials for ${url}. Set an API token with \`pulumi config set --secret okta:apiToken <token>\` ` +
    "(or OKTA_API_TOKEN), or an OAuth service app with `pulumi config set okta:clientId <client id>` and " +
    '`pulumi config set --secret okta:privateKey -- "$(cat key.pem)"` (or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY).'
  );
}

// ---- named orgs --------------------------------------------------------------------------------------------

interface NamedOrgEntry {
  orgUrl?: unknown;
  orgName?: unknown;
  baseUrl?: unknown;
  apiToken?: unknown;
  clientId?: unknown;
  privateKey?: unknown;
  privateKeyId?: unknown;
  scopes?: unknown;
  requestsPerMinute?: unknown;
  maxConcurrency?: unknown;
}

function namedOrg(alias: string, config: ConfigSource, env: NodeJS.ProcessEnv): OrgConnection {
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
  const e = entry as NamedOrgEntry;
  const key = (field: string) => `${ORGS_KEY}.${alias}.${field}`;
  const str = (field: keyof NamedOrgEntry) => {
    const value = e[field];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw new OrgConfigError(`${key(field)} must be a string.`);
    return value.trim() || undefined;
  };

  let url: string;
  const orgUrl = str("orgUrl");
  const orgName = str("orgName");
  if (orgUrl) url = normalizeOrgUrl(orgUrl, key("orgUrl"));
  else if (orgName) {
    const baseUrl = str("baseUrl");
    url = `https://${checkOrgName(orgName, key("orgName"))}.${baseUrl ? checkBaseUrl(baseUrl, key("baseUrl")) : "okta.com"}`;
  } else {
    throw new OrgConfigError(
      `${key("orgUrl")} is not set: \`pulumi config set --path '${key("orgUrl")}' https://<org>.okta.com\` ` +
        `(or set ${key("orgName")} and ${key("baseUrl")}).`,
    );
  }

  // A named org never borrows the default org's credentials: that would send one org's token to another.
  const token = str("apiToken");
  const oauth = str("clientId") ?? str("privateKey");
  if (token && oauth) {
    throw new OrgConfigError(
      `${key("apiToken")} and ${key("clientId")}/${key("privateKey")} are both set: keep one.`,
    );
  }
  if (!token && !oauth) {
    throw new OrgConfigError(
      `No credentials for org "${alias}" (${url}): set \`pulumi config set --secret --path '${key("apiToken")}' <token>\`, ` +
        `or ${key("clientId")} and (with --secret) ${key("privateKey")}.`,
    );
  }
  const auth: OrgConnection["auth"] = token
    ? { kind: "apiToken", token }
    : privateKeyAuth(
        {
          clientId: str("clientId"),
          privateKey: str("privateKey"),
          privateKeyId: str("privateKeyId"),
          scopes: Array.isArray(e.scopes) ? JSON.stringify(e.scopes) : str("scopes"),
        },
        {
          clientId: `\`pulumi config set --path '${key("clientId")}' <client id>\``,
          privateKey: `\`pulumi config set --secret --path '${key("privateKey")}' -- "$(cat key.pem)"\``,
          scopes: key("scopes"),
        },
      );
  const limits = {
    requestsPerMinute: positiveInt(e.requestsPerMinute, key("requestsPerMinute")),
    maxConcurrency: positiveInt(e.maxConcurrency, key("maxConcurrency")),
  };
  return withLimits({ url, auth, alias }, limits, config, env);
}

function readNamedOrgs(config: ConfigSource): Record<string, unknown> {
  const raw = nonEmpty(config.get(ORGS_KEY));
  if (!raw) return {};
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

// ---- pieces ------------------------------------------------------------------------------------------------

function privateKeyAuth(
  values: { clientId?: string; privateKey?: string; privateKeyId?: string; scopes?: string },
  howToSet: { clientId: string; privateKey: string; scopes: string },
): OrgConnection["auth"] {
  if (!values.clientId)
    throw new OrgConfigError(`A private key is set but no client id: set it with ${howToSet.clientId}.`);
  if (!values.privateKey)
    throw new OrgConfigError(`A client id is set but no private key: set it with ${howToSet.privateKey}.`);
  return {
    kind: "privateKeyJwt",
    clientId: values.clientId,
    privateKey: values.privateKey,
    ...(values.privateKeyId ? { privateKeyId: values.privateKeyId } : {}),
    scopes: values.scopes ? parseScopes(values.scopes, howToSet.scopes) : [...DEFAULT_SCOPES],
  };
}

/** A JSON array, or names separated by commas and/or spaces. */
export function parseScopes(raw: string, key: string): string[] {
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

function withLimits(
  org: OrgConnection,
  own: OrgConnection["limits"],
  config: ConfigSource,
  env: NodeJS.ProcessEnv,
): OrgConnection {
  const setting = (configKey: string, envName: string) =>
    config.get(configKey) !== undefined && config.get(configKey) !== ""
      ? positiveInt(config.get(configKey), configKey)
      : positiveInt(env[envName], envName);
  const requestsPerMinute =
    own?.requestsPerMinute ??
    setting("okta-provisioning:requestsPerMinute", "OKTA_PROVISIONING_REQUESTS_PER_MINUTE");
  const maxConcurrency =
    own?.maxConcurrency ?? setting("okta-provisioning:maxConcurrency", "OKTA_PROVISIONING_MAX_CONCURRENCY");
  if (requestsPerMinute === undefined && maxConcurrency === undefined) return org;
  return {
    ...org,
    limits: {
      ...(requestsPerMinute !== undefined ? { requestsPerMinute } : {}),
      ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
    },
  };
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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * `https://` only, except plain `http://` for loopback hosts (the emulator): an API token sent in clear over a
 * network is a leaked token. Only scheme, host and port are accepted, so the client's paths cannot be re-rooted.
 */
export function normalizeOrgUrl(raw: string, key: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OrgConfigError(`${key} is not a URL: use the org's address, such as https://acme.okta.com.`);
  }
  // Checked before anything that echoes the URL: user:password@ is a credential.
  if (url.username || url.password) {
    throw new OrgConfigError(
      `${key} must not contain credentials: put them in okta:apiToken (as a secret) instead.`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
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

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
