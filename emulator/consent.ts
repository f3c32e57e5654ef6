/**
 * The three-legged consent flow. The emulator plays the third party (Google, Microsoft, Slack, Zoom) on the org's
 * own port: its authorize page, on Allow, issues a one-time code bound to the state of the authorize link and
 * answers Okta's `continue_oauth_flow_url`; the callback then redeems the code once, with its own state only.
 */
import type { OrgContext } from "./context";
import { validationFailed } from "./errors";
import { opaqueSecret } from "./ids";
import type { AppRecord } from "./store";

export class ConsentError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

function appAwaitingConsent(ctx: OrgContext, appName: string, state: string | undefined): AppRecord {
  const app = state
    ? // A granted connection can be authorized again with its current link (the Admin Console's "Re-authenticate"):
      // each Allow issues a new single-use code. A re-POSTed profile replaces the link, and the old one is void.
      ctx.org.apps.find((a) => a.name === appName && a.connection?.consentState === state)
    : undefined;
  if (!app) throw new ConsentError("invalid_request", "This authorization request is unknown or expired.");
  return app;
}

/** Whether the authorize link of `state` still waits for a decision (what its page shows depends on it). */
export function checkAwaiting(ctx: OrgContext, appName: string, state: string | undefined): void {
  appAwaitingConsent(ctx, appName, state);
}

/**
 * Where the third party sends a person who pressed Deny: Okta's callback with `error=access_denied` and the state,
 * which Okta turns into a continue URL that reports the refusal. Nothing is recorded: the consent stays pending.
 */
export function deniedContinueUrl(ctx: OrgContext, appName: string, state: string | undefined): string {
  const app = appAwaitingConsent(ctx, appName, state);
  const q = new URLSearchParams({
    error: "access_denied",
    error_description: "The resource owner denied the request.",
    state: state!,
  });
  return `${ctx.url}/api/v1/apps/${app.name}/${app.id}/oauth2/callback?${q.toString()}`;
}

/** What pressing Allow or Deny does; Allow answers the continue URL. */
export function decideConsent(
  ctx: OrgContext,
  appName: string,
  state: string | undefined,
  decision: string,
): { continue_oauth_flow_url: { href: string; method: "POST" } } {
  const app = appAwaitingConsent(ctx, appName, state);
  if (decision === "deny") throw new ConsentError("access_denied", "The resource owner denied the request.");
  if (decision !== "allow") throw new ConsentError("invalid_request", 'decision must be "allow" or "deny".');
  const code = opaqueSecret(18);
  app.connection!.consentCode = code;
  ctx.store.changed();
  const q = new URLSearchParams({ code, state: state! });
  return {
    continue_oauth_flow_url: {
      href: `${ctx.url}/api/v1/apps/${app.name}/${app.id}/oauth2/callback?${q.toString()}`,
      method: "POST",
    },
  };
}

/** The callback: the code is spent on first use, and only with the state it was issued for. */
export function redeemConsent(app: AppRecord, appName: string, code: unknown, state: unknown): void {
  const c = app.connection;
  const ok =
    app.name === appName &&
    c?.authScheme === "OAUTH2" &&
    typeof code === "string" &&
    typeof state === "string" &&
    c.consentCode !== undefined &&
    c.consentCode === code &&
    c.consentState === state;
  if (!ok) {
    throw validationFailed(
      "callback",
      "The authorization code is invalid, already used, or was issued for another state or app.",
    );
  }
  c.consentCode = undefined;
  c.consentGranted = true;
}
