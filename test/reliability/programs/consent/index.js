// A three-legged OAuth connection (Google Workspace) and the OAuthConsent that blocks `pulumi up` until a person
// authorizes it: what the suite attacks while it waits.
const pulumi = require("@pulumi/pulumi");
const { OAuthConsent, ProvisioningConnection } = require("pulumi-okta-provisioning");

const config = new pulumi.Config();
const google = new ProvisioningConnection("google", {
  appId: config.require("googleAppId"),
  appName: "google",
  authScheme: "OAUTH2",
});
const consent = new OAuthConsent("google-consent", { connection: google, timeoutSeconds: 120 });

exports.consentStatus = consent.status;
