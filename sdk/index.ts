export { ProvisioningConnection } from "./connection";
export { ProvisioningFeature } from "./feature";
export { OAuthConsent } from "./consent";
export * from "./types";
export {
  getProvisioningConnection,
  getProvisioningConnectionOutput,
  getProvisioningFeature,
  getProvisioningFeatureOutput,
} from "./functions";
export type { ResourceLookupState } from "./lookup";
