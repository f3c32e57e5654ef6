import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

// An Output made by the program's own @pulumi/pulumi, handed to this package's resources: with a second copy
// nested under the package, its outputs, resources and runtime state would be another module's.
const appId = pulumi.output(config.require("zscalerAppId"));

const zscaler = new ProvisioningConnection("zscaler", {
  appId,
  authScheme: "TOKEN",
  token: config.requireSecret("zscalerToken"),
  baseUrl: config.require("zscalerBaseUrl"),
});

const push = new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: { create: { lifecycleCreate: { status: "ENABLED" } } },
});

const ours = require.resolve("@pulumi/pulumi");
const theirs = require.resolve("@pulumi/pulumi", {
  paths: [path.dirname(require.resolve("pulumi-okta-provisioning/package.json"))],
});

export const sdkVersion: string = require("@pulumi/pulumi/package.json").version;
export const oneSdk = ours === theirs;
export const connectionStatus = zscaler.status;
export const pushStatus = push.status;
