/**
 * ProvisioningConnection: the app's default provisioning connection. id = appId.
 * create/update = one POST (with `?activate=TRUE` when it can activate in the same call); read = one GET;
 * delete = deactivate. Okta never returns the token nor the admin password, so drift on them cannot be seen: they
 * are kept as given. The Org2Org client id is returned and compared.
 */
import type { DynamicProvider } from "./dynamic";
import {
  appOf,
  appSettings,
  isThreeLegged,
  PROFILE_KEYS as PROFILE,
  PROVISIONING_APPS,
  schemeProblem,
} from "./apps";
import { asResource, ProvisioningError } from "./errors";
import { asSavedConfigResource } from "./saved-config";
import * as okta from "./okta-api";
import { oktaClient, orgFailures, orgFor } from "./runtime";
import { appIdProblem, checkInputs, UNKNOWN, type CheckFailure, forEngine } from "./validation";
import { declareConnection } from "./declared-status";
import { checkOrgBeforeChange } from "./preflight";
import { isNotFound, OktaApiError } from "./client";
import { createdHere, recordCreated } from "./created-here";
import { lookedUp, lookupId, parseImportId } from "./import-id";
import { replacedInputs, withDefaults } from "./replaces";
import * as SCHEMA from "./schema-tables";
import type { ProvisioningConnectionInputs, ProvisioningConnectionOutputs } from "./schema-types";

/**
 * The schema's inputs, and `profileRevision`: set by `check`, never by a program, 1 at create and one more each
 * time an update changes the POSTed profile. An OAuthConsent given this connection takes it as an input, so a
 * re-posted three-legged profile (which voids the grant) makes the consent run again in the same `pulumi up`, and
 * a preview shows that.
 */
export type ConnectionInputs = ProvisioningConnectionInputs &
  Pick<ProvisioningConnectionOutputs, "profileRevision">;

export type ConnectionOutputs = ConnectionInputs &
  Pick<ProvisioningConnectionOutputs, "appName" | "status" | "authorizeUrl">;

const PROFILE_KEYS = PROFILE as (keyof ConnectionInputs)[];

/** Okta's POST body carries the SCIM base URL beside the profile, not in it. */
const BESIDE_PROFILE: (keyof ConnectionInputs)[] = ["baseUrl"];

/** Every input the provider keeps (those of the schema, and the revision `check` sets). */
const INPUT_KEYS = [
  ...SCHEMA.INPUT_KEYS.ProvisioningConnection,
  "profileRevision",
] as (keyof ConnectionInputs)[];

/**
 * The engine prints a failed property's value next to the failure unless it came from encrypted config; a token made
 * secret in the program (`pulumi.secret(...)`) would be shown. Name secret properties in the reason instead.
 */
function hideSecretValue(failure: CheckFailure): CheckFailure {
  const secret = SCHEMA.SECRET_HOLDING_INPUTS.ProvisioningConnection.includes(failure.property.split(".")[0]);
  return secret ? { property: "", reason: `${failure.property}: ${failure.reason}` } : failure;
}

/** Every input some app's Okta never returns (`token`, `settings.adminPassword`, …): the catalog's `writeOnly`. */
const WRITE_ONLY = new Set(Object.values(PROVISIONING_APPS).flatMap((app) => app.writeOnly));

function valueAt(inputs: object, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], inputs);
}

/**
 * "Is required" failures that do not apply: a value Okta never returns, missing from the old inputs as from the new,
 * while the profile is not posted again. That is an imported connection (`pulumi import` checks its inputs against
 * themselves, and the code it writes has no token): the live value is assumed right, and Okta needs it only with
 * the next POST of the profile, when the check asks for it again.
 */
function unneeded(failure: CheckFailure, olds: ConnectionInputs, news: ConnectionInputs): boolean {
  const path = [...WRITE_ONLY].find((p) => failure.property === p || failure.reason.startsWith(`${p}: `));
  if (!path || !/\bis required\b/.test(failure.reason)) return false;
  return valueAt(olds, path) === undefined && valueAt(news, path) === undefined;
}

function label(appId: string): string {
  return `ProvisioningConnection of app ${appId}`;
}

