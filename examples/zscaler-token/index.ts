import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

// One POST with ?activate=TRUE creates and enables the connection.
const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("appId"),
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: config.requireSecret("scimToken"),
  baseUrl: config.require("scimBaseUrl"),
});

// To App: create users, push profile changes, deactivate, and sync passwords.
const push = new ProvisioningFeature("zscaler-push", {
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
});

export const connectionStatus = zscaler.status;
export const featureStatus = push.status;
