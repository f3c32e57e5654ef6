/**
 * The default provisioning connection: what a POST must carry per app (from Okta's guide), how Okta checks its
 * credentials, how the connection answers GET, and when it may be activated. Secrets in a POST (token,
 * adminPassword) are checked and dropped: Okta never returns them, and the emulator keeps none.
 *
 * Where each rule comes from (docs/emulator.md has the whole table): recorded in Okta's own test suites — the
 * answer shapes below, a POST without `activate` leaving the connection DISABLED, an app that cannot provision
 * answering 200 UNKNOWN and 204 to its lifecycle calls, Org2Org's top-level `baseUrl`, a new Org2Org connection
 * without `profile`; expected by Okta's Node.js SDK CI — the credential refusal; assumed — the rest, marked below.
 */
import { appKind, type AuthScheme } from "./catalog";
import type { OrgContext } from "./context";
import { credentialRefused, validationFailed } from "./errors";
import { opaqueSecret } from "./ids";
import type { AppRecord, ConnectionRecord } from "./store";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a 400 E0000001 about a connection body names (assumed: Okta's recordings name `credential` only). */
export const CONNECTION = "connection";

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

/** Recorded: an app that cannot provision answers this to GET and to any POST, with no `_links`. */
const CANNOT_PROVISION = { status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } };

/** The GET/POST answer, shaped as recorded (test/conformance/recordings/tf-*-connection*.json). */
export function renderConnection(orgUrl: string, app: AppRecord): Json {
  const kind = appKind(app.name);
  if (!kind.provisioning) return structuredClone(CANNOT_PROVISION);
  const self = `${orgUrl}/api/v1/apps/${app.id}/connections/default`;
  const c = app.connection;
  const scheme: AuthScheme = c?.authScheme ?? kind.provisioning.schemes[0];
  const status = c?.status ?? "DISABLED";
  const links: Json =
    status === "ENABLED"
      ? {
          self: { href: self, hints: { allow: ["POST", "GET"] } },
          deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ["POST"] } },
        }
      : {
          activate: { href: `${self}/lifecycle/activate`, hints: { allow: ["POST"] } },
          self: { href: self, hints: { allow: ["POST", "GET"] } },
        };
  // Recorded (py-org2org-never-configured.json): a new Org2Org connection has no profile at all. Other apps'
  // never-configured answers are not recorded; they keep the spec's shape (a profile with the first scheme).
  if (!c && app.name === "okta_org2org") return { authScheme: "TOKEN", status, _links: links };
  const out: Json = {};
  if (scheme === "TOKEN") out.authScheme = "TOKEN";
  out.status = status;
  if (c?.baseUrl) out.baseUrl = c.baseUrl;
  const profile: Json = { authScheme: scheme };
  if (c?.clientId) profile.clientId = c.clientId;
  if (c?.rotationMode) profile.signing = { rotationMode: c.rotationMode };
  out.profile = profile;
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
  return { ...out, _links: links };
}

/** Plain http only for loopback addresses (an emulated org or tenant), else https: the provider's rule too. */
function isCallableUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const u = new URL(value);
    return (
      u.protocol === "https:" ||
      (u.protocol === "http:" && /^(127(\.\d+){3}|localhost|\[::1\])$/.test(u.hostname))
    );
  } catch {
    return false;
  }
}

/**
 * Org2Org's target org: the top-level `baseUrl` of the POST (recorded: the Terraform provider sends it and Okta echoes
 * it), else the app's `settings.app.baseUrl` (assumed from Okta's Node.js SDK CI, whose app has only that one and is
 * refused with "Invalid URL"), else, for a seeded app made without settings, the org itself (ours).
 */
function org2orgTarget(ctx: OrgContext, app: AppRecord, body: Json): string {
  if (typeof body.baseUrl === "string") return body.baseUrl;
  const configured = app.settingsApp?.baseUrl;
  return typeof configured === "string" ? configured : ctx.url;
}

/**
 * Okta checks a connection's credentials before it keeps them ("Test API Credentials"), and refuses what the target
 * does not accept with 400 "Api validation failed: credential" (expected by Okta's Node.js SDK CI for Org2Org; for
 * Zscaler the same check is assumed). The emulator asks its own orgs and its emulated Zscaler tenants.
 */
