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
      "The authorization code is invalid, already used, or was issued for another state or app.",
    );
  }
  c.consentCode = undefined;
  c.consentGranted = true;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function authorizePage(appLabel: string, action: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(appLabel)} – authorize Okta</title></head>
<body>
<h1>${escapeHtml(appLabel)} (emulated)</h1>
<p>Okta asks to manage users in ${escapeHtml(appLabel)} for provisioning.</p>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</body></html>
`;
}