/** The label, for inputs that may still be unknown at preview. */
function resourceLabel(appId: unknown): string {
  return typeof appId === "string" && appId !== UNKNOWN ? label(appId) : "ProvisioningConnection";
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The POST body: every profile input the program set, in the schema's order. */
function requestBody(inputs: ConnectionInputs): okta.ConnectionRequest {
  const set = (k: keyof ConnectionInputs) => inputs[k] !== undefined && inputs[k] !== null;
  const entries = (keys: (keyof ConnectionInputs)[]) =>
    Object.fromEntries(keys.filter(set).map((k) => [k, inputs[k]]));
  return {
    ...entries(BESIDE_PROFILE),
    profile: entries(PROFILE_KEYS.filter((k) => !BESIDE_PROFILE.includes(k))),
  } as okta.ConnectionRequest;
}

function outputsFrom(
  inputs: ConnectionInputs,
  appName: string,
  live: okta.ConnectionResponse,
): ConnectionOutputs {
  return {
    ...inputs,
    enabled: inputs.enabled !== false,
    adopt: inputs.adopt === true,
    appName,
    status: live.status,
    ...(live._links?.authorize?.href ? { authorizeUrl: live._links.authorize.href } : {}),
  };
}

/** Whether Okta's connection has the profile the inputs declare, as far as Okta lets us see. */
function profileMatches(
  inputs: ConnectionInputs,
  live: okta.ConnectionResponse,
  threeLegged: boolean,
): boolean {
  if (okta.connectionScheme(live) !== inputs.authScheme) return false;
  if (inputs.baseUrl !== undefined && live.baseUrl !== inputs.baseUrl) return false;
  if (inputs.signing && !same(live.profile?.signing, inputs.signing)) return false;
  // Okta returns the Org2Org client id (the spec's response example has it): a different one must be written.
  if (inputs.clientId !== undefined && live.profile?.clientId !== inputs.clientId) return false;
  // A three-legged connection nobody posted answers DISABLED with no authorize link: adopting it as it is would
  // leave its OAuthConsent nothing to open. (Found by the convergence model.)
  return !(threeLegged && live.status !== "ENABLED" && !live._links?.authorize?.href);
}

/** Whether the live connection already is what the inputs ask for, status included. */
function matchesLive(inputs: ConnectionInputs, live: okta.ConnectionResponse, threeLegged: boolean): boolean {
  if (!profileMatches(inputs, live, threeLegged)) return false;
  // A three-legged connection is switched on by its OAuthConsent, but `enabled: false` is this resource's to keep.
  if (threeLegged) return !(inputs.enabled === false && live.status === "ENABLED");
  return (live.status === "ENABLED") === (inputs.enabled !== false);
}

/** The connection as the last write or refresh left it, rebuilt from state without a call. */
function lastKnown(olds: ConnectionOutputs): okta.ConnectionResponse {
  return {
    status: olds.status,
    profile: { authScheme: olds.authScheme },
    ...(olds.authorizeUrl ? { _links: { authorize: { href: olds.authorizeUrl } } } : {}),
  };
}

async function resolveAppName(inputs: ConnectionInputs): Promise<string> {
  if (inputs.appName) return inputs.appName;
  // One GET on the app-instance bucket, not the apps bucket that connection calls share; done once per create.
  const app = await okta.getApp(oktaClient(inputs.org), inputs.appId);
  return app.data.name;
}

/**
 * Okta answers UNKNOWN for an app that cannot provision, to GET and to a POST alike (recorded,
 * test/conformance/recordings/py-bookmark-connection-post.json): nothing was enabled, and nothing can be.
 */
function refuseUnknown(inputs: ConnectionInputs, appName: string, live: okta.ConnectionResponse): void {
  if (live.status !== "UNKNOWN" && okta.connectionScheme(live) !== "UNKNOWN") return;
  throw new ProvisioningError(
    `${label(inputs.appId)}: Okta reports no provisioning connection for this app (${appName || "?"}, status ` +
      "UNKNOWN): it cannot provision, and nothing was enabled. Remove this resource, or point appId at an app " +
      "that provisions.",
  );
}

/**
 * Turns the connection's status into what the inputs ask, with at most one lifecycle call. Okta answers
 * `lifecycle/activate` with 204 even for an app that cannot provision (recorded): for an app outside the catalog a
 * 204 proves nothing, so the connection is read back before ENABLED is recorded.
 */
async function settleStatus(
  inputs: ConnectionInputs,
  live: okta.ConnectionResponse,
  threeLegged: boolean,
  appName: string,
) {
  const client = oktaClient(inputs.org);
  const wantEnabled = inputs.enabled !== false;
  // A three-legged connection is activated by its OAuthConsent, behind this resource's back: a DISABLED in its
  // state may be stale, so `enabled: false` always deactivates (one call, a no-op if it is already off).
  if (!wantEnabled && (live.status === "ENABLED" || threeLegged)) {
    await okta.deactivateConnection(client, inputs.appId);
    return { ...live, status: "DISABLED" as const };
  }
  if (wantEnabled && !threeLegged && live.status !== "ENABLED") {
    await okta.activateConnection(client, inputs.appId);
    if (appOf(appName)) return { ...live, status: "ENABLED" as const };
    const readBack = (await okta.getConnection(client, inputs.appId)).data;
    refuseUnknown(inputs, appName, readBack);
    if (readBack.status !== "ENABLED") {
      throw new ProvisioningError(
        `${label(inputs.appId)}: Okta accepted the activation of app ${appName || "?"}'s connection but reads it ` +
          `${readBack.status}: this package does not know the app, so it cannot tell why. Check the app's ` +
          "provisioning in the Admin Console.",
      );
    }
    return readBack;
  }
  return live;
}

/**
 * Okta verifies a connection's credentials against its target on POST and on activate, and refuses them with 400
 * "Api validation failed: credential" (Okta's Node.js SDK CI expects it: test/conformance/recordings/
 * nodejs-ci-credential-verification.json). One line naming the inputs and Okta's reason; Okta kept nothing.
 */
function credentialRefusal(
  err: unknown,
  inputs: ConnectionInputs,
  appName: string,
): ProvisioningError | undefined {
  if (!(err instanceof OktaApiError) || err.status !== 400 || !/\bcredential\b/i.test(err.errorSummary ?? ""))
    return undefined;
  const scheme = inputs.authScheme;
  const properties = [
    ...(scheme === "TOKEN" ? ["token"] : []),
    ...appSettings(appName, scheme).map((s) => s.path.split(".")[0]),
  ];
  const named = [...new Set(properties)].map((p) => `\`${p}\``).join(", ") || "its credentials";
  const target = inputs.baseUrl ? ` for ${inputs.baseUrl}` : "";
  const reason = err.errorCauses.length ? err.errorCauses.join(" ") : (err.errorSummary ?? "refused");
  const hint = appOf(appName)?.verifiedAgainst?.[scheme];
  return new ProvisioningError(
    `${label(inputs.appId)}: Okta refused the connection's credentials (${named}${target}): ${reason.replace(/\.?$/, ".")}` +
      `${hint ? ` ${hint[0].toUpperCase()}${hint.slice(1)}.` : ""} Nothing was changed.`,
  );
}

async function write(inputs: ConnectionInputs, appName: string): Promise<okta.ConnectionResponse> {
  const threeLegged = isThreeLegged(appName, inputs.authScheme);
  const activate = inputs.enabled !== false && !threeLegged;
  try {
    const posted = await okta.postConnection(
      oktaClient(inputs.org),
      inputs.appId,
      requestBody(inputs),
      activate,
    );
    refuseUnknown(inputs, appName, posted.data);
    return await settleStatus(inputs, posted.data, threeLegged, appName);
  } catch (err) {
    throw credentialRefusal(err, inputs, appName) ?? err;
  }
}

export const connectionProvider: DynamicProvider<ConnectionInputs, ConnectionOutputs> = {
  async check(olds, news) {
    const reposted = !olds || PROFILE_KEYS.some((k) => !same(olds[k], news[k]));
    const failures = [
      ...checkInputs("ProvisioningConnection", news as unknown as Record<string, unknown>)
        .filter((f) => reposted || !olds || !unneeded(f, olds, news))
        .map(hideSecretValue),
      ...orgFailures(news.org),
    ];
    const profileRevision = (olds?.profileRevision ?? 0) + (reposted ? 1 : 0) || 1;
    // Defaults made explicit, so state, refreshed inputs and the program compare like for like in diffs.
    const inputs = { ...withDefaults("ProvisioningConnection", news), profileRevision };
    declareConnection(news.org, news.appId, inputs.enabled);
    if (!olds?.appId && failures.length === 0)
      await checkOrgBeforeChange(news.org, resourceLabel(news.appId));
    return { inputs, failures: failures.map(forEngine) };
  },

  async diff(_id, olds, news) {
    const replaces = replacedInputs("ProvisioningConnection", olds, news);
    const appMoved = replaces.includes("appId");
    const changed = INPUT_KEYS.filter((k) => !["adopt", "appName", "profileRevision"].includes(k)).filter(
      (k) => {
        if (k === "enabled") return (olds.enabled !== false) !== (news.enabled !== false);
        return !same(olds[k], news[k]);
      },
    );
    const changes = changed.length > 0 || replaces.length > 0;
    if (changes) await checkOrgBeforeChange(news.org, label(news.appId));
    return {
      changes,
      replaces,
      diffs: [...new Set<string>([...changed, ...replaces])],
      // A connection is one per app: a replacement that keeps the app (another alias of its org, a
      // `replaceOnChanges` of the program) would be activated by its create and deactivated by the old one's delete.
      // Asked for whenever the app stays, as the engine applies replaceOnChanges after this diff.
      deleteBeforeReplace: !appMoved,
    };
  },

  preview(olds, news) {
    const appName = news.appName || olds?.appName;
    const threeLegged = appName === undefined || isThreeLegged(appName, news.authScheme);
    const inputs = { ...news, enabled: news.enabled !== false, adopt: news.adopt === true };
    if (!olds) {
      return {
        ...inputs,
        appName: appName ?? UNKNOWN,
        status: UNKNOWN,
        ...(threeLegged ? { authorizeUrl: UNKNOWN } : {}),
      } as unknown as ConnectionOutputs;
    }
    // Re-posting the profile re-issues a three-legged connection's authorize link and voids its grant.
    const reposted = PROFILE_KEYS.some((k) => !same(olds[k], news[k]));
    const switched = (olds.enabled !== false) !== (news.enabled !== false);
    return {
      ...inputs,
      appName: appName as string,
      status: reposted || switched ? UNKNOWN : olds.status,
      ...(olds.authorizeUrl || (reposted && threeLegged)
        ? { authorizeUrl: reposted && threeLegged ? UNKNOWN : olds.authorizeUrl }
        : {}),
    } as unknown as ConnectionOutputs;
  },

  async create(inputs) {
    const created = await asResource(label(inputs.appId), async () => {
      const appName = await resolveAppName(inputs);
      const problem = schemeProblem(appName, inputs.authScheme);
      if (problem) throw new ProvisioningError(`${label(inputs.appId)}: ${problem}. Nothing was changed.`);
      const threeLegged = isThreeLegged(appName, inputs.authScheme);
      if (inputs.adopt) {
        const live = (await okta.getConnection(oktaClient(inputs.org), inputs.appId)).data;
        if (matchesLive(inputs, live, threeLegged))
          return { id: inputs.appId, outs: outputsFrom(inputs, appName, live) };
        const profileDiffers = !profileMatches(inputs, live, threeLegged);
        // A DISABLED token connection that shows nothing may never have been configured: Okta then refuses the
        // activation (400), and the whole profile is written instead. (Found by the convergence model.)
        const settled = profileDiffers
          ? await write(inputs, appName)
          : await settleStatus(inputs, live, threeLegged, appName).catch((err: unknown) => {
              if (err instanceof OktaApiError && err.status === 400 && live.status !== "ENABLED")
                return write(inputs, appName);
              throw credentialRefusal(err, inputs, appName) ?? err;
            });
        return { id: inputs.appId, outs: outputsFrom(inputs, appName, settled) };
      }
      return { id: inputs.appId, outs: outputsFrom(inputs, appName, await write(inputs, appName)) };
    });
    recordCreated("ProvisioningConnection", created.id, () => orgFor(inputs.org).url);
    return created;
  },

  async read(id, props) {
    if (lookedUp(props)) return connectionProvider.import!(lookupId(id, props));
    return asSavedConfigResource(label(id), async () => {
      let live: okta.ConnectionResponse;
      try {
        live = (await okta.getConnection(oktaClient(props.org), id)).data;
      } catch (err) {
        // The app itself was deleted: the connection is gone too, and Pulumi drops it from the stack.
        if (isNotFound(err)) return { id: "", props: {} };
        throw err;
      }
      const threeLegged = isThreeLegged(props.appName, props.authScheme);
      const inputs: ConnectionInputs = Object.fromEntries(
        INPUT_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]),
      ) as unknown as ConnectionInputs;
      const scheme = okta.connectionScheme(live);
      if (scheme === "TOKEN" || scheme === "OAUTH2") inputs.authScheme = scheme;
      if (inputs.baseUrl !== undefined) inputs.baseUrl = live.baseUrl;
      if (inputs.signing !== undefined) inputs.signing = live.profile?.signing;
      if (inputs.clientId !== undefined && live.profile?.clientId !== undefined)
        inputs.clientId = live.profile.clientId;
      // A three-legged connection becomes enabled only through consent; OAuthConsent reports that drift.
      if (!threeLegged || props.enabled === false) inputs.enabled = live.status === "ENABLED";
      return { id, props: outputsFrom(inputs, props.appName, live), inputs };
    });
  },

  async update(id, olds, news) {
    return asResource(label(id), async () => {
      const appName = news.appName || olds.appName;
      const problem = schemeProblem(appName, news.authScheme);
      if (problem) throw new ProvisioningError(`${label(id)}: ${problem}. Nothing was changed.`);
      const profileChanged = PROFILE_KEYS.some((k) => !same(olds[k], news[k]));
      const threeLegged = isThreeLegged(appName, news.authScheme);
      const live = profileChanged
        ? await write(news, appName)
        : await settleStatus(news, lastKnown(olds), threeLegged, appName).catch((err: unknown) => {
            // Adopted DISABLED and never configured (nothing was written then): activation is refused, so the
            // profile is written now. (Found by the convergence model.)
            if (err instanceof OktaApiError && err.status === 400 && olds.status !== "ENABLED")
              return write(news, appName);
            throw credentialRefusal(err, news, appName) ?? err;
          });
      return { outs: outputsFrom(news, appName, live) };
    });
  },

  async import(importId) {
    return asResource(label(importId), async () => {
      const { org, id } = parseImportId(importId);
      const problem = appIdProblem(id);
      if (problem) throw new ProvisioningError(`${label(id)}: the id ${problem}.`);
      const live = (await okta.getConnection(oktaClient(org), id)).data;
      const appName = (await okta.getApp(oktaClient(org), id)).data.name;
      const authScheme = okta.connectionScheme(live) === "OAUTH2" ? "OAUTH2" : "TOKEN";
      const threeLegged = isThreeLegged(appName, authScheme);
      // Okta never returns the token nor the admin password: the program adds them (the import warns so).
      const inputs: ConnectionInputs = {
        appId: id,
        appName,
        authScheme,
        ...(live.baseUrl ? { baseUrl: live.baseUrl } : {}),
        ...(live.profile?.clientId ? { clientId: live.profile.clientId } : {}),
        ...(live.profile?.signing ? { signing: live.profile.signing } : {}),
        // A three-legged connection is switched on by its OAuthConsent: declared on, whatever it is now.
        enabled: threeLegged || live.status === "ENABLED",
        ...(org ? { org } : {}),
      };
      // `check` numbers the profile as at a create; the program's inputs carry no revision.
      return { id, props: outputsFrom({ ...inputs, profileRevision: 1 }, appName, live), inputs };
    });
  },

  async delete(id, props) {
    await asSavedConfigResource(label(id), async () => {
      // Its replacement was created a moment ago in this deployment (created-here.ts): it is the one in Okta now.
      if (createdHere("ProvisioningConnection", id, () => orgFor(props.org).url)) return;
      try {
        await okta.deactivateConnection(oktaClient(props.org), id);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  },
};
