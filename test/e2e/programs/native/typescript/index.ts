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

export const zscalerStatus = zscaler.status;
export const pushStatus = zscalerPush.status;
