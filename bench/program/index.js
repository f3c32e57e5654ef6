// The benchmark's Pulumi program (plain JavaScript: no ts-node compile in the timings). What it declares comes from
// spec.json next to it, written by bench/bench.js before each run:
//   { kind: "okta" | "trivial", apps: [{ id, enabled?, capabilities? }] }
// "okta": per app a token ProvisioningConnection and its USER_PROVISIONING ProvisioningFeature.
// "trivial": the same shape of inputs and dependencies, as dynamic resources whose create returns at once — the
// engine's own cost, against which the okta resources' overhead is judged.
const pulumi = require("@pulumi/pulumi");
const spec = require("./spec.json");

// The emulated Zscaler tenant's SCIM base URL and token (bench/lib/project.js sets them): the emulator verifies the
// token as Okta does.
const config = new pulumi.Config();
const token = config.requireSecret("zscalerToken");
const baseUrl = config.require("zscalerBaseUrl");
const defaultCapabilities = {
  create: { lifecycleCreate: { status: "ENABLED" } },
  update: { profile: { status: "ENABLED" } },
};

if (spec.kind === "trivial") {
  // One provider object for every resource: Pulumi serializes it once, as it does ours.
  // `providerPadding` (bytes) makes its serialized text as large as another provider's, to tell the cost of
  // state size apart from the cost of the code that runs.
  const padding = "x".repeat(spec.providerPadding || 0);
  const trivialProvider = {
    async create(inputs) {
      return {
        id: inputs.appId + (inputs.name ? `/${inputs.name}` : "") + padding.slice(0, 0),
        outs: inputs,
      };
    },
  };
  class Trivial extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
      super(trivialProvider, name, args, opts);
    }
  }
  spec.apps.forEach((app, i) => {
    const connection = new Trivial(`conn-${i}`, {
      appId: app.id,
      appName: "zscalerbyz",
      authScheme: "TOKEN",
      token,
      baseUrl,
      enabled: true,
    });
    new Trivial(`feature-${i}`, {
      appId: connection.id.apply((id) => id),
      name: "USER_PROVISIONING",
      capabilities: app.capabilities || defaultCapabilities,
    });
  });
} else {
  const { ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");
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
        connection,
        name: "USER_PROVISIONING",
        capabilities: app.capabilities || defaultCapabilities,
      });
    }
  });
}
