/**
 * What the serialized provider of every resource requires at run time, by package name
 * (`pulumi-okta-provisioning/provider`): the CRUD of each resource and the `configure` hook. Keeping the code
 * here rather than in the closure keeps each resource's `__provider` to a few hundred bytes, and means an
 * upgraded package runs for resources written by an older one.
 */
export { configure } from "./runtime";
export { connectionProvider as ProvisioningConnection } from "./connection";
export { featureProvider as ProvisioningFeature } from "./feature";
export { consentProvider as OAuthConsent } from "./consent/provider";
