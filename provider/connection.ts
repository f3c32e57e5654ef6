/**
 * ProvisioningConnection: the app's default provisioning connection. id = appId.
 * create/update = one POST (with `?activate=TRUE` when it can activate in the same call); read = one GET;
 * delete = deactivate. Okta never returns the token (nor the admin password or the Org2Org client id), so drift
 * on them cannot be seen: they are kept as given.
 */
import type { DynamicProvider } from "./dynamic";
import { isThreeLegged, schemeProblem } from "./apps";
import { asResource, ProvisioningError } from "./errors";
import * as okta from "./okta-api";
import { oktaClient, orgFailures } from "./runtime";
import { checkInputs, type CheckFailure } from "./validation";
import { isNotFound } from "./client";

export interface ConnectionInputs {
  appId: string;
  appName?: string;
  authScheme: okta.AuthScheme;
  token?: string;
  baseUrl?: string;
  clientId?: string;
  signing?: { rotationMode: "AUTO" | "MANUAL" };
  settings?: { adminUsername: string; adminPassword: string };
  enabled?: boolean;
  adopt?: boolean;
  org?: string;
}

export interface ConnectionOutputs extends ConnectionInputs {
  appName: string;
  status: okta.ConnectionStatus;
  authorizeUrl?: string;
}

/** The inputs that make up the POSTed profile: a change to any of them is one POST. */
const PROFILE_KEYS = ["authScheme", "token", "baseUrl", "clientId", "signing", "settings"] as const;
const INPUT_KEYS = [...PROFILE_KEYS, "appId", "appName", "enabled", "adopt", "org"] as const;

/**
 * The engine prints a failed property's value next to the failure unless it came from encrypted config; a token made
 * secret in the program (`pulumi.secret(...)`) would be shown. Name secret properties in the reason instead.
 */
function hideSecretValue(failure: CheckFailure): CheckFailure {
  const secret = failure.property === "token" || failure.property.startsWith("settings");
  return secret ? { property: "", reason: `${failure.property}: ${failure.reason}` } : failure;
}

function label(appId: string): string {
  return `ProvisioningConnection of app ${appId}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function requestBody(inputs: ConnectionInputs): okta.ConnectionRequest {
  return {
    ...(inputs.baseUrl ? { baseUrl: inputs.baseUrl } : {}),
    profile: {
      authScheme: inputs.authScheme,
      ...(inputs.token !== undefined ? { token: inputs.token } : {}),
      ...(inputs.clientId !== undefined ? { clientId: inputs.clientId } : {}),
      ...(inputs.signing ? { signing: inputs.signing } : {}),
      ...(inputs.settings ? { settings: inputs.settings } : {}),
    },
  };
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
function matchesLive(inputs: ConnectionInputs, live: okta.ConnectionResponse, threeLegged: boolean): boolean {
  if (live.profile?.authScheme !== inputs.authScheme) return false;
  if (inputs.baseUrl !== undefined && live.baseUrl !== inputs.baseUrl) return false;
  if (inputs.signing && !same(live.profile.signing, inputs.signing)) return false;
  return threeLegged || (live.status === "ENABLED") === (inputs.enabled !== false);
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
  if (!wantEnabled && live.status === "ENABLED") {
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
  async check(_olds, news) {
    const failures = [
      ...checkInputs("ProvisioningConnection", news as unknown as Record<string, unknown>).map(
        hideSecretValue,
      ),
      ...orgFailures(news.org),
    ];
    // Defaults made explicit, so state, refreshed inputs and the program compare like for like in diffs.
    return { inputs: { ...news, enabled: news.enabled ?? true, adopt: news.adopt ?? false }, failures };
  },

  async diff(_id, olds, news) {
    const replaces = ["appId", "org"].filter(
      (k) => !same(olds[k as "appId"] || undefined, news[k as "appId"] || undefined),
    );
    const changed = INPUT_KEYS.filter((k) => k !== "adopt" && k !== "appName").filter((k) => {
      if (k === "enabled") return (olds.enabled !== false) !== (news.enabled !== false);
      return !same(olds[k], news[k]);
    });
    return { changes: changed.length > 0 || replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    return asResource(label(inputs.appId), async () => {
      const appName = await resolveAppName(inputs);
      const problem = schemeProblem(appName, inputs.authScheme);
      if (problem) throw new ProvisioningError(`${label(inputs.appId)}: ${problem}. Nothing was changed.`);
      const threeLegged = isThreeLegged(appName, inputs.authScheme);
      if (inputs.adopt) {
        const live = (await okta.getConnection(oktaClient(inputs.org), inputs.appId)).data;
        if (matchesLive(inputs, live, threeLegged))
          return { id: inputs.appId, outs: outputsFrom(inputs, appName, live) };
        const profileDiffers = !matchesLive({ ...inputs, enabled: live.status === "ENABLED" }, live, true);
        const settled = profileDiffers
          ? await write(inputs, appName)
          : await settleStatus(inputs, live, threeLegged);
        return { id: inputs.appId, outs: outputsFrom(inputs, appName, settled) };
      }
      return { id: inputs.appId, outs: outputsFrom(inputs, appName, await write(inputs, appName)) };
    });
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
        : await settleStatus(news, lastKnown(olds), threeLegged);
      return { outs: outputsFrom(news, appName, live) };
    });
  },

  async delete(id, props) {
    await asResource(label(id), async () => {
      try {
        await okta.deactivateConnection(oktaClient(props.org), id);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  },
};
