// Plain JavaScript so each of the many stack operations of the rollout tests skips a TypeScript compile.
const pulumi = require("@pulumi/pulumi");
const { ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");

const config = new pulumi.Config();

const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
});

new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: {
    update: { profile: { status: config.get("profilePush") || "ENABLED" } },
  },
});
