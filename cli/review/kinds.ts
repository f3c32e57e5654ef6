/**
 * What the review knows about this package's resources: their names in Okta's words, the properties Okta never
 * returns, and which planned changes stop an app from provisioning users. They come through two doors with the
 * same properties: the dynamic resources (`pulumi-nodejs:dynamic/okta-provisioning:X`) and the native provider
 * plugin (`okta-provisioning:index:X`). Other packages' resources get the generic treatment (their type token as
 * the kind).
 */
import schema from "../../schema.json";
import { appOf, repostsThreeLeggedProfile } from "../../provider/apps";
import { INPUT_DEFAULTS, SECRET_INPUT_PATHS, SECRET_OUTPUTS } from "../../provider/schema-tables";
import { SECRET } from "./property-diff";

export type OwnResource = "ProvisioningConnection" | "ProvisioningFeature" | "OAuthConsent";

const DYNAMIC_PREFIX = `pulumi-nodejs:dynamic/${schema.name}:`;
const PLUGIN_PREFIX = `${schema.name}:index:`;
const OWN = new Set<string>(["ProvisioningConnection", "ProvisioningFeature", "OAuthConsent"]);

/** Which of this package's resources a type token names, through either door; undefined for any other. */
export function ownResource(type: string): OwnResource | undefined {
  for (const prefix of [DYNAMIC_PREFIX, PLUGIN_PREFIX])
    if (type.startsWith(prefix) && OWN.has(type.slice(prefix.length)))
      return type.slice(prefix.length) as OwnResource;
  return undefined;
}

/** Whether the type is one of the native provider plugin's (the engine then has the provider's detailed diff). */
export function isPluginType(type: string): boolean {
  return type.startsWith(PLUGIN_PREFIX) && ownResource(type) !== undefined;
}

type State = Record<string, unknown> | undefined;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The resource in the words of the Okta Admin Console: which app, which feature. */
export function kindOf(type: string, state: State): string {
  const appId = str(state?.appId);
  const ofApp = appId ? ` of app ${appId}` : "";
  const appName = str(state?.appName);
  switch (ownResource(type)) {
    case "ProvisioningConnection":
      return `ProvisioningConnection${ofApp}${appName ? ` (${appName})` : ""}`;
    case "ProvisioningFeature":
      return `ProvisioningFeature ${str(state?.name) ?? ""}${ofApp}`.replace("  ", " ");
    case "OAuthConsent":
      return `OAuthConsent${ofApp}`;
    default:
      return type;
  }
}

/**
 * Every path the schema marks secret, inputs and outputs: `token`, `settings.adminPassword`, `authorizeUrl`. A
 * top-level secret output that holds a secret input (`settings`) is hidden where the input is, so the rest of it
 * (`settings.adminUsername`) stays readable.
 */
const SECRET_PATHS: Record<OwnResource, readonly string[]> = Object.fromEntries(
  (Object.keys(SECRET_INPUT_PATHS) as OwnResource[]).map((own) => {
    const inputs = SECRET_INPUT_PATHS[own];
    const outputs = SECRET_OUTPUTS[own].filter((key) => !inputs.some((p) => p.startsWith(`${key}.`)));
    return [own, [...new Set([...inputs, ...outputs])]];
  }),
) as unknown as Record<OwnResource, readonly string[]>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hideAt(props: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const [key, ...rest] = keys;
  const value = props[key];
  if (value === undefined || value === null || value === SECRET) return props;
  // The secret itself, or a value of another shape than the schema's where the secret could hide: all of it.
  if (rest.length === 0 || !isPlainObject(value)) return { ...props, [key]: SECRET };
  return { ...props, [key]: hideAt(value, rest) };
}

/**
 * The state with every schema secret shown as `[secret]`, whatever was stored there: Pulumi prints a value the
 * state holds in clear (a plain string a program passed before the SDK made it secret, an older plugin's state) as
 * it is, and a review comment or a fleet view must not.
 */
export function hideSchemaSecrets<
  S extends { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> },
>(type: string, state: S | undefined): S | undefined {
  const own = ownResource(type);
  if (!own || !state) return state;
  const hide = (props: Record<string, unknown> | undefined) =>
    props && SECRET_PATHS[own].reduce((out, path) => hideAt(out, path.split(".")), props);
  return {
    ...state,
    ...(state.inputs ? { inputs: hide(state.inputs) } : {}),
    ...(state.outputs ? { outputs: hide(state.outputs) } : {}),
  };
}

/**
 * Inputs the provider sets itself to count what changed (a connection's `profileRevision` goes up each time its
 * POSTed profile changes): a change of theirs alone says only that something else changed, such as a secret.
 */
const COUNTERS: Partial<Record<OwnResource, string[]>> = { ProvisioningConnection: ["profileRevision"] };

/** Whether a changed path only counts other changes (and so explains nothing by itself). */
export function isCounter(type: string, path: string): boolean {
  const own = ownResource(type);
  return own !== undefined && (COUNTERS[own] ?? []).includes(path);
}

/** Inputs the provider looks up when the program leaves them out (a connection's `appName`, from the app). */
const LOOKED_UP: Partial<Record<OwnResource, string[]>> = { ProvisioningConnection: ["appName"] };

/**
 * The program's inputs as the provider's `check` (the schema's defaults, INPUT_DEFAULTS) and lookups make them, to
 * compare with the state's. Pulumi's preview JSON shows the program's inputs before `check`, while the state holds
 * them after, so without the defaults an unset `enabled` would read as a change from `true` to nothing.
 */
