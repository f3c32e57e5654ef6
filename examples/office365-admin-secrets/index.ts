import * as pulumi from "@pulumi/pulumi";
import { OAuthConsent, ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

// Microsoft 365 needs a global administrator's credentials in the connection profile. Both come from encrypted
// stack config and stay secrets in state; Okta never returns the password.
const office365 = new ProvisioningConnection("office365", {
  appId: config.require("appId"),
  appName: "office365",
  authScheme: "OAUTH2",
  settings: {
    adminUsername: config.require("adminUsername"),
    adminPassword: config.requireSecret("adminPassword"),
  },
});

const consent = new OAuthConsent("office365-consent", { connection: office365 });

new ProvisioningFeature(
  "office365-push",
  {
    connection: office365,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" } },
    },
  },
  { dependsOn: consent },
);

export const connectionStatus = consent.status;
