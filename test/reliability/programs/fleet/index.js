// The reliability suite's deployment: per app id in config `apps` (a JSON list of zscalerbyz instances) a token
// ProvisioningConnection and its USER_PROVISIONING ProvisioningFeature, 2 resources per app. Plain JavaScript so
// that no ts-node compile sits in the timings. `profilePush` flips one leaf of every feature (an update of all).
const pulumi = require("@pulumi/pulumi");
const { ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");

const config = new pulumi.Config();
const apps = JSON.parse(config.require("apps"));
const profilePush = config.get("profilePush") || "ENABLED";
const token = config.requireSecret("scimToken");
const baseUrl = config.require("scimBaseUrl");

apps.forEach((appId, i) => {
  const connection = new ProvisioningConnection(`conn-${i}`, {
    appId,
    appName: "zscalerbyz",
    authScheme: "TOKEN",
    token,
    baseUrl,
  });
  new ProvisioningFeature(`push-${i}`, {
    connection,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: profilePush }, lifecycleDeactivate: { status: "ENABLED" } },
    },
  });
});

exports.count = apps.length * 2;
