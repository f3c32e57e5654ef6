/**
 * The continue URL that Okta issues after a person consents in the third party
 * (`<org>/api/v1/apps/<appName>/<appId>/oauth2/callback?code=…&state=…`). It is checked before anything is POSTed:
 * a URL for another org or app, or with a state other than the one our authorize link carried, is refused.
 */
export interface ExpectedCallback {
  orgUrl: string;
  appName: string;
  appId: string;
  /** The `state` of the authorize link this consent is waiting on. */
  state: string;
}

export type ContinueUrlCheck =
  { ok: true; code: string; state: string } | { ok: false; denied?: boolean; reason: string };

export function stateOf(authorizeUrl: string): string | undefined {
  try {
    return new URL(authorizeUrl).searchParams.get("state") ?? undefined;
  } catch {
    return undefined;
  }
}

export function checkContinueUrl(text: string, expected: ExpectedCallback): ContinueUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, reason: "that is not a URL; paste the whole continue_oauth_flow_url href" };
  }
  if (url.origin !== new URL(expected.orgUrl).origin) {
    return {
      ok: false,
      reason: `the URL is for ${url.origin}, not this stack's Okta org ${new URL(expected.orgUrl).origin}`,
    };
  }
  const path = `/api/v1/apps/${expected.appName}/${expected.appId}/oauth2/callback`;
  if (url.pathname !== path) {
    return {
      ok: false,
      reason: `the URL is not the OAuth callback of app ${expected.appId} (${expected.appName})`,
    };
  }
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  if (state !== expected.state) {
    return { ok: false, reason: "the URL's state is not the one of the authorize link this update issued" };
  }
  // A denial ends the wait only when it is this org's callback for this authorize link: an `error=` on any other
  // URL would let anyone who can reach the page cancel the consent.
  const error = url.searchParams.get("error");
  if (error) {
    return {
      ok: false,
      denied: true,
      reason: `the authorization was denied in the third party (${error.slice(0, 80)})`,
    };
  }
  if (!code) return { ok: false, reason: "the URL has no code" };
  return { ok: true, code, state };
}
