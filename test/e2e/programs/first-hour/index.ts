import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

const zscaler = new ProvisioningConnection(
  "zscaler",
  {
    appId: config.require("zscalerAppId"),
    authScheme: "TOKEN",
    token: config.requireSecret("zscalerToken"),
    baseUrl: config.require("zscalerBaseUrl"),
    enabled: config.getBoolean("enabled") ?? true,
  },
  config.get("importId") ? { import: config.get("importId") } : {},
);

new ProvisioningFeature("zscaler-push", {
  connection: zscaler,
  name: "USER_PROVISIONING",
  capabilities: {
    update: { profile: { status: (config.get("profilePush") ?? "ENABLED") as "ENABLED" | "DISABLED" } },
  },
});
