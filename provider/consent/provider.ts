/**
 * OAuthConsent: waits, inside `pulumi up`, for a person to authorize a three-legged OAuth connection (Google
 * Workspace, Microsoft 365, Slack, Zoom) in the third party, then completes it: the continue URL Okta issues is
 * handed back (on the loopback page or with `okta-provisioning consent complete`), checked, POSTed to Okta's
 * callback, and the connection activated. A consent finished elsewhere is noticed by polling the connection.
 * On timeout or denial it fails having changed nothing; `pulumi up` again resumes.
 */
import type { DynamicProvider } from "../dynamic";
import { isNotFound } from "../client";
import { asResource, ProvisioningError } from "../errors";
import { asSavedConfigResource } from "../saved-config";
import { lookedUp, lookupId, parseImportId } from "../import-id";
import * as okta from "../okta-api";
import { abandonedBecause, operationSignal, say } from "../operation";
import { oktaClient, orgFailures, orgFor, stackConfigValue } from "../runtime";
import { replacedInputs, withDefaults } from "../replaces";
import { INPUT_DEFAULTS } from "../schema-tables";
import type { OAuthConsentInputs, OAuthConsentOutputs } from "../schema-types";
import { checkInputs, forEngine, UNKNOWN } from "../validation";
import { checkOrgBeforeChange } from "../preflight";
import { OPEN_BROWSER_CONFIG, openConsentPage } from "./browser-opener";
import { checkContinueUrl, stateOf } from "./continue-url";
import { startLoopbackPage, type SubmitResult } from "./loopback-page";
import { announce, redirectPage, RendezvousError } from "./rendezvous";
import { activationRefusal, ConsentWait, isTransient, oneLine } from "./wait";

export type ConsentInputs = OAuthConsentInputs;

export type ConsentOutputs = ConsentInputs & Pick<OAuthConsentOutputs, "status" | "authorizedAt">;

const DEFAULT_TIMEOUT_SECONDS = INPUT_DEFAULTS.OAuthConsent.timeoutSeconds;

function label(appId: string): string {
  return `OAuthConsent of app ${appId}`;
}

function pollMs(): number {
  return Number(process.env.OKTA_PROVISIONING_CONSENT_POLL_SECONDS ?? 15) * 1000;
}

