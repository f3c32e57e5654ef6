/**
 * `okta-provisioning consent`: hands a continue URL to the OAuthConsent waiting in a `pulumi up` on this machine.
 * It needs no Okta credentials: the waiting resource checks the URL and completes the consent itself.
 */
import * as readline from "node:readline";
import { Command } from "commander";
import { printable } from "../provider/client";
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
    throw new CliError("that is not a URL: paste the whole continue_oauth_flow_url href");
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

/** A continue URL is a few hundred characters; anything this long is not one. */
const MAX_INPUT = 64 * 1024;

/** The whole of standard input (a pipe or a file), trimmed; refused past MAX_INPUT. */
async function readPiped(input: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += chunk.toString();
    if (text.length > MAX_INPUT) throw new CliError("standard input is too long to be a continue URL");
  }
  return text.trim();
}

/** One line typed at the terminal, after a prompt on stderr (stdout stays the command's result). */
function prompt(input: NodeJS.ReadableStream, question: string): Promise<string> {
  const rl = readline.createInterface({ input, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}

/**
 * The continue URL, from standard input: typed (or pasted) after a prompt at a terminal, else piped. Never from the
 * command line: a command's arguments are readable by every user of the machine (`ps`, /proc/PID/cmdline) and stay
 * in the shell's history, and with the URL's code and state someone could finish or spoil the consent.
 */
export async function readContinueUrl(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<string> {
  const url = input.isTTY
    ? await prompt(input, "Paste the continue URL Okta showed (continue_oauth_flow_url), then Enter:\n")
    : await readPiped(input);
  if (!url)
    throw new CliError(
      "no continue URL: paste it when `okta-provisioning consent complete` asks, or pipe it in " +
        "(e.g. `xclip -o | okta-provisioning consent complete`)",
    );
  return url;
}

export const ON_COMMAND_LINE =
  "the continue URL was given on the command line, where every user of this machine can read it (ps, " +
  "/proc/PID/cmdline) and your shell keeps it in its history; it was not used. Run `okta-provisioning consent " +
  "complete` without it and paste the URL when asked (or pipe it in on standard input); the same URL still works";

export function consentCommand(): Command {
  const consent = new Command("consent").description(
    "complete an OAuthConsent that a `pulumi up` on this machine waits for",
  );
  consent
    .command("complete")
    // Still declared so that the old form gets its reason and the fix instead of "too many arguments".
    .argument("[continue-url]", "refused: the URL is read from standard input (see below)")
    .description(
      "hand the continue URL Okta showed (read from standard input: pasted at the prompt or piped) to the " +
        "waiting OAuthConsent, which checks it and completes the consent",
    )
    .action(async (onCommandLine: string | undefined) => {
      if (onCommandLine !== undefined) throw new CliError(ON_COMMAND_LINE);
      console.log(printable(await completeConsent(await readContinueUrl())));
    });
  consent
    .command("list")
    .description("list the consents waiting on this machine")
    .action(() => {
      const waiting = listWaiting();
      if (waiting.length === 0) console.log("No OAuthConsent is waiting on this machine.");
      for (const w of waiting) {
        const left = Math.max(0, Math.round((Date.parse(w.expiresAt) - Date.now()) / 1000));
        for (const line of [
          `${w.appId} (${w.appName}) at ${w.orgUrl}: ${left}s left`,
          `  authorize: ${w.authorizeUrl}`,
          `  page:      ${w.pageUrl}`,
        ])
          console.log(printable(line));
      }
    });
  return consent;
}
