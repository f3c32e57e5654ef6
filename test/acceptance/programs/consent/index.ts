import * as pulumi from "@pulumi/pulumi";
import { OAuthConsent, ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

const google = new ProvisioningConnection("google", {
  appId: config.require("googleAppId"),
  appName: "google",
  authScheme: "OAUTH2",
});

// Blocks `pulumi up` until the person consents in Google and the continue URL is handed back.
const consent = new OAuthConsent("google-consent", {
  connection: google,
  timeoutSeconds: config.getNumber("timeoutSeconds") ?? 600,
});

new ProvisioningFeature(
  "google-push",
  {
    connection: google,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" } },
    },
  },
  { dependsOn: consent },
);

export const consentStatus = consent.status;
