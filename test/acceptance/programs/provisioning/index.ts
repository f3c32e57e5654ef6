import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

// Each group is declared when its app id is set, so one program serves the suite's stacks. The values a scenario
// changes (to update a feature, or to match what an admin configured by hand) come from config.
const config = new pulumi.Config();
const adopt = config.getBoolean("adopt") ?? false;
const status = (key: string, fallback: "ENABLED" | "DISABLED") =>
  (config.get(key) ?? fallback) as "ENABLED" | "DISABLED";

const zscalerAppId = config.get("zscalerAppId");
if (zscalerAppId) {
  const zscaler = new ProvisioningConnection("zscaler", {
    appId: zscalerAppId,
    appName: "zscalerbyz",
    authScheme: "TOKEN",
    token: config.requireSecret("zscalerToken"),
    baseUrl: config.require("zscalerBaseUrl"),
    adopt,
  });
  new ProvisioningFeature("zscaler-push", {
    connection: zscaler,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: {
        profile: { status: status("zscalerProfilePush", "ENABLED") },
        lifecycleDeactivate: { status: "ENABLED" },
        password: {
          status: "ENABLED",
          seed: "RANDOM",
          change: (config.get("zscalerPasswordChange") ?? "CHANGE") as "CHANGE" | "KEEP_EXISTING",
        },
      },
    },
    adopt,
  });
}

const org2orgAppId = config.get("org2orgAppId");
if (org2orgAppId) {
  const org2org = new ProvisioningConnection("org2org", {
    appId: org2orgAppId,
    appName: "okta_org2org",
    authScheme: "TOKEN",
    token: config.requireSecret("org2orgToken"),
    // The target org's URL (recorded: Okta takes it beside the profile and echoes it).
    baseUrl: config.get("org2orgBaseUrl"),
    adopt,
  });
  new ProvisioningFeature("org2org-import", {
    connection: org2org,
    name: "INBOUND_PROVISIONING",
    capabilities: {
      importSettings: {
        username: { usernameFormat: "EMAIL" },
        schedule: {
          status: "ENABLED",
          fullImport: {
            expression: config.get("org2orgFullImport") ?? "0 2 * * 0",
            timezone: "America/New_York",
          },
        },
      },
      importRules: {
        userCreateAndMatch: {
          exactMatchCriteria: "EMAIL",
          autoConfirmExactMatch: true,
          autoActivateNewUsers: config.getBoolean("org2orgAutoActivate") ?? true,
        },
      },
    },
    adopt,
  });
}

const oauthAppId = config.get("oauthAppId");
if (oauthAppId) {
  const oauth = new ProvisioningConnection("org2org-oauth", {
    appId: oauthAppId,
    appName: "okta_org2org",
    authScheme: "OAUTH2",
    clientId: config.require("oauthClientId"),
    signing: { rotationMode: (config.get("oauthRotationMode") ?? "AUTO") as "AUTO" | "MANUAL" },
    adopt,
  });
  new ProvisioningFeature("org2org-oauth-push", {
    connection: oauth,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: {
        profile: { status: "ENABLED" },
        lifecycleDeactivate: { status: status("oauthDeactivate", "DISABLED") },
      },
    },
    adopt,
  });
}
