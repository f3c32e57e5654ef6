/**
 * ProvisioningConnection: the app's default provisioning connection. id = appId.
 * create/update = one POST (with `?activate=TRUE` when it can activate in the same call); read = one GET;
 * delete = deactivate. Okta never returns the token nor the admin password, so drift on them cannot be seen: they
 * are kept as given. The Org2Org client id is returned and compared.
 */
import type { DynamicProvider } from "./dynamic";
import { isThreeLegged, PROFILE_KEYS as PROFILE, schemeProblem } from "./apps";
import { asResource, ProvisioningError } from "./errors";
import * as okta from "./okta-api";
import { oktaClient, orgFailures, orgFor } from "./runtime";
import { appIdProblem, checkInputs, UNKNOWN, type CheckFailure } from "./validation";
import { isNotFound, OktaApiError } from "./client";
import { createdHere, recordCreated } from "./created-here";
import { parseImportId } from "./import-id";
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

function label(appId: string): string {
  return `ProvisioningConnection of app ${appId}`;
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

/** Whether the live connection already is what the inputs ask for, as far as Okta lets us see. */
/** Whether Okta's connection has the profile the inputs declare, as far as Okta lets us see. */
function profileMatches(
  inputs: ConnectionInputs,
  live: okta.ConnectionResponse,
  threeLegged: boolean,
): boolean {
  if (live.profile?.authScheme !== inputs.authScheme) return false;
  if (inputs.baseUrl !== undefined && live.baseUrl !== inputs.baseUrl) return false;
  if (inputs.signing && !same(live.profile.signing, inputs.signing)) return false;
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

/** Turns the connection's status into what the inputs ask, with at most one lifecycle call. */
async function settleStatus(inputs: ConnectionInputs, live: okta.ConnectionResponse, threeLegged: boolean) {
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
    return { ...live, status: "ENABLED" as const };
  }
  return live;
}

async function write(inputs: ConnectionInputs, appName: string): Promise<okta.ConnectionResponse> {
  const threeLegged = isThreeLegged(appName, inputs.authScheme);
  const activate = inputs.enabled !== false && !threeLegged;
  const posted = await okta.postConnection(
    oktaClient(inputs.org),
    inputs.appId,
    requestBody(inputs),
    activate,
  );
  return settleStatus(inputs, posted.data, threeLegged);
}

export const connectionProvider: DynamicProvider<ConnectionInputs, ConnectionOutputs> = {
  async check(olds, news) {
    const failures = [
      ...checkInputs("ProvisioningConnection", news as unknown as Record<string, unknown>).map(
        hideSecretValue,
      ),
      ...orgFailures(news.org),
    ];
    const reposted = !olds || PROFILE_KEYS.some((k) => !same(olds[k], news[k]));
    const profileRevision = (olds?.profileRevision ?? 0) + (reposted ? 1 : 0) || 1;
    // Defaults made explicit, so state, refreshed inputs and the program compare like for like in diffs.
    const inputs = { ...withDefaults("ProvisioningConnection", news), profileRevision };
    return { inputs, failures };
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
    return {
      changes: changed.length > 0 || replaces.length > 0,
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
          : await settleStatus(inputs, live, threeLegged).catch((err: unknown) => {
              if (err instanceof OktaApiError && err.status === 400 && live.status !== "ENABLED")
                return write(inputs, appName);
              throw err;
            });
        return { id: inputs.appId, outs: outputsFrom(inputs, appName, settled) };
      }
      return { id: inputs.appId, outs: outputsFrom(inputs, appName, await write(inputs, appName)) };
    });
    recordCreated("ProvisioningConnection", created.id, () => orgFor(inputs.org).url);
    return created;
  },

  async read(id, props) {
    return asResource(label(id), async () => {
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
      if (live.profile?.authScheme === "TOKEN" || live.profile?.authScheme === "OAUTH2") {
        inputs.authScheme = live.profile.authScheme;
      }
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
        : await settleStatus(news, lastKnown(olds), threeLegged).catch((err: unknown) => {
            // Adopted DISABLED and never configured (nothing was written then): activation is refused, so the
            // profile is written now. (Found by the convergence model.)
            if (err instanceof OktaApiError && err.status === 400 && olds.status !== "ENABLED")
              return write(news, appName);
            throw err;
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
      const authScheme = live.profile?.authScheme === "OAUTH2" ? "OAUTH2" : "TOKEN";
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
    await asResource(label(id), async () => {
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
