/**
 * The inputs users write, mirroring schema.json (the source of truth; test/unit/schema/types-match-schema.test.ts
 * fails when the two drift). Names follow the schema's types with Pulumi's `Args` suffix; enums are string
 * literal unions so plain strings from a program type-check.
 */
import type * as pulumi from "@pulumi/pulumi";

// ---- enums --------------------------------------------------------------------------------------------------

export type ProvisioningConnectionAuthScheme = "TOKEN" | "OAUTH2";
export type ProvisioningConnectionStatus = "ENABLED" | "DISABLED" | "UNKNOWN";
export type SigningRotationMode = "AUTO" | "MANUAL";
export type ApplicationFeatureType = "USER_PROVISIONING" | "INBOUND_PROVISIONING";
export type EnabledStatus = "ENABLED" | "DISABLED";
export type PasswordSeed = "OKTA" | "RANDOM";
/** Not `CYCLE`: that is a slip in Okta's guide. */
export type PasswordChange = "CHANGE" | "KEEP_EXISTING";
export type UsernameFormat = "EMAIL" | "CUSTOM";
export type ExactMatchCriteria = "EMAIL" | "USERNAME";

// ---- ProvisioningConnection ---------------------------------------------------------------------------------

export interface ProvisioningConnectionSigningArgs {
  rotationMode: pulumi.Input<SigningRotationMode>;
}

export interface Office365ProvisioningSettingsArgs {
  adminUsername: pulumi.Input<string>;
  /** Secret; Okta never returns it. */
  adminPassword: pulumi.Input<string>;
}

export interface ProvisioningConnectionArgs {
  /** `0oa…` app instance id; changing it replaces the resource. */
  appId: pulumi.Input<string>;
  /** The app's Okta name (`zscalerbyz`, `okta_org2org`, `google`, …): lets preview check scheme and settings. */
  appName?: pulumi.Input<string>;
  authScheme: pulumi.Input<ProvisioningConnectionAuthScheme>;
  /** TOKEN only; a secret. Okta never returns it, so drift on it cannot be detected. */
  token?: pulumi.Input<string>;
  /** Zscaler 2.0 only: the SCIM base URL (https). */
  baseUrl?: pulumi.Input<string>;
  /** Okta Org2Org with OAUTH2 (two-legged): the target org's service app client id. */
  clientId?: pulumi.Input<string>;
  signing?: pulumi.Input<ProvisioningConnectionSigningArgs>;
  /** Microsoft 365 only. */
  settings?: pulumi.Input<Office365ProvisioningSettingsArgs>;
  /** Default true; three-legged OAuth apps become enabled only through an OAuthConsent. */
  enabled?: pulumi.Input<boolean>;
  /** Default false: on create, read the live connection and write only what differs. */
  adopt?: pulumi.Input<boolean>;
  /** Alias of a named org in `okta-provisioning:orgs`. */
  org?: pulumi.Input<string>;
}

/**
 * A ProvisioningConnection (or anything shaped like one) passed instead of `appId`: the app is taken from its
 * outputs, which also orders the dependent resource after the connection.
 */
export type ProvisioningConnectionReference = pulumi.Resource & {
  readonly appId: pulumi.Input<string>;
  readonly appName: pulumi.Input<string>;
  readonly org?: pulumi.Input<string | undefined>;
  /** A ProvisioningConnection's `org` as the program gave it (preferred over the output `org`). */
  readonly orgAlias?: pulumi.Input<string | undefined>;
  readonly enabled?: pulumi.Input<boolean>;
  readonly profileRevision?: pulumi.Input<number>;
};

/** Either the app id or the connection it comes from. */
type AppOrConnection =
  | { appId: pulumi.Input<string>; connection?: ProvisioningConnectionReference }
  | { appId?: pulumi.Input<string>; connection: ProvisioningConnectionReference };

// ---- ProvisioningFeature: USER_PROVISIONING (To App) --------------------------------------------------------

export interface LifecycleCreateSettingArgs {
  status?: pulumi.Input<EnabledStatus>;
}

export interface CapabilitiesCreateArgs {
  lifecycleCreate?: pulumi.Input<LifecycleCreateSettingArgs>;
}

export interface ProfileSettingArgs {
  status?: pulumi.Input<EnabledStatus>;
}

export interface LifecycleDeactivateSettingArgs {
  status?: pulumi.Input<EnabledStatus>;
}

