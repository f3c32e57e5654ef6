/**
 * `okta-provisioning consent`: hands a continue URL to the OAuthConsent waiting in a `pulumi up` on this machine.
 * It needs no Okta credentials: the waiting resource checks the URL and completes the consent itself.
 */
import { Command } from "commander";
import {
  isLoopbackPageUrl,
  RendezvousError,
  waitingConsents,
  type WaitingConsent,
} from "../provider/consent/rendezvous";
import { CliError } from "./errors";

const CALLBACK_PATH = /^\/api\/v1\/apps\/[^/]+\/(0oa[A-Za-z0-9]{17})\/oauth2\/callback$/;

export async function completeConsent(continueUrl: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(continueUrl.trim());
  } catch {
    throw new CliError("that is not a URL: pass the whole continue_oauth_flow_url href, in quotes");
  }
  const appId = CALLBACK_PATH.exec(url.pathname)?.[1];
  if (!appId)
    throw new CliError(
      "that is not an Okta OAuth callback URL (…/api/v1/apps/<appName>/<appId>/oauth2/callback?code=…&state=…)",
    );
  const [waiting] = listWaiting(appId);
  if (!waiting) {
    throw new CliError(
      `no OAuthConsent is waiting for app ${appId} on this machine: is its \`pulumi up\` running here?`,
    );
  }
  // waitingConsents lists only loopback pages; checked again here, where the POST is made, so that nothing else
  // (a URL a planted file names) can ever receive the continue URL.
  if (!isLoopbackPageUrl(waiting.pageUrl))
    throw new CliError(`the waiting consent of app ${appId} names a page that is not its loopback page`);
  let response: Response;
  try {
    response = await fetch(waiting.pageUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ continueUrl }),
      // A redirect would re-send the continue URL elsewhere.
      redirect: "error",
    });
  } catch {
    throw new CliError(
      `the OAuthConsent of app ${appId} did not answer on its loopback page: did its \`pulumi up\` just end?`,
    );
  }
  const result = (await response.json().catch(() => undefined)) as
    { ok?: boolean; message?: string } | undefined;
  if (typeof result?.message !== "string")
    throw new CliError(`the OAuthConsent of app ${appId} answered ${response.status} without a result`);
  if (!result.ok) throw new CliError(result.message);
  return result.message;
}

/** The waiting consents, with an unsafe hand-off directory as a one-line CLI error. */
function listWaiting(appId?: string): WaitingConsent[] {
  try {
    return waitingConsents(appId);
  } catch (err) {
    if (err instanceof RendezvousError) throw new CliError(err.message);
    throw err;
  }
}

export function consentCommand(): Command {
  const consent = new Command("consent").description(
    "complete an OAuthConsent that a `pulumi up` on this machine waits for",
  );
  consent
    .command("complete")
    .argument("<continue-url>", "the continue_oauth_flow_url href Okta showed after you allowed access")
    .description(
      "hand the continue URL to the waiting OAuthConsent, which checks it and completes the consent",
    )
    .action(async (continueUrl: string) => {
      console.log(await completeConsent(continueUrl));
    });
  consent
    .command("list")
    .description("list the consents waiting on this machine")
    .action(() => {
      const waiting = listWaiting();
      if (waiting.length === 0) console.log("No OAuthConsent is waiting on this machine.");
      for (const w of waiting) {
        const left = Math.max(0, Math.round((Date.parse(w.expiresAt) - Date.now()) / 1000));
        console.log(
          `${w.appId} (${w.appName}) at ${w.orgUrl}: ${left}s left\n  authorize: ${w.authorizeUrl}\n  page:      ${w.pageUrl}`,
        );
      }
    });
  return consent;
}
