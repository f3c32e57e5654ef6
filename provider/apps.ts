/**
 * The app catalog: what each Okta app integration supports for provisioning (Okta's guide, "Configure
 * provisioning"), as data. Validation, the providers, adopt's classification and code generation, the consent page
 * and the review read it; nothing else branches on an app's name. Adding an app is one entry here (and one in the
 * emulator's own catalog, emulator/catalog.ts, on the other side of the wall), plus schema.json for a new input.
 */
import type { AuthScheme, FeatureName } from "./okta-api";
import { INPUT_KEYS } from "./schema-tables";

/** An input one app takes under one authentication scheme (and that other apps refuse under it). */
export interface AppSetting {
  /** The input, a dotted path: `baseUrl`, `settings.adminUsername`. */
  path: string;
  scheme: AuthScheme;
  /** Why it is needed, shown when it is missing: "is required for …". */
  required: string;
  /** Taken but not required (Okta Org2Org's `baseUrl`: without it Okta uses the app's own settings). */
  optional?: boolean;
  /** adopt: Okta shows no such value on a connection nobody configured; the app is skipped without it. */
  notConfiguredWithout?: string;
  /** adopt: what the person puts in stack config when Okta does not return it, for an app instance's label. */
  ask?: (label: string) => string;
}

export interface AppProvisioning {
  label: string;
  schemes: AuthScheme[];
  /** OAuth 2.0 that needs a person's consent in the third party (OAuthConsent) before activation. */
  threeLeggedOAuth: boolean;
  features: FeatureName[];
  /** The inputs it requires beyond its scheme's; an input some app requires is refused on every other app. */
  settings: AppSetting[];
  /** Inputs Okta never returns for this app (kept as given: drift on them cannot be seen). */
  writeOnly: string[];
  /**
   * What Okta checks a connection's credentials against, per scheme, for the one-line error when it refuses them
   * (400 "Api validation failed: credential").
   */
  verifiedAgainst?: Partial<Record<AuthScheme, string>>;
}

/** The guide's OAuth section gives the three-legged apps "INBOUND_PROVISIONING and/or USER_PROVISIONING". */
const BOTH: FeatureName[] = ["USER_PROVISIONING", "INBOUND_PROVISIONING"];

const threeLegged = (label: string): AppProvisioning => ({
  label,
  schemes: ["OAUTH2"],
  threeLeggedOAuth: true,
  features: BOTH,
  settings: [],
  writeOnly: [],
});

export const PROVISIONING_APPS: Record<string, AppProvisioning> = {
  okta_org2org: {
    label: "Okta Org2Org",
    schemes: ["TOKEN", "OAUTH2"],
    threeLeggedOAuth: false,
    features: ["USER_PROVISIONING", "INBOUND_PROVISIONING"],
    settings: [
      {
        // Recorded (test/conformance/recordings/tf-org2org-token-connection.json): POSTed beside the profile and
        // echoed on every GET; the official provider requires it. Without it Okta is assumed to use the app's
        // `settings.app.baseUrl` (Okta's Node.js SDK CI sees "Invalid URL" for an app whose own URL is fake).
        path: "baseUrl",
        scheme: "TOKEN",
        optional: true,
        required: "is the target org's URL for Okta Org2Org, https://<org>.okta.com",
      },
      {
        path: "clientId",
        scheme: "OAUTH2",
        required:
          "is required for Okta Org2Org with OAUTH2 (two-legged): the client id of the OAuth 2.0 service app in the target org",
        ask: (label) => `the client id of the service app in the org ${label} provisions to`,
      },
    ],
    writeOnly: ["token"],
    verifiedAgainst: {
      TOKEN:
        "`token` must be an API token of the target org and `baseUrl` that org's URL (without `baseUrl`, Okta uses the URL in the app's own settings)",
      OAUTH2:
        "`clientId` must be the client id of a service app in the target org that holds this app's public key",
    },
  },
  zscalerbyz: {
    label: "Zscaler 2.0",
    schemes: ["TOKEN"],
    threeLeggedOAuth: false,
    features: ["USER_PROVISIONING"],
    settings: [
      {
        path: "baseUrl",
        scheme: "TOKEN",
        required: "is required for Zscaler 2.0 (zscalerbyz): the tenant's SCIM base URL, https://…/scim",
        notConfiguredWithout: "no SCIM base URL",
      },
    ],
    writeOnly: ["token"],
    verifiedAgainst: { TOKEN: "`token` must be a SCIM token issued by the Zscaler tenant at `baseUrl`" },
  },
  google: threeLegged("Google Workspace"),
  office365: {
    ...threeLegged("Microsoft 365"),
    settings: [
      {
        path: "settings.adminUsername",
        scheme: "OAUTH2",
        required: "is required for Microsoft 365 (office365): a global administrator's username",
        ask: (label) => `a global administrator of ${label}`,
      },
      {
        path: "settings.adminPassword",
        scheme: "OAUTH2",
        required:
          "is required for Microsoft 365 (office365): a global administrator's password (from a secret)",
        ask: () => "that administrator's password",
      },
    ],
    writeOnly: ["settings.adminUsername", "settings.adminPassword"],
  },
  slack: threeLegged("Slack"),
  zoomus: threeLegged("Zoom"),
};

