/**
 * The default provisioning connection: what a POST must carry per app (from Okta's guide), how the connection
 * answers GET, and when it may be activated. Secrets in a POST (token, adminPassword) are checked for presence
 * and dropped: Okta never returns them, and the emulator has no use for them.
 */
import { appKind, type AuthScheme } from "./catalog";
import { validationFailed } from "./errors";
import { opaqueSecret } from "./ids";
import type { AppRecord, ConnectionRecord } from "./store";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function canProvision(app: AppRecord): boolean {
  return Boolean(appKind(app.name).provisioning);
}

export function isThreeLegged(app: AppRecord, scheme: AuthScheme | undefined): boolean {
  return scheme === "OAUTH2" && Boolean(appKind(app.name).provisioning?.threeLegged);
}

/** The authorize link of the emulated third party, on the org's own port. */
export function authorizeHref(orgUrl: string, app: AppRecord, state: string): string {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: `okta-${app.name}`,
    redirect_uri: `${orgUrl}/admin/app/${app.name}/oauth/callback`,
    scope: "admin",
    state,
  });
  return `${orgUrl}/__thirdparty/${app.name}/authorize?${q.toString()}`;
}

/** The GET/POST answer, shaped like the spec's ProvisioningConnectionResponse. */
export function renderConnection(orgUrl: string, app: AppRecord): Json {
  const self = `${orgUrl}/api/v1/apps/${app.id}/connections/default`;
  const links: Json = { self: { href: self, hints: { allow: ["GET", "POST"] } } };
  const kind = appKind(app.name);
  if (!kind.provisioning) {
    return { status: "UNKNOWN", profile: { authScheme: "UNKNOWN" }, _links: links };
  }
  const c = app.connection;
  const scheme: AuthScheme = c?.authScheme ?? kind.provisioning.schemes[0];
  const status = c?.status ?? "DISABLED";
  if (status === "ENABLED")
    links.deactivate = { href: `${self}/lifecycle/deactivate`, hints: { allow: ["POST"] } };
  else links.activate = { href: `${self}/lifecycle/activate`, hints: { allow: ["POST"] } };
  const profile: Json = { authScheme: scheme };
  const out: Json = {};
  if (scheme === "TOKEN") out.authScheme = "TOKEN";
  if (c?.baseUrl) out.baseUrl = c.baseUrl;
  if (c?.clientId) profile.clientId = c.clientId;
  if (c?.rotationMode) profile.signing = { rotationMode: c.rotationMode };
  if (c && isThreeLegged(app, scheme) && c.consentState) {
    links.authorize = {
      href: authorizeHref(orgUrl, app, c.consentState),
      hints: {
        allow: ["GET"],
        guidance: [
          "Specifies the URI to invoke in a browser for granting scope consent required to complete the OAuth 2.0 connection.",
        ],
      },
    };
  }
  return { ...out, status, profile, _links: links };
}

/** Checks a POST body against the app's rules; the new connection record, or 400 E0000001 (nothing changed). */
export function connectionFromPost(app: AppRecord, body: unknown, activate: boolean): ConnectionRecord {
  const kind = appKind(app.name).provisioning;
  if (!kind) throw validationFailed(`Provisioning is not supported by the app ${app.name}.`);
  if (!isObject(body) || !isObject(body.profile)) throw validationFailed("profile: is required.");
  const profile = body.profile;
  const scheme = profile.authScheme;
  if (scheme !== "TOKEN" && scheme !== "OAUTH2") {
    throw validationFailed(
      `profile.authScheme: ${JSON.stringify(scheme ?? null)} is not one of TOKEN, OAUTH2.`,
    );
  }
  if (!kind.schemes.includes(scheme)) {
    throw validationFailed(
      `profile.authScheme: the app ${app.name} does not support ${scheme} connections; it supports ${kind.schemes.join(", ")}.`,
    );
  }
  const causes: string[] = [];
  const record: ConnectionRecord = { authScheme: scheme, status: "DISABLED" };
  if (scheme === "TOKEN") {
    if (typeof profile.token !== "string" || !profile.token)
      causes.push("profile.token: is required for a TOKEN connection.");
    if (kind.requiresBaseUrl) {
      if (typeof body.baseUrl !== "string" || !/^https?:\/\/\S+$/.test(body.baseUrl)) {
        causes.push(`baseUrl: the app ${app.name} requires the SCIM base URL (https://…).`);
      } else record.baseUrl = body.baseUrl;
    }
  } else if (!kind.threeLegged) {
    if (typeof profile.clientId !== "string" || !profile.clientId) {
      causes.push(
        `profile.clientId: is required for an OAUTH2 connection of ${app.name} (the target org's service app).`,
      );
    } else record.clientId = profile.clientId;
    if (profile.signing !== undefined) {
      const mode = isObject(profile.signing) ? profile.signing.rotationMode : undefined;
      if (mode !== "AUTO" && mode !== "MANUAL")
        causes.push("profile.signing.rotationMode: must be one of AUTO, MANUAL.");
      else record.rotationMode = mode;
    }
  } else {
    if (kind.requiresAdminCredentials) {
      const settings = isObject(profile.settings) ? profile.settings : {};
      if (typeof settings.adminUsername !== "string" || !settings.adminUsername) {
        causes.push(`profile.settings.adminUsername: is required for ${app.name}.`);
      }
      if (typeof settings.adminPassword !== "string" || !settings.adminPassword) {
        causes.push(`profile.settings.adminPassword: is required for ${app.name}.`);
      }
    }
    if (activate) {
      causes.push(
        `activate: a three-legged OAUTH2 connection of ${app.name} cannot be activated before consent is given; ` +
          "POST without activate, open _links.authorize.href, then call lifecycle/activate.",
      );
    }
    // Each POST starts a new consent: a fresh state, and any earlier grant is void.
    record.consentState = opaqueSecret(18);
    record.consentGranted = false;
  }
  if (causes.length) throw validationFailed(...causes);
  if (activate) record.status = "ENABLED";
  else if (!isThreeLegged(app, scheme) && app.connection?.authScheme === scheme)
    record.status = app.connection.status;
  return record;
}

/** `lifecycle/activate`: refuses what cannot be enabled yet. */
export function checkActivation(app: AppRecord): ConnectionRecord {
  if (!canProvision(app)) throw validationFailed(`Provisioning is not supported by the app ${app.name}.`);
  const c = app.connection;
  if (!c)
    throw validationFailed("The provisioning connection is not configured; POST connections/default first.");
  if (isThreeLegged(app, c.authScheme) && !c.consentGranted) {
    throw validationFailed(
      `OAuth consent is missing for ${app.name}: open _links.authorize.href, allow access, and POST the continue URL before activating.`,
    );
  }
  return c;
}