function timeLeft(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** Blocks until the connection of `inputs.appId` is authorized (and activated), or fails. */
async function awaitConsent(inputs: ConsentInputs, authorizedBefore?: string): Promise<ConsentOutputs> {
  const client = oktaClient(inputs.org);
  const orgUrl = orgFor(inputs.org).url;
  const live = (await okta.getConnection(client, inputs.appId)).data;
  if (live.status === "ENABLED") {
    return { ...inputs, status: "ENABLED", authorizedAt: authorizedBefore ?? new Date().toISOString() };
  }
  if (authorizedBefore && inputs.activate !== false) {
    // Authorized by this resource before and deactivated since: Okta may still hold the grant, and then
    // activation alone repairs it. Refused means the grant was revoked: wait for a new consent.
    try {
      await okta.activateConnection(client, inputs.appId);
      return { ...inputs, status: "ENABLED", authorizedAt: authorizedBefore };
    } catch {
      say(
        `OAuthConsent: app ${inputs.appId} could not be re-activated; its authorization must be given again.`,
      );
    }
  }
  const authorizeUrl = live._links?.authorize?.href;
  const state = authorizeUrl ? stateOf(authorizeUrl) : undefined;
  if (!authorizeUrl || !state) {
    throw new ProvisioningError(
      `${label(inputs.appId)}: the app's connection offers no authorize link. Declare its ProvisioningConnection ` +
        `with authScheme "OAUTH2" and pass it as this consent's \`connection\`.`,
    );
  }
  const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const deadline = Date.now() + timeoutMs;
  const wait = new ConsentWait();
  // The door abandons the operation (the native plugin's Cancel, a resource's customTimeouts): stop waiting.
  const signal = operationSignal();
  const abandon = () => wait.settle({ aborted: abandonedBecause(signal) ?? "cancelled" });
  if (signal?.aborted) abandon();
  signal?.addEventListener("abort", abandon, { once: true });
  const stopped = (why: string) =>
    new ProvisioningError(
      `${label(inputs.appId)}: ${why} while waiting for the authorization. ` +
        "Nothing was changed; run `pulumi up` again to resume.",
    );
  const activate = inputs.activate !== false;
  /** Set once Okta accepted the callback: the code is spent, so only the activation is left to retry. */
  let authorizedAt: string | undefined;
  let activated = false;
  let activationError: unknown;

  /** One activation attempt after the callback; a refusal Okta will repeat ends the wait. */
  const tryActivation = async (): Promise<boolean> => {
    try {
      await okta.activateConnection(client, inputs.appId);
      activated = true;
      wait.settle({ done: true });
      return true;
    } catch (err) {
      activationError = err;
      if (!isTransient(err)) wait.settle({ activationRefused: err });
      return false;
    }
  };

  const onSubmit = async (continueUrl: string): Promise<SubmitResult> => {
    if (authorizedAt) {
      return {
        ok: true,
        message: activated || !activate ? "This consent is already complete." : "Already authorized.",
      };
    }
    const check = checkContinueUrl(continueUrl, {
      orgUrl,
      appName: inputs.appName,
      appId: inputs.appId,
      state,
    });
    if (!check.ok) {
      if (check.denied) wait.settle({ denied: check.reason });
      return {
        ok: false,
        outcome: check.denied ? "denied" : "refused",
        message: `Not accepted: ${check.reason}.`,
      };
    }
    try {
      await okta.postOAuthCallback(client, inputs.appName, inputs.appId, check.code, check.state);
    } catch (err) {
      return { ok: false, message: `Okta refused the continue URL: ${(err as Error).message}` };
    }
    authorizedAt = new Date().toISOString();
    if (!activate) {
      wait.settle({ done: true });
    } else if (!(await tryActivation())) {
      if (!isTransient(activationError))
        return {
          ok: false,
          outcome: "failed",
          message: `Authorized, but ${activationRefusal(activationError)}`,
        };
      say(
        `OAuthConsent: app ${inputs.appId} authorized; activating its connection failed for now, retrying.`,
      );
      return {
        ok: true,
        message:
          `Authorized. Activating the provisioning connection of app ${inputs.appId} failed for now ` +
          `(${oneLine(activationError)}); the waiting update retries it: nothing more to do here.`,
      };
    }
    return {
      ok: true,
      message: `Consent complete: the provisioning connection of app ${inputs.appId} is authorized.`,
    };
  };

  // A hand-back that ends the wait must still get its answer: the page closes only after it was written.
  let answering: Promise<unknown> = Promise.resolve();
  const loopback = await startLoopbackPage(
    { appId: inputs.appId, appName: inputs.appName, orgUrl, authorizeUrl, deadline },
    (continueUrl) => {
      const result = onSubmit(continueUrl);
      answering = result.then(() => new Promise((resolve) => setImmediate(resolve)));
      return result;
    },
  );
  let withdraw: () => void = () => undefined;
  let removeRedirect: () => void = () => undefined;
  const stopOnSignal = wait.onSignals(() => {
    withdraw();
    removeRedirect();
  });
  try {
    withdraw = announce({
      appId: inputs.appId,
      appName: inputs.appName,
      orgUrl,
      authorizeUrl,
      pageUrl: loopback.url,
      expiresAt: new Date(deadline).toISOString(),
    });
    say(`OAuthConsent: app ${inputs.appId} (${inputs.appName}) needs a person to authorize provisioning.`);
    say(`  1. Open ${authorizeUrl}`);
    say(`  2. Allow access, then hand back the continue URL Okta shows: paste it at ${loopback.url}`);
    say(`     or run: okta-provisioning consent complete   (it asks for the URL)`);
    say(`  (or finish the consent in the Admin Console: this update notices.) ${timeLeft(timeoutMs)} left.`);
    // The browser gets a file that redirects to the page: the page's URL is a secret, and a command's arguments are not.
    const redirect = redirectPage(inputs.appId, loopback.url);
    removeRedirect = redirect.remove;
    const opened = await openConsentPage(redirect.fileUrl, stackConfigValue(OPEN_BROWSER_CONFIG));
    if (opened) say(opened);
    let lastAnnounced = Date.now();
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const result = await wait.next(Math.min(pollMs(), left));
      if (result !== "tick") {
        if ("cancelled" in result) throw stopped(`cancelled (${result.cancelled})`);
        if ("aborted" in result) throw stopped(result.aborted);
        if ("denied" in result) {
          throw new ProvisioningError(
            `${label(inputs.appId)}: ${result.denied}. Nothing was changed. Run \`pulumi up\` again to retry; ` +
              `authorize at ${authorizeUrl}`,
          );
        }
        if ("activationRefused" in result) {
          throw new ProvisioningError(
            `${label(inputs.appId)}: authorized, but ${activationRefusal(result.activationRefused)}`,
          );
        }
        say(`OAuthConsent: app ${inputs.appId} authorized.`);
        return { ...inputs, status: activate ? "ENABLED" : "DISABLED", authorizedAt: authorizedAt! };
      }
      // Authorized, and the activation after it failed: retry it (the code is spent; no new consent is needed).
      if (authorizedAt && activate && !activated) {
        if (await tryActivation()) continue;
      }
      // Finished elsewhere (the Admin Console, or someone POSTed the callback and activated)?
      const now = (await okta.getConnection(client, inputs.appId)).data;
      if (now.status === "ENABLED") {
        say(`OAuthConsent: app ${inputs.appId} was authorized elsewhere.`);
        return { ...inputs, status: "ENABLED", authorizedAt: authorizedAt ?? new Date().toISOString() };
      }
      if (!authorizedAt && Date.now() - lastAnnounced >= 55_000) {
        say(
          `OAuthConsent: still waiting for app ${inputs.appId}: ${timeLeft(deadline - Date.now())} left. Open ${authorizeUrl}`,
        );
        lastAnnounced = Date.now();
      }
    }
    if (authorizedAt) {
      throw new ProvisioningError(
        `${label(inputs.appId)}: authorized at ${authorizedAt}, but activating the connection kept failing until ` +
          `the timeout (${oneLine(activationError)}). Activate it in the Admin Console, or run \`pulumi up\` again ` +
          "(it asks for a new authorization).",
      );
    }
    throw new ProvisioningError(
      `${label(inputs.appId)}: timed out after ${inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS}s waiting for ` +
        `the authorization. Nothing was changed. Authorize at ${authorizeUrl} and run \`pulumi up\` again to resume ` +
        `(raise timeoutSeconds to wait longer).`,
    );
  } catch (err) {
    if (err instanceof RendezvousError) throw new ProvisioningError(`${label(inputs.appId)}: ${err.message}`);
    // A poll of Okta abandoned on the signal: the wait ends as if it had been waiting.
    const why = abandonedBecause(signal);
    if (why && !(err instanceof ProvisioningError)) throw stopped(why);
    throw err;
  } finally {
    signal?.removeEventListener("abort", abandon);
    stopOnSignal();
    withdraw();
    removeRedirect();
    await answering;
    await loopback.close();
  }
}

