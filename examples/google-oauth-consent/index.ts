import * as pulumi from "@pulumi/pulumi";
import { OAuthConsent, ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

const google = new ProvisioningConnection("google", {
  appId: config.require("appId"),
  appName: "google",
  authScheme: "OAUTH2",
});

// `pulumi up` waits here: it prints the authorize URL and a loopback page; a Google admin allows access, and the
// continue URL Okta shows is pasted on the page (or into `okta-provisioning consent complete`).
const consent = new OAuthConsent("google-consent", {
  connection: google,
  timeoutSeconds: config.getNumber("consentTimeoutSeconds") ?? 900,
});

const push = new ProvisioningFeature(
  "google-push",
  {
    connection: google,
    name: "USER_PROVISIONING",
    capabilities: {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "ENABLED" } },
    },
  },
  { dependsOn: consent },
);

export const connectionStatus = consent.status;
export const authorizedAt = consent.authorizedAt;
export const featureStatus = push.status;
