import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

// Both orgs' URLs and API tokens live in stack config under okta-provisioning:orgs (tokens as secrets); each
// resource picks its org by alias. Nothing secret reaches resource state, and rotating a token replaces nothing.
const config = new pulumi.Config();
const orgs = config.requireObject<Record<string, { zscalerAppId: string; zscalerBaseUrl: string }>>("apps");

for (const [alias, apps] of Object.entries(orgs)) {
  const connection = new ProvisioningConnection(`${alias}-zscaler`, {
    org: alias,
    appId: apps.zscalerAppId,
    appName: "zscalerbyz",
    authScheme: "TOKEN",
    token: config.requireSecret(`${alias}ZscalerToken`),
    baseUrl: apps.zscalerBaseUrl,
  });
  new ProvisioningFeature(`${alias}-zscaler-push`, {
    connection,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" } },
    },
  });
}
