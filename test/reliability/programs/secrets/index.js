// Every secret input the package takes, from encrypted stack config as a user's program would: a Zscaler SCIM
// token, an Org2Org API token and a Microsoft 365 global admin password. The org's own credentials (API token or
// service-app private key) are stack config the provider reads itself.
const pulumi = require("@pulumi/pulumi");
const { ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");

const config = new pulumi.Config();

const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
});
new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: { update: { profile: { status: config.get("profilePush") || "ENABLED" } } },
});

new ProvisioningConnection("org2org", {
  appId: config.require("org2orgAppId"),
  appName: "okta_org2org",
  authScheme: "TOKEN",
  token: config.requireSecret("org2orgToken"),
  baseUrl: config.require("org2orgBaseUrl"),
});

// Three-legged: stays DISABLED until a consent, which this program does not ask for.
new ProvisioningConnection("office365", {
  appId: config.require("office365AppId"),
  appName: "office365",
  authScheme: "OAUTH2",
  settings: {
    adminUsername: "admin@acme.onmicrosoft.com",
    adminPassword: config.requireSecret("adminPassword"),
  },
});

exports.zscalerStatus = zscaler.status;