export function desiredInputs(type: string, inputs: State, live: State): State {
  if (!inputs) return inputs;
  const own = ownResource(type);
  if (!own) return inputs;
  const filled = { ...inputs };
  for (const [k, v] of Object.entries(INPUT_DEFAULTS[own])) if (filled[k] === undefined) filled[k] = v;
  for (const k of LOOKED_UP[own] ?? [])
    if (filled[k] === undefined && live?.[k] !== undefined) filled[k] = live[k];
  return filled;
}

/**
 * Output keys that are machinery, not configuration: the serialized dynamic provider, and a feature's
 * `effectiveCapabilities`, which repeats `capabilities` for the managed leaves (drift on an unmanaged leaf still
 * shows there: see `driftIgnore`).
 */
export const MACHINERY = new Set(["__provider"]);

/**
 * Properties Okta never returns (the provider keeps them as given), the schema's secret inputs: a refresh cannot see them change, so the
 * review says they are unverifiable instead of calling them unchanged or drifted.
 */
const WRITE_ONLY: Record<OwnResource, readonly string[]> = SECRET_INPUT_PATHS;

/** How the review names what Okta never returns; another secret is named by its path. */
const NEVER_RETURNED: Record<string, string> = {
  token: "a connection's API token",
  "settings.adminPassword": "the admin password",
};

export function writeOnlyPaths(type: string, inputs: State): Array<{ path: string; reason: string }> {
  const has = (path: string) =>
    path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], inputs) !==
    undefined;
  const own = ownResource(type);
  return (own ? WRITE_ONLY[own] : [])
    .filter(has)
    .map((path) => ({ path, reason: `Okta never returns ${NEVER_RETURNED[path] ?? `\`${path}\``}` }));
}

/**
 * Drift paths that repeat another: a feature's `effectiveCapabilities.X` says the same as `capabilities.X` when the
 * program manages X, and `inputs` drift repeats output drift. Keeps the first of each.
 */
export function dropRepeats<T extends { path: string }>(type: string, properties: T[]): T[] {
  if (ownResource(type) !== "ProvisioningFeature") return properties;
  const managed = new Set(properties.filter((p) => p.path.startsWith("capabilities.")).map((p) => p.path));
  return properties.filter(
    (p) =>
      !(
        p.path.startsWith("effectiveCapabilities.") &&
        managed.has(p.path.slice("effective".length).replace(/^C/, "c"))
      ),
  );
}

/**
 * Where a refreshed state holds Okta's value of an input, when not in the input itself: a feature keeps what Okta
 * reports for `capabilities.X` in `effectiveCapabilities.X` (its inputs stay as declared).
 */
export function liveOutputPath(
  type: string,
  keys: Array<string | number>,
): Array<string | number> | undefined {
  if (ownResource(type) === "ProvisioningFeature" && keys[0] === "capabilities")
    return ["effectiveCapabilities", ...keys.slice(1)];
  return undefined;
}

/**
 * Why a planned update stops an app from provisioning users, if it does: a connection turned from enabled to
 * disabled is deactivated, and Okta stops pushing users to the app.
 */
export function deactivates(type: string, live: State, planned: State): string | undefined {
  if (ownResource(type) === "ProvisioningConnection") {
    const wasOn = live?.enabled !== false && (live?.status === undefined || live.status === "ENABLED");
    if (wasOn && planned?.enabled === false)
      return "deactivates the provisioning connection: the app stops provisioning users";
  }
  return undefined;
}

/**
 * Whether a planned update re-posts a three-legged OAuth connection's profile (Google Workspace, Microsoft 365,
 * Slack, Zoom): Okta voids the grant the person gave, and provisioning stops until consent is given again. The rule
 * is the provider's (`repostsThreeLeggedProfile`); `changed` are the property paths the update changes, and a
 * changed secret shows as its path (`settings`, `token`), which is a profile key too.
 */
export function voidsGrant(type: string, live: State, planned: State, changed: string[]): boolean {
  if (ownResource(type) !== "ProvisioningConnection") return false;
  // Not yet authorized: there is no grant to void, and nothing provisions yet.
  if (live?.status !== undefined && live.status !== "ENABLED") return false;
  const connection = {
    appName: str(planned?.appName) ?? str(live?.appName),
    authScheme: str(planned?.authScheme) ?? str(live?.authScheme),
  };
  return repostsThreeLeggedProfile(
    connection,
    changed.map((p) => p.split(/[.[]/)[0] ?? p),
  );
}

/** Why a planned update stops an app from provisioning users, if it does. */
export function disruptsUpdate(
  type: string,
  live: State,
  planned: State,
  changed: string[],
): string | undefined {
  const deactivated = deactivates(type, live, planned);
  if (deactivated) return deactivated;
  if (voidsGrant(type, live, planned, changed)) {
    const name = str(planned?.appName) ?? str(live?.appName) ?? "";
    return (
      `re-posts the ${appOf(name)?.label ?? name} OAuth connection's profile: Okta voids its ` +
      "authorization, and the app stops provisioning users until a person authorizes it again (its OAuthConsent " +
      "waits in `pulumi up`)"
    );
  }
  return undefined;
}

/** Why deleting or replacing a resource of ours is destructive, in the user's terms. */
export function whyDestructive(type: string, op: "delete" | "replace"): string {
  const verb = op === "delete" ? "deletes" : "replaces (deletes, then creates)";
  const own = ownResource(type);
  if (own === "ProvisioningConnection")
    return `${verb} the provisioning connection: it is deactivated and the app stops provisioning users`;
  if (own === "ProvisioningFeature")
    return `${verb} the feature: its capabilities are reset to Okta's disabled defaults`;
  return op === "delete" ? "deletes the resource" : "replaces the resource (deletes it, then creates it)";
}
