/**
 * What each app (by Okta's app name) can do for provisioning, from Okta's guide: which auth schemes its default
 * connection accepts, whether OAuth is three-legged (a person consents in the third party), what a POST must carry,
 * and which features it has. An app name not listed here cannot provision.
 */
export type AuthScheme = "TOKEN" | "OAUTH2";
export type FeatureName = "USER_PROVISIONING" | "INBOUND_PROVISIONING";

export interface AppKind {
  label: string;
  signOnMode: "SAML_2_0" | "BOOKMARK" | "AUTO_LOGIN";
  provisioning?: {
    schemes: AuthScheme[];
    /** OAUTH2 needs a person's consent in the third party before the connection can be activated. */
    threeLegged: boolean;
    requiresBaseUrl?: boolean;
    requiresAdminCredentials?: boolean;
    features: FeatureName[];
  };
}

/** The guide's OAuth section: these apps take "INBOUND_PROVISIONING and/or USER_PROVISIONING". */
const BOTH_FEATURES: FeatureName[] = ["USER_PROVISIONING", "INBOUND_PROVISIONING"];

export const APP_KINDS: Record<string, AppKind> = {
  okta_org2org: {
    label: "Okta Org2Org",
    signOnMode: "SAML_2_0",
    provisioning: {
      schemes: ["TOKEN", "OAUTH2"],
      threeLegged: false,
      features: ["USER_PROVISIONING", "INBOUND_PROVISIONING"],
    },
  },
  zscalerbyz: {
    label: "Zscaler 2.0",
    signOnMode: "SAML_2_0",
    provisioning: {
      schemes: ["TOKEN"],
      threeLegged: false,
      requiresBaseUrl: true,
      features: ["USER_PROVISIONING"],
    },
  },
  google: {
    label: "Google Workspace",
    signOnMode: "SAML_2_0",
    provisioning: { schemes: ["OAUTH2"], threeLegged: true, features: BOTH_FEATURES },
  },
  office365: {
    label: "Microsoft Office 365",
    signOnMode: "SAML_2_0",
    provisioning: {
      schemes: ["OAUTH2"],
      threeLegged: true,
      requiresAdminCredentials: true,
      features: BOTH_FEATURES,
    },
  },
  slack: {
    label: "Slack",
    signOnMode: "SAML_2_0",
    provisioning: { schemes: ["OAUTH2"], threeLegged: true, features: BOTH_FEATURES },
  },
  zoomus: {
    label: "Zoom",
    signOnMode: "SAML_2_0",
    provisioning: { schemes: ["OAUTH2"], threeLegged: true, features: BOTH_FEATURES },
  },
  bookmark: { label: "Bookmark App", signOnMode: "BOOKMARK" },
};

/** Apps every org starts with, in this order. */
export const SEEDED_APP_NAMES = [
  "okta_org2org",
  "zscalerbyz",
  "google",
  "office365",
  "slack",
  "zoomus",
  "bookmark",
];

export function appKind(name: string): AppKind {
  return APP_KINDS[name] ?? { label: name, signOnMode: "AUTO_LOGIN" };
}
