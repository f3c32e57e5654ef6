import * as pulumi from "@pulumi/pulumi";
import {
  getProvisioningConnectionOutput,
  getProvisioningFeature,
  ProvisioningConnection,
  ProvisioningFeature,
} from "pulumi-okta-provisioning";

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

// Read-only access (only when the test sets lookupAppId): an app an admin configured, read without being managed.
const lookupAppId = config.get("lookupAppId");
const lookupOrg = config.get("lookupOrg");
const lookedUp = lookupAppId
  ? {
      got: ProvisioningConnection.get("looked-up", lookupAppId, { org: lookupOrg }),
      gotFeature: ProvisioningFeature.get("looked-up-push", `${lookupAppId}/USER_PROVISIONING`, {
        org: lookupOrg,
      }),
      connection: getProvisioningConnectionOutput({ appId: lookupAppId, org: lookupOrg }),
      feature: getProvisioningFeature({ appId: lookupAppId, name: "USER_PROVISIONING", org: lookupOrg }),
    }
  : undefined;
export const lookedUpStatus = lookedUp?.got.status;
export const lookedUpAppName = lookedUp?.got.appName;
export const lookedUpProfilePush = lookedUp?.gotFeature.capabilities.apply(
  (c) => (c as { update?: { profile?: { status?: string } } }).update?.profile?.status,
);
export const lookedUpConnection = lookedUp?.connection;
export const lookedUpFeatureStatus = lookedUp?.feature.then((f) => f.status);
