// The benchmark's program for the native plugin: the stack of bench/program ("okta" kind, from spec.json), declared
// as the plugin's custom resources. Plain JavaScript on the same Node.js language host as the dynamic program, so
// the two differ only in the door they go through. No generated Node.js SDK is needed: `pulumi.CustomResource`
// with the type token is what such an SDK would call; output keys are listed so they exist as outputs.
const pulumi = require("@pulumi/pulumi");
const spec = require("./spec.json");

// The emulated Zscaler tenant's SCIM base URL and token (bench/plugin-bench.js sets them).
const config = new pulumi.Config();
const token = config.requireSecret("zscalerToken");
const baseUrl = config.require("zscalerBaseUrl");
const defaultCapabilities = {
  create: { lifecycleCreate: { status: "ENABLED" } },
  update: { profile: { status: "ENABLED" } },
};

const resource = (type, outputs) =>
  class extends pulumi.CustomResource {
    constructor(name, args, opts) {
      super(`okta-provisioning:index:${type}`, name, { ...outputs, ...args }, opts);
    }
  };
const ProvisioningConnection = resource("ProvisioningConnection", { status: undefined });
const ProvisioningFeature = resource("ProvisioningFeature", { status: undefined });

spec.apps.forEach((app, i) => {
  const connection = new ProvisioningConnection(`conn-${i}`, {
    appId: app.id,
    appName: "zscalerbyz",
    authScheme: "TOKEN",
    token,
    baseUrl,
    enabled: app.enabled !== false,
  });
  if (app.feature !== false) {
    new ProvisioningFeature(`feature-${i}`, {
      // As the dynamic program's `connection:` does: the app id, and the order after the connection.
      appId: connection.appId,
      name: "USER_PROVISIONING",
      capabilities: app.capabilities || defaultCapabilities,
    });
  }
});
