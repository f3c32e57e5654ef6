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

/**
 * ProvisioningConnectionResponse: Okta never returns the token, client secret or admin password. A token connection
 * carries `authScheme` at the top too, and a new Okta Org2Org connection answers with no `profile` at all (recorded:
 * test/conformance/recordings/py-org2org-never-configured.json): read the scheme with `connectionScheme`.
 */
export interface ConnectionResponse {
  authScheme?: string;
  baseUrl?: string;
  status: ConnectionStatus;
  profile?: {
    authScheme: AuthScheme | "UNKNOWN";
    clientId?: string;
    signing?: { rotationMode: "AUTO" | "MANUAL" };
  };
  _links?: { authorize?: { href: string } };
}

/** The connection's scheme: its profile's, else the top-level one Okta gives a connection with no profile. */
export function connectionScheme(live: ConnectionResponse): AuthScheme | "UNKNOWN" | undefined {
  const scheme = live.profile?.authScheme ?? live.authScheme;
  return scheme === "TOKEN" || scheme === "OAUTH2" || scheme === "UNKNOWN" ? scheme : undefined;
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

/**
 * INBOUND_PROVISIONING's username format is `userNameFormat` on the wire: recorded in a real GET
 * (tf-inbound-feature-read.json), and the spelling of the spec's own request and response examples; only the
 * spec's schema says `usernameFormat`, which is this package's input name (schema.json). Okta reads an unset import
 * schedule as `null`.
 */
const WIRE_USERNAME_FORMAT = "userNameFormat";
const USERNAME_FORMAT = "usernameFormat";

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

function withoutNulls(tree: Tree): Tree {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, isTree(v) ? withoutNulls(v) : v]),
  );
}

function usernameOf(caps: Tree): Tree | undefined {
  const settings = caps.importSettings;
  return isTree(settings) && isTree(settings.username) ? settings.username : undefined;
}

/** Capabilities as Okta answers them, in this package's words: either spelling read as `usernameFormat`, no nulls. */
export function capabilitiesFromWire(capabilities: unknown): Tree {
  if (!isTree(capabilities)) return {};
  const out = withoutNulls(capabilities);
  const username = usernameOf(out);
  if (username && WIRE_USERNAME_FORMAT in username) {
    // Okta's own spelling wins where an answer had both.
    username[USERNAME_FORMAT] = username[WIRE_USERNAME_FORMAT];
    delete username[WIRE_USERNAME_FORMAT];
  }
  return out;
}

/** A PUT body in Okta's words: the username format sent as `userNameFormat`, what Okta reads back. */
export function capabilitiesToWire(capabilities: Tree): Tree {
  const username = usernameOf(capabilities);
  if (!username || !(USERNAME_FORMAT in username)) return capabilities;
  const out = structuredClone(capabilities);
  const wire = usernameOf(out)!;
  wire[WIRE_USERNAME_FORMAT] = wire[USERNAME_FORMAT];
  delete wire[USERNAME_FORMAT];
  return out;
}

/** A feature answer with its capabilities in this package's words. */
export function featureFromWire<T extends { data: FeatureResponse }>(res: T): T {
  return { ...res, data: { ...res.data, capabilities: capabilitiesFromWire(res.data?.capabilities) } };
}

export async function getFeature(client: OktaClient, appId: string, name: FeatureName) {
  return featureFromWire(
    await client.request<FeatureResponse>({
      method: "GET",
      path: `${appPath(appId)}/features/${name}`,
      operation: "getFeatureForApplication",
    }),
  );
}

/** Every feature of an app whose connection is enabled, in one call, in this package's words. */
export async function listFeatures(client: OktaClient, appId: string): Promise<FeatureResponse[]> {
  const res = await client.request<FeatureResponse[]>({
    method: "GET",
    path: `${appPath(appId)}/features`,
    operation: "listFeaturesForApplication",
  });
  return Array.isArray(res.data)
    ? res.data.map((f) => ({ ...f, capabilities: capabilitiesFromWire(f.capabilities) }))
    : [];
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
export async function putFeature(
  client: OktaClient,
  appId: string,
  name: FeatureName,
  capabilities: Record<string, unknown>,
) {
  const body = {
    ...Object.fromEntries(REQUIRED_IN_PUT[name].map((key) => [key, {}])),
    ...capabilitiesToWire(capabilities),
  };
  return featureFromWire(
    await client.request<FeatureResponse>({
      method: "PUT",
      path: `${appPath(appId)}/features/${name}`,
      body,
      operation: "updateFeatureForApplication",
    }),
  );
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
