// One program for every org. What differs between orgs (the org, its credentials, the app's id in that org) is
// stack config; what the rollout compares across orgs is what this program declares.
import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerScimUrl"),
});

new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: "ENABLED" },
      lifecycleDeactivate: { status: "ENABLED" },
    },
  },
});
