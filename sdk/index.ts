export { ProvisioningConnection } from "./connection";
export { ProvisioningFeature } from "./feature";
export { OAuthConsent } from "./consent";
export * from "./types";