/** The catalog entry of `appName`, or undefined for an app this package does not know. */
export function appOf(appName: string | undefined): AppProvisioning | undefined {
  return appName !== undefined && Object.prototype.hasOwnProperty.call(PROVISIONING_APPS, appName)
    ? PROVISIONING_APPS[appName]
    : undefined;
}

/** The inputs `appName` requires under `scheme`. */
export function requiredSettings(appName: string, scheme: AuthScheme): AppSetting[] {
  return (appOf(appName)?.settings ?? []).filter((s) => s.scheme === scheme && !s.optional);
}

/** The inputs `appName` takes under `scheme`, required or not. */
export function appSettings(appName: string, scheme: AuthScheme): AppSetting[] {
  return (appOf(appName)?.settings ?? []).filter((s) => s.scheme === scheme);
}

/**
 * The top-level inputs that belong to some apps under `scheme` (`baseUrl` to Zscaler 2.0 and Okta Org2Org with
 * TOKEN), with the names of those apps: every other app refuses them.
 */
export function appSpecificInputs(scheme: AuthScheme): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, app] of Object.entries(PROVISIONING_APPS)) {
    for (const setting of app.settings.filter((s) => s.scheme === scheme)) {
      const key = setting.path.split(".")[0];
      const owners = out.get(key) ?? [];
      if (!owners.includes(name)) out.set(key, [...owners, name]);
    }
  }
  return out;
}

/** `Zscaler 2.0 (zscalerbyz)`, and a list of those joined with "or". */
export function appTitles(names: readonly string[]): string {
  return names.map((n) => `${PROVISIONING_APPS[n]?.label ?? n} (${n})`).join(" or ");
}

/** Whether a known app's OAuth 2.0 connection is two-legged (a service app's client id, no consent). */
export function isTwoLeggedOAuth(appName: string): boolean {
  const app = appOf(appName);
  return !!app && app.schemes.includes("OAUTH2") && !app.threeLeggedOAuth;
}

/** Why `scheme` cannot be used on the app named `appName`, or undefined when it can (or the app is not known). */
export function schemeProblem(appName: string, scheme: AuthScheme): string | undefined {
  const app = appOf(appName);
  if (!app || app.schemes.includes(scheme)) return undefined;
  return `${app.label} (${appName}) does not support ${scheme} provisioning connections; use authScheme ${app.schemes
    .map((s) => `"${s}"`)
    .join(" or ")}`;
}

/** Why the feature cannot be configured on the app named `appName`, or undefined when it can. */
export function featureProblem(appName: string, feature: FeatureName): string | undefined {
  const app = appOf(appName);
  if (!app || app.features.includes(feature)) return undefined;
  return `${app.label} (${appName}) has no ${feature} feature (it offers ${app.features.join(", ")})`;
}

export function isThreeLegged(appName: string | undefined, scheme: AuthScheme): boolean {
  return scheme === "OAUTH2" && !!appOf(appName)?.threeLeggedOAuth;
}

/** The connection's inputs that say which app, in which org, and how the resource runs: not its profile. */
const RESOURCE_INPUTS = ["appId", "appName", "enabled", "adopt", "org"];

/**
 * The connection inputs that make up the POSTed profile: every other input of the schema (a new setting is one). For a three-legged OAuth connection every POST of its
 * profile starts a new authorization: Okta voids the grant it held and the connection is DISABLED until a person
 * consents again (docs/emulator.md, "Re-posting a three-legged profile", says why we assume so).
 */
export const PROFILE_KEYS: readonly string[] = INPUT_KEYS.ProvisioningConnection.filter(
  (k) => !RESOURCE_INPUTS.includes(k),
);

/**
 * Whether an update of a ProvisioningConnection re-posts a three-legged OAuth profile, voiding the consent it had
 * (its OAuthConsent then waits for a person again, in the same `pulumi up`). `changedKeys` are the inputs the
 * update changes (a preview's `diffReasons`); `appName`/`authScheme` those of the connection.
 */
export function repostsThreeLeggedProfile(
  connection: { appName?: string; authScheme?: string },
  changedKeys: readonly string[],
): boolean {
  const scheme =
    connection.authScheme === "TOKEN" || connection.authScheme === "OAUTH2"
      ? connection.authScheme
      : undefined;
  if (!scheme || !isThreeLegged(connection.appName, scheme)) return false;
  return changedKeys.some((k) => PROFILE_KEYS.includes(k));
}
