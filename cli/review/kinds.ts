/**
 * What the review knows about this package's resources: their names in Okta's words, the properties Okta never
 * returns, and which planned changes stop an app from provisioning users. Other packages' resources get the
 * generic treatment (their type token as the kind).
 */
import { appOf, repostsThreeLeggedProfile } from "../../provider/apps";
import { INPUT_DEFAULTS, SECRET_INPUT_PATHS } from "../../provider/schema-tables";

const PREFIX = "pulumi-nodejs:dynamic/okta-provisioning:";
export const CONNECTION = `${PREFIX}ProvisioningConnection`;
export const FEATURE = `${PREFIX}ProvisioningFeature`;
export const CONSENT = `${PREFIX}OAuthConsent`;

type State = Record<string, unknown> | undefined;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The resource in the words of the Okta Admin Console: which app, which feature. */
export function kindOf(type: string, state: State): string {
  const appId = str(state?.appId);
  const ofApp = appId ? ` of app ${appId}` : "";
  const appName = str(state?.appName);
  switch (type) {
    case CONNECTION:
      return `ProvisioningConnection${ofApp}${appName ? ` (${appName})` : ""}`;
    case FEATURE:
      return `ProvisioningFeature ${str(state?.name) ?? ""}${ofApp}`.replace("  ", " ");
    case CONSENT:
      return `OAuthConsent${ofApp}`;
    default:
      return type;
  }
}

/**
 * The defaults each provider's `check` fills in. Pulumi's preview JSON shows the program's inputs before `check`,
 * while the state holds them after, so without these an unset `enabled` would read as a change from `true` to
 * nothing.
 */
const DEFAULTS: Record<string, Record<string, unknown>> = {
  [CONNECTION]: INPUT_DEFAULTS.ProvisioningConnection,
  [FEATURE]: INPUT_DEFAULTS.ProvisioningFeature,
  [CONSENT]: INPUT_DEFAULTS.OAuthConsent,
};

/** Inputs the provider looks up when the program leaves them out (a connection's `appName`, from the app). */
const LOOKED_UP: Record<string, string[]> = { [CONNECTION]: ["appName"] };

/** The program's inputs as the provider's `check` and lookups make them, to compare with the state's. */
export function desiredInputs(type: string, inputs: State, live: State): State {
  if (!inputs) return inputs;
  const filled = { ...inputs };
  for (const [k, v] of Object.entries(DEFAULTS[type] ?? {})) if (filled[k] === undefined) filled[k] = v;
  for (const k of LOOKED_UP[type] ?? [])
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
 * Properties Okta never returns (the provider keeps them as given): the schema's secret inputs. A refresh cannot
 * see them change, so the review says they are unverifiable instead of calling them unchanged or drifted.
 */
const WRITE_ONLY: Record<string, readonly string[]> = {
  [CONNECTION]: SECRET_INPUT_PATHS.ProvisioningConnection,
};

/** How the review names what Okta never returns; another secret is named by its path. */
const NEVER_RETURNED: Record<string, string> = {
  token: "a connection's API token",
  "settings.adminPassword": "the admin password",
};

export function writeOnlyPaths(type: string, inputs: State): Array<{ path: string; reason: string }> {
  const has = (path: string) =>
    path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], inputs) !==
    undefined;
  return (WRITE_ONLY[type] ?? [])
    .filter(has)
    .map((path) => ({ path, reason: `Okta never returns ${NEVER_RETURNED[path] ?? `\`${path}\``}` }));
}

/**
 * Drift paths that repeat another: a feature's `effectiveCapabilities.X` says the same as `capabilities.X` when the
 * program manages X, and `inputs` drift repeats output drift. Keeps the first of each.
 */
export function dropRepeats<T extends { path: string }>(type: string, properties: T[]): T[] {
  if (type !== FEATURE) return properties;
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
 * Why a planned update stops an app from provisioning users, if it does: a connection turned from enabled to
 * disabled is deactivated, and Okta stops pushing users to the app.
 */
export function deactivates(type: string, live: State, planned: State): string | undefined {
  if (type === CONNECTION) {
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
  if (type !== CONNECTION) return false;
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
  if (type === CONNECTION)
    return `${verb} the provisioning connection: it is deactivated and the app stops provisioning users`;
  if (type === FEATURE) return `${verb} the feature: its capabilities are reset to Okta's disabled defaults`;
  return op === "delete" ? "deletes the resource" : "replaces the resource (deletes it, then creates it)";
}