export interface PasswordSettingArgs {
  status?: pulumi.Input<EnabledStatus>;
  seed?: pulumi.Input<PasswordSeed>;
  change?: pulumi.Input<PasswordChange>;
}

export interface CapabilitiesUpdateArgs {
  profile?: pulumi.Input<ProfileSettingArgs>;
  lifecycleDeactivate?: pulumi.Input<LifecycleDeactivateSettingArgs>;
  password?: pulumi.Input<PasswordSettingArgs>;
}

export interface UserProvisioningCapabilities {
  create?: pulumi.Input<CapabilitiesCreateArgs>;
  update?: pulumi.Input<CapabilitiesUpdateArgs>;
}

// ---- ProvisioningFeature: INBOUND_PROVISIONING (To Okta) ----------------------------------------------------

export interface ImportUsernameArgs {
  /** Spelled `usernameFormat` (the guide's `userNameFormat` is a slip). */
  usernameFormat: pulumi.Input<UsernameFormat>;
  /** With usernameFormat CUSTOM only: an Okta Expression Language statement. */
  userNameExpression?: pulumi.Input<string>;
}

export interface ImportScheduleSettingsArgs {
  /** Five-field UNIX cron, e.g. `0 2 * * 0`. */
  expression: pulumi.Input<string>;
  /** IANA name, e.g. `America/New_York` (spelled `timezone`, not `timeZone`). */
  timezone?: pulumi.Input<string>;
}

export interface ImportScheduleArgs {
  status?: pulumi.Input<EnabledStatus>;
  fullImport?: pulumi.Input<ImportScheduleSettingsArgs>;
  incrementalImport?: pulumi.Input<ImportScheduleSettingsArgs>;
}

export interface CapabilitiesImportSettingsArgs {
  username?: pulumi.Input<ImportUsernameArgs>;
  schedule?: pulumi.Input<ImportScheduleArgs>;
}

export interface ImportRulesUserCreateAndMatchArgs {
  exactMatchCriteria?: pulumi.Input<ExactMatchCriteria>;
  allowPartialMatch?: pulumi.Input<boolean>;
  autoConfirmPartialMatch?: pulumi.Input<boolean>;
  autoConfirmExactMatch?: pulumi.Input<boolean>;
  autoConfirmNewUsers?: pulumi.Input<boolean>;
  autoActivateNewUsers?: pulumi.Input<boolean>;
}

export interface CapabilitiesImportRulesArgs {
  userCreateAndMatch?: pulumi.Input<ImportRulesUserCreateAndMatchArgs>;
}

export interface InboundProvisioningCapabilities {
  importSettings?: pulumi.Input<CapabilitiesImportSettingsArgs>;
  importRules?: pulumi.Input<CapabilitiesImportRulesArgs>;
}

// ---- ProvisioningFeature ------------------------------------------------------------------------------------

interface ProvisioningFeatureCommonArgs {
  /** The app's Okta name: lets preview refuse INBOUND_PROVISIONING on an app that lacks it. */
  appName?: pulumi.Input<string>;
  /** Default false: on create, read the live feature and write only the settings that differ. */
  adopt?: pulumi.Input<boolean>;
  org?: pulumi.Input<string>;
}

/**
 * `name` is a plain string, not an Input: it picks the shape of `capabilities` at compile time, and changing it
 * replaces the resource anyway.
 */
export type ProvisioningFeatureArgs = AppOrConnection &
  ProvisioningFeatureCommonArgs &
  (
    | { name: "USER_PROVISIONING"; capabilities?: pulumi.Input<UserProvisioningCapabilities> }
    | { name: "INBOUND_PROVISIONING"; capabilities?: pulumi.Input<InboundProvisioningCapabilities> }
  );

// ---- OAuthConsent -------------------------------------------------------------------------------------------

export type OAuthConsentArgs = (
  | {
      appId: pulumi.Input<string>;
      appName: pulumi.Input<string>;
      connection?: ProvisioningConnectionReference;
    }
  | {
      appId?: pulumi.Input<string>;
      appName?: pulumi.Input<string>;
      connection: ProvisioningConnectionReference;
    }
) & {
  /** Default 900, from 1 to 86400. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Default: the connection's `enabled` when `connection` is given, else true. Activate once authorized. */
  activate?: pulumi.Input<boolean>;
  /** Filled from `connection`: the consent runs again when the connection re-posts its profile. */
  profileRevision?: pulumi.Input<number>;
  org?: pulumi.Input<string>;
};
