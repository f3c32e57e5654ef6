import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();
const adopt = config.getBoolean("adopt") ?? false;
const profilePush = config.get("profilePush") ?? "ENABLED";

const zscaler = new ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
  adopt,
});

const zscalerPush = new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: profilePush as "ENABLED" | "DISABLED" },
      lifecycleDeactivate: { status: "ENABLED" },
      password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
    },
  },
  adopt,
});

const org2org = new ProvisioningConnection("org2org", {
  appId: config.require("org2orgAppId"),
  appName: "okta_org2org",
  authScheme: "TOKEN",
  token: config.requireSecret("org2orgToken"),
  baseUrl: config.get("org2orgBaseUrl"),
  adopt,
});

const org2orgImport = new ProvisioningFeature("org2org-import", {
  connection: org2org,
  name: "INBOUND_PROVISIONING",
  capabilities: {
    importSettings: {
      username: { usernameFormat: "EMAIL" },
      schedule: {
        status: "ENABLED",
        fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
        incrementalImport: { expression: "0 */6 * * *", timezone: "America/New_York" },
      },
    },
    importRules: {
      userCreateAndMatch: {
        exactMatchCriteria: "EMAIL",
        allowPartialMatch: false,
        autoConfirmExactMatch: true,
        autoActivateNewUsers: true,
      },
    },
  },
  adopt,
});

export const zscalerStatus = zscaler.status;
export const zscalerAppName = zscaler.appName;
export const pushStatus = zscalerPush.status;
export const importStatus = org2orgImport.status;
