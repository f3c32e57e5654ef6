/**
 * pulumi-okta-provisioning: Pulumi dynamic resources for Okta app provisioning.
 * The emulator is at `pulumi-okta-provisioning/emulator`.
 */
export * from "./sdk";
