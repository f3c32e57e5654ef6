import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

// The app itself, with the official provider...
const zscalerApp = new okta.app.Saml("zscaler", {
  label: "Zscaler 2.0",
  preconfiguredApp: "zscalerbyz",
  status: "ACTIVE",
});

// ...and its provisioning with ours, in the same program: the connection follows the app's id.
const connection = new ProvisioningConnection("zscaler-provisioning", {
  appId: zscalerApp.id,
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: config.requireSecret("scimToken"),
  baseUrl: config.require("scimBaseUrl"),
});

new ProvisioningFeature("zscaler-push", {
  connection,
  name: "USER_PROVISIONING",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: { profile: { status: "ENABLED" } },
  },
});

export const appId = zscalerApp.id;
