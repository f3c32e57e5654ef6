/**
 * The Okta endpoints this package calls, typed as the spec slice has them. One function per operation, each one
 * request through the org's client: this is the only module that knows paths and bodies.
 */
import type { OktaClient } from "./client";

export type AuthScheme = "TOKEN" | "OAUTH2";
type ConnectionStatus = "ENABLED" | "DISABLED" | "UNKNOWN";
export type FeatureName = "USER_PROVISIONING" | "INBOUND_PROVISIONING";

/** POST body of `connections/default`: token and OAuth 2.0 shapes (ProvisioningConnection*Request). */
export interface ConnectionRequest {
  baseUrl?: string;
  profile: {
    authScheme: AuthScheme;
    token?: string;
    clientId?: string;
    signing?: { rotationMode: "AUTO" | "MANUAL" };
    settings?: { adminUsername: string; adminPassword: string };
  };
}

/** ProvisioningConnectionResponse: Okta never returns the token, client secret or admin password. */
export interface ConnectionResponse {
  authScheme?: string;
  baseUrl?: string;
  status: ConnectionStatus;
  profile: {
    authScheme: AuthScheme | "UNKNOWN";
    clientId?: string;
    signing?: { rotationMode: "AUTO" | "MANUAL" };
  };
  _links?: { authorize?: { href: string } };
}

export interface FeatureResponse {
  name: FeatureName;
  status: "ENABLED" | "DISABLED";
  description?: string;
  capabilities: Record<string, unknown>;
}

export interface AppResponse {
  id: string;
  name: string;
  label: string;
  status?: string;
}

const APP_ID = /^0oa[A-Za-z0-9]{17}$/;
const APP_NAME = /^[a-z0-9_]{1,100}$/;

// Ids reach URL paths: refuse anything but Okta's shape so that no input can walk to another endpoint.
function appPath(appId: string): string {
  if (!APP_ID.test(appId))
    throw new Error(`"${appId.slice(0, 40)}" is not an Okta app id (0oa + 17 letters or digits)`);
  return `/api/v1/apps/${appId}`;
}

export function getApp(client: OktaClient, appId: string) {
  return client.request<AppResponse>({ method: "GET", path: appPath(appId), operation: "getApplication" });
}

/** The first app of the org: the cheapest read that proves the URL answers and the credentials are accepted. */
export function listFirstApp(client: OktaClient) {
  return client.request<AppResponse[]>({
    method: "GET",
    path: "/api/v1/apps",
    query: { limit: "1" },
    operation: "listApplications",
  });
}

export function getConnection(client: OktaClient, appId: string) {
  return client.request<ConnectionResponse>({
    method: "GET",
    path: `${appPath(appId)}/connections/default`,
    operation: "getDefaultProvisioningConnectionForApplication",
  });
}

/** Creates or replaces the connection profile; `activate` enables it in the same call (saves a request). */
export function postConnection(
  client: OktaClient,
  appId: string,
  body: ConnectionRequest,
  activate: boolean,
) {
  return client.request<ConnectionResponse>({
    method: "POST",
    path: `${appPath(appId)}/connections/default`,
    query: { activate: activate ? "TRUE" : "FALSE" },
    body,
    operation: "updateDefaultProvisioningConnectionForApplication",
    // The POST replaces the whole profile with the same body: repeating it cannot change the outcome.
    idempotent: true,
  });
}

export function activateConnection(client: OktaClient, appId: string) {
  return client.request<void>({
    method: "POST",
    path: `${appPath(appId)}/connections/default/lifecycle/activate`,
    operation: "activateDefaultProvisioningConnectionForApplication",
    idempotent: true,
  });
}

export function deactivateConnection(client: OktaClient, appId: string) {
  return client.request<void>({
    method: "POST",
    path: `${appPath(appId)}/connections/default/lifecycle/deactivate`,
    operation: "deactivateDefaultProvisioningConnectionForApplication",
    idempotent: true,
  });
}

export function getFeature(client: OktaClient, appId: string, name: FeatureName) {
  return client.request<FeatureResponse>({
    method: "GET",
    path: `${appPath(appId)}/features/${name}`,
    operation: "getFeatureForApplication",
  });
}

/**
 * Objects the spec's request schema requires at the top of a feature PUT: `CapabilitiesInboundProvisioningObject`
 * requires `importSettings` and `importRules`. Okta merges partial objects, so an empty one changes nothing.
 */
const REQUIRED_IN_PUT: Record<FeatureName, string[]> = {
  USER_PROVISIONING: [],
  INBOUND_PROVISIONING: ["importSettings", "importRules"],
};

/** Okta merges a partial body into the current capabilities and answers the whole feature. */
export function putFeature(
  client: OktaClient,
  appId: string,
  name: FeatureName,
  capabilities: Record<string, unknown>,
) {
  const body = { ...Object.fromEntries(REQUIRED_IN_PUT[name].map((key) => [key, {}])), ...capabilities };
  return client.request<FeatureResponse>({
    method: "PUT",
    path: `${appPath(appId)}/features/${name}`,
    body,
    operation: "updateFeatureForApplication",
  });
}

/**
 * Completes a three-legged consent. Never retried blindly: the code is single-use, so a second POST after a lost
 * answer fails even though the first one worked.
 */
export function postOAuthCallback(
  client: OktaClient,
  appName: string,
  appId: string,
  code: string,
  state: string,
) {
  if (!APP_NAME.test(appName)) throw new Error(`"${appName.slice(0, 40)}" is not an Okta app name`);
  return client.request<void>({
    method: "POST",
    path: `/api/v1/apps/${appName}/${appPath(appId).slice("/api/v1/apps/".length)}/oauth2/callback`,
    query: { code, state },
    operation: "verifyProvisioningConnectionForApplication",
  });
}
