import * as pulumi from "@pulumi/pulumi";
import { OAuthConsent, ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

// App ids of your org's app instances (Admin Console → Applications → the app → its URL ends with the id).
const config = new pulumi.Config();

// Zscaler 2.0: a token connection, created and activated in one call, then To App provisioning. Okta checks the
// token against the Zscaler tenant at baseUrl (the SCIM base URL and token come from Zscaler's admin portal).
const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
});

export const zscalerPush = new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: "ENABLED" },
      lifecycleDeactivate: { status: "ENABLED" },
      password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
    },
  },
}).status;

// Okta Org2Org: import users from another org every night, matched by email. The token is an API token of that
// org, whose URL is baseUrl: Okta checks one against the other.
const org2org = new ProvisioningConnection("org2org", {
  appId: config.require("org2orgAppId"),
  appName: "okta_org2org",
  authScheme: "TOKEN",
  token: config.requireSecret("org2orgToken"),
  baseUrl: config.require("org2orgBaseUrl"),
});

export const org2orgImport = new ProvisioningFeature("org2org-import", {
  connection: org2org,
  name: "INBOUND_PROVISIONING",
  capabilities: {
    importSettings: {
      username: { usernameFormat: "EMAIL" },
      schedule: {
        status: "ENABLED",
        fullImport: { expression: "0 2 * * *", timezone: "Europe/Berlin" },
        incrementalImport: { expression: "0 */4 * * *", timezone: "Europe/Berlin" },
      },
    },
    importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL", autoConfirmExactMatch: true } },
  },
}).status;

// Google Workspace: OAuth 2.0 needs a person's consent in Google; `pulumi up` waits for it.
const google = new ProvisioningConnection("google", {
  appId: config.require("googleAppId"),
  appName: "google",
  authScheme: "OAUTH2",
});
const googleConsent = new OAuthConsent("google-consent", { connection: google, timeoutSeconds: 900 });

export const googlePush = new ProvisioningFeature(
  "google-push",
  {
    connection: google,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" } },
    },
  },
  { dependsOn: googleConsent },
).status;

export const googleConnection = googleConsent.status;
