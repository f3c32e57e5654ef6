// Every secret input passed as a plain string, as programs do: a Zscaler token (and its tenant's SCIM URL) from
// environment variables, an
// Org2Org token and a Microsoft 365 admin password read with `config.require` from keys set with `--secret` (which
// gives the value, not a secret). The schema marks them secret: they must be encrypted in state all the same.
const pulumi = require("@pulumi/pulumi");
const { ProvisioningConnection } = require("pulumi-okta-provisioning");

const config = new pulumi.Config();

new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: process.env.ZSCALER_SCIM_TOKEN,
  baseUrl: process.env.ZSCALER_SCIM_BASE_URL,
});

new ProvisioningConnection("org2org", {
  appId: config.require("org2orgAppId"),
  appName: "okta_org2org",
  authScheme: "TOKEN",
  token: config.require("org2orgToken"),
  baseUrl: config.require("org2orgBaseUrl"),
});

new ProvisioningConnection("office365", {
  appId: config.require("office365AppId"),
  appName: "office365",
  authScheme: "OAUTH2",
  settings: {
    adminUsername: config.require("adminUsername"),
    adminPassword: config.require("adminPassword"),
  },
});
