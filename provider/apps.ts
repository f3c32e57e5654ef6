/**
 * What each Okta app integration supports for provisioning (Okta's guide, "Configure provisioning"): the
 * authentication schemes of its connection and the features it offers. Used to name a mismatch before any write.
 */
import type { AuthScheme, FeatureName } from "./okta-api";

export interface AppProvisioning {
  label: string;
  schemes: AuthScheme[];
  /** OAuth 2.0 that needs a person's consent in the third party (OAuthConsent) before activation. */
  threeLeggedOAuth: boolean;
  features: FeatureName[];
}

/** The guide's OAuth section gives the three-legged apps "INBOUND_PROVISIONING and/or USER_PROVISIONING". */
const BOTH: FeatureName[] = ["USER_PROVISIONING", "INBOUND_PROVISIONING"];

export const PROVISIONING_APPS: Record<string, AppProvisioning> = {
  okta_org2org: {
    label: "Okta Org2Org",
    schemes: ["TOKEN", "OAUTH2"],
    threeLeggedOAuth: false,
    features: ["USER_PROVISIONING", "INBOUND_PROVISIONING"],
  },
  zscalerbyz: {
    label: "Zscaler 2.0",
    schemes: ["TOKEN"],
    threeLeggedOAuth: false,
    features: ["USER_PROVISIONING"],
  },
  google: {
    label: "Google Workspace",
    schemes: ["OAUTH2"],
    threeLeggedOAuth: true,
    features: BOTH,
  },
  office365: {
    label: "Microsoft 365",
    schemes: ["OAUTH2"],
    threeLeggedOAuth: true,
    features: BOTH,
  },
  slack: { label: "Slack", schemes: ["OAUTH2"], threeLeggedOAuth: true, features: BOTH },
  zoomus: { label: "Zoom", schemes: ["OAUTH2"], threeLeggedOAuth: true, features: BOTH },
};

/** Why `scheme` cannot be used on the app named `appName`, or undefined when it can (or the app is not known). */
export function schemeProblem(appName: string, scheme: AuthScheme): string | undefined {
  const app = PROVISIONING_APPS[appName];
  if (!app || app.schemes.includes(scheme)) return undefined;
  return `${app.label} (${appName}) does not support ${scheme} provisioning connections; use authScheme ${app.schemes
    .map((s) => `"${s}"`)
    .join(" or ")}`;
}

/** Why the feature cannot be configured on the app named `appName`, or undefined when it can. */
export function featureProblem(appName: string, feature: FeatureName): string | undefined {
  const app = PROVISIONING_APPS[appName];
  if (!app || app.features.includes(feature)) return undefined;
  return `${app.label} (${appName}) has no ${feature} feature (it offers ${app.features.join(", ")})`;
}

export function isThreeLegged(appName: string | undefined, scheme: AuthScheme): boolean {
  return scheme === "OAUTH2" && !!appName && !!PROVISIONING_APPS[appName]?.threeLeggedOAuth;
}

/**
 * The connection inputs that make up the POSTed profile. For a three-legged OAuth connection every POST of its
 * profile starts a new authorization: Okta voids the grant it held and the connection is DISABLED until a person
 * consents again (docs/emulator.md, "Re-posting a three-legged profile", says why we assume so).
 */
export const PROFILE_KEYS = ["authScheme", "token", "baseUrl", "clientId", "signing", "settings"] as const;

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
  return changedKeys.some((k) => (PROFILE_KEYS as readonly string[]).includes(k));
}
