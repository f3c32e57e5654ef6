// What this program declares comes from stack config, so one stack can show each kind of finding in turn:
// profilePush (an update), zscalerEnabled (a deactivation), withImport (a delete), org2orgAppId (a replace),
// zscalerToken (a secret change), ticket (a change to a resource of another package).
import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
  enabled: config.getBoolean("zscalerEnabled") ?? true,
});

new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: (config.get("profilePush") ?? "ENABLED") as "ENABLED" | "DISABLED" },
      lifecycleDeactivate: { status: "ENABLED" },
    },
  },
});

const org2org = new ProvisioningConnection("org2org", {
  appId: config.require("org2orgAppId"),
  appName: "okta_org2org",
  authScheme: "TOKEN",
  token: config.requireSecret("org2orgToken"),
  baseUrl: config.get("org2orgBaseUrl"),
});

if (config.getBoolean("withImport") ?? true) {
  new ProvisioningFeature("org2org-import", {
    connection: org2org,
    name: "INBOUND_PROVISIONING",
    capabilities: {
      importSettings: {
        schedule: {
          status: "ENABLED",
          fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
        },
      },
    },
  });
}

// A resource of another package: a plain dynamic resource whose state is what the program gave it.
const ticketProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "change-ticket", outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};

class ChangeTicket extends pulumi.dynamic.Resource {
  constructor(name: string, args: { ticket: string }) {
    super(ticketProvider, name, args);
  }
}

new ChangeTicket("change-ticket", { ticket: config.get("ticket") ?? "CHG-1000" });

export const zscalerStatus = zscaler.status;
