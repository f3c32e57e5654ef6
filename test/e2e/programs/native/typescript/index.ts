// A Zscaler 2.0 token connection with To App provisioning: the stack every native-provider e2e program declares
// (test/e2e/harness/native.ts), written against the native TypeScript SDK (not the dynamic resources). Code that
// `pulumi import` writes for this language, saved as imported.ts, joins the program.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as okta from "pulumi-okta-provisioning-native";

const config = new pulumi.Config();

const zscaler = new okta.ProvisioningConnection("zscaler", {
  appId: config.require("zscalerAppId"),
  appName: "zscalerbyz",
  authScheme: okta.ProvisioningConnectionAuthScheme.Token,
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
});

// Taking appId from the connection orders the feature after it.
const zscalerPush = new okta.ProvisioningFeature("zscaler-push", {
  appId: zscaler.appId,
  name: okta.ApplicationFeatureType.UserProvisioning,
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: "ENABLED" },
      password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
    },
  },
});

if (fs.existsSync(path.join(__dirname, "imported.ts"))) require("./imported");

// Read-only access, only when the test sets lookupAppId: an app an admin configured, read without being managed.
const lookupAppId = config.get("lookupAppId");
const got = lookupAppId ? okta.ProvisioningConnection.get("looked-up", lookupAppId) : undefined;
const gotFeature = lookupAppId
  ? okta.ProvisioningFeature.get("looked-up-push", `${lookupAppId}/USER_PROVISIONING`)
  : undefined;
const connection = lookupAppId ? okta.getProvisioningConnectionOutput({ appId: lookupAppId }) : undefined;
const feature = lookupAppId
  ? okta.getProvisioningFeature({ appId: lookupAppId, name: okta.ApplicationFeatureType.UserProvisioning })
  : undefined;

export const zscalerStatus = zscaler.status;
export const pushStatus = zscalerPush.status;
export const lookedUpStatus = got?.status;
export const lookedUpAppName = got?.appName;
export const lookedUpProfilePush = gotFeature?.capabilities.apply((c) => c.update?.profile?.status);
export const lookedUpConnectionStatus = connection?.status;
export const lookedUpConnectionAuthScheme = connection?.authScheme;
export const lookedUpFeatureStatus = feature?.then((f) => f.status);