/** The connection re-posted its profile since this consent was given (state written before this had none). */
function grantVoided(olds: ConsentOutputs, news: ConsentInputs): boolean {
  return olds.profileRevision !== undefined && olds.profileRevision !== news.profileRevision;
}

export const consentProvider: DynamicProvider<ConsentInputs, ConsentOutputs> = {
  async check(olds, news) {
    const failures = [
      ...checkInputs("OAuthConsent", news as unknown as Record<string, unknown>),
      ...orgFailures(news.org),
    ];
    if (!olds?.appId && failures.length === 0) await checkOrgBeforeChange(news.org, "OAuthConsent");
    return { inputs: withDefaults("OAuthConsent", news), failures: failures.map(forEngine) };
  },

  async diff(_id, olds, news) {
    // appName follows appId; another alias of the same org is the same consent.
    const replaces = replacedInputs("OAuthConsent", olds, news, ["appName"]);
    const moved = (olds.org || undefined) !== (news.org || undefined);
    // A revoked or deactivated authorization (seen by refresh) is repaired by waiting for consent again.
    const lapsed = news.activate !== false && olds.status !== "ENABLED";
    const diffs = [
      ...replaces,
      ...(moved && !replaces.includes("org") ? ["org"] : []),
      ...(lapsed ? ["status"] : []),
      ...(olds.activate !== news.activate ? ["activate"] : []),
      ...(grantVoided(olds, news) ? ["profileRevision"] : []),
    ];
    if (diffs.length > 0) await checkOrgBeforeChange(news.org, label(news.appId));
    // Its replacement keeps the app unless appId changed: the same waiting consent, never two at once.
    return { changes: diffs.length > 0, replaces, diffs, deleteBeforeReplace: !replaces.includes("appId") };
  },

  preview(olds, news) {
    const unknown = UNKNOWN as unknown as ConsentOutputs["status"];
    if (!olds) return { ...news, status: unknown, authorizedAt: UNKNOWN };
    // As update decides: left to the connection (the live status is read), already authorized, or a wait.
    if (news.activate === false) return { ...news, status: unknown, authorizedAt: olds.authorizedAt };
    if (olds.status === "ENABLED" && !grantVoided(olds, news))
      return { ...news, status: olds.status, authorizedAt: olds.authorizedAt };
    return { ...news, status: unknown, authorizedAt: UNKNOWN };
  },

  async create(inputs) {
    return asResource(label(inputs.appId), async () => ({
      id: inputs.appId,
      outs: await awaitConsent(inputs),
    }));
  },

  async read(id, props) {
    if (lookedUp(props)) return consentProvider.import!(lookupId(id, props));
    return asSavedConfigResource(label(id), async () => {
      let live: okta.ConnectionResponse;
      try {
        live = (await okta.getConnection(oktaClient(props.org), id)).data;
      } catch (err) {
        // The app was deleted: its consent is gone with it, and Pulumi drops it from the stack.
        if (isNotFound(err)) return { id: "", props: {} };
        throw err;
      }
      return { id, props: { ...props, status: live.status } };
    });
  },

  async update(_id, olds, news) {
    return asResource(label(news.appId), async () => {
      if (news.activate === false) {
        // Left to the connection (`enabled: false`): record what Okta has now.
        const live = (await okta.getConnection(oktaClient(news.org), news.appId)).data;
        return { outs: { ...news, status: live.status, authorizedAt: olds.authorizedAt } };
      }
      // The new inputs, not the old ones under them: an input the program dropped (an org alias) is gone.
      if (olds.status === "ENABLED" && !grantVoided(olds, news))
        return { outs: { ...news, status: olds.status, authorizedAt: olds.authorizedAt } };
      return { outs: await awaitConsent(news, olds.authorizedAt) };
    });
  },

  async import(importId) {
    return asResource(label(importId), async () => {
      const { org, id } = parseImportId(importId);
      const live = (await okta.getConnection(oktaClient(org), id)).data;
      const appName = (await okta.getApp(oktaClient(org), id)).data.name;
      const inputs: ConsentInputs = {
        appId: id,
        appName,
        ...(org ? { org } : {}),
      };
      const props = { ...withDefaults("OAuthConsent", inputs), status: live.status };
      return { id, props, inputs };
    });
  },

  // Okta has no API to revoke the third party's grant; the connection's own delete deactivates it.
  async delete() {},
};