function verifyCredentials(ctx: OrgContext, app: AppRecord, scheme: AuthScheme, body: Json): void {
  const profile = body.profile as Json;
  if (app.name === "okta_org2org" && scheme === "TOKEN") {
    const target = ctx.directory.orgAt(org2orgTarget(ctx, app, body));
    if (!target?.apiTokens.some((t) => t.token === profile.token)) throw credentialRefused();
  } else if (app.name === "okta_org2org" && scheme === "OAUTH2") {
    // The service app in the target org that holds this app's key: the client id must be registered there.
    const target = ctx.directory.orgAt(org2orgTarget(ctx, app, {}));
    if (!target?.serviceApps.some((a) => a.clientId === profile.clientId)) throw credentialRefused();
  } else if (app.name === "zscalerbyz") {
    const tenant = ctx.directory.zscalerTenantAt(String(body.baseUrl));
    if (!tenant?.tokens.includes(String(profile.token))) throw credentialRefused();
  }
}

/**
 * Checks a POST body against the app's rules (400 E0000001 `connection`, nothing changed) and its credentials
 * (400 `credential`); returns the new connection record. Not called for an app that cannot provision.
 */
export function connectionFromPost(
  ctx: OrgContext,
  app: AppRecord,
  body: unknown,
  activate: boolean,
  { verify = true }: { verify?: boolean } = {},
): ConnectionRecord {
  const kind = appKind(app.name).provisioning!;
  if (!isObject(body) || !isObject(body.profile)) throw validationFailed(CONNECTION, "profile: is required.");
  const profile = body.profile;
  const scheme = profile.authScheme;
  if (scheme !== "TOKEN" && scheme !== "OAUTH2") {
    throw validationFailed(
      CONNECTION,
      `profile.authScheme: ${JSON.stringify(scheme ?? null)} is not one of TOKEN, OAUTH2.`,
    );
  }
  if (!kind.schemes.includes(scheme)) {
    throw validationFailed(
      CONNECTION,
      `profile.authScheme: the app ${app.name} does not support ${scheme} connections; it supports ${kind.schemes.join(", ")}.`,
    );
  }
  const causes: string[] = [];
  const record: ConnectionRecord = { authScheme: scheme, status: "DISABLED" };
  if (scheme === "TOKEN") {
    if (typeof profile.token !== "string" || !profile.token)
      causes.push("profile.token: is required for a TOKEN connection.");
    if (body.baseUrl !== undefined || kind.requiresBaseUrl) {
      if (!isCallableUrl(body.baseUrl)) {
        causes.push(
          kind.requiresBaseUrl
            ? `baseUrl: the app ${app.name} requires the SCIM base URL (https://…).`
            : `baseUrl: must be the target org's URL (https://…).`,
        );
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
      // Assumed: Okta cannot enable a three-legged connection before the person consented.
      causes.push(
        `activate: a three-legged OAUTH2 connection of ${app.name} cannot be activated before consent is given; ` +
          "POST without activate, open _links.authorize.href, then call lifecycle/activate.",
      );
    }
    // Each POST starts a new consent: a fresh state, and any earlier grant is void (assumed, docs/emulator.md).
    record.consentState = opaqueSecret(18);
    record.consentGranted = false;
  }
  if (causes.length) throw validationFailed(CONNECTION, ...causes);
  // After every other check: a body Okta refuses for its shape is not sent to the target.
  if (verify && !isThreeLegged(app, scheme)) verifyCredentials(ctx, app, scheme, body);
  // Recorded: the same profile POSTed again without `activate` answers DISABLED although it was ENABLED
  // (tf-org2org-token-connection-reposted.json): a POST activates only with ?activate=TRUE.
  if (activate) record.status = "ENABLED";
  return record;
}

/** `lifecycle/activate` of an app that can provision: refuses what cannot be enabled yet. */
export function checkActivation(app: AppRecord): ConnectionRecord {
  const c = app.connection;
  // Expected by Okta's Node.js SDK CI: activating a new Org2Org connection is a credential refusal. The cause's
  // wording, and the same answer for the other apps, are assumed.
  if (!c)
    throw credentialRefused(
      "The provisioning connection has no credentials yet: POST connections/default with them first.",
    );
  if (isThreeLegged(app, c.authScheme) && !c.consentGranted) {
    throw validationFailed(
      CONNECTION,
      `OAuth consent is missing for ${app.name}: open _links.authorize.href, allow access, and POST the continue URL before activating.`,
    );
  }
  return c;
}
