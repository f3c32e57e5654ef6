/**
 * Part 5, consent attacks: while `pulumi up` waits in an OAuthConsent, a forged state, a replayed code, continue
 * URLs for another app and another org, requests to the loopback page from elsewhere or without its unguessable
 * path, and cross-site posts are each refused; nothing reaches Okta's callback and the connection stays DISABLED.
 * Then the consent's code and state are searched for everywhere but the `pulumi up` output (where the authorize
 * link, and so its state, is shown to the person on purpose).
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { completeConsent } from "../../cli/consent-command";
import { waitingConsents, type WaitingConsent } from "../../provider/consent/rendezvous";
import { appOf, okta, type Emulator } from "../e2e/harness/emulator-helpers";
import { PulumiProject, type CommandResult } from "../e2e/harness/project";
import { reportFigure } from "./harness/figures";
import { filesUnder, findSecrets } from "./harness/secret-search";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "consent");
const CALLBACK = "verifyProvisioningConnectionForApplication";

async function waitForConsent(appId: string): Promise<WaitingConsent> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const [waiting] = waitingConsents(appId);
    if (waiting) return waiting;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no OAuthConsent started waiting for ${appId}`);
}

/**
 * A POST to the loopback page as a browser or a script would send it, over node:http so that every header (Host
 * included, which fetch may not set) is exactly the attacker's. Answers status and body text.
 */
function post(
  url: string,
  continueUrl: string,
  headers: Record<string, string> = {},
  form = false,
): Promise<{ status: number; text: string }> {
  const body = form ? new URLSearchParams({ continueUrl }).toString() : JSON.stringify({ continueUrl });
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": form ? "application/x-www-form-urlencoded" : "application/json",
          accept: "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    // A connection the server cuts (an oversized body) answers status 0.
    req.on("error", () => resolve({ status: 0, text: "" }));
    req.end(body);
  });
}

/** A non-loopback address of this machine, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
}

describe("consent: attacks on a waiting OAuthConsent", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-reliability-"));
  const previousDir = process.env.OKTA_PROVISIONING_CONSENT_DIR;
  const refused: string[] = [];
  const consentSecrets: Record<string, string> = {};
  const upOutputs: CommandResult[] = [];
  const elsewhere: Record<string, string> = {};
  let secretHits = -1;
  let callbacksFromAttacks = -1;

  beforeAll(async () => {
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    emulator = await startEmulator({ orgs: 2, rateLimit: false });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-consent-attacks:googleAppId": appOf(org, "google").id,
      },
      secrets: { "okta:apiToken": org.apiToken },
      env: { OKTA_PROVISIONING_CONSENT_DIR: consentDir, OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1" },
    });
  });

  afterAll(async () => {
    reportFigure(
      "consent",
      `${refused.length} attacks refused, ${callbacksFromAttacks} of them reached Okta's callback, ` +
        `code/state hits outside pulumi up output: ${secretHits}`,
    );
    if (previousDir === undefined) delete process.env.OKTA_PROVISIONING_CONSENT_DIR;
    else process.env.OKTA_PROVISIONING_CONSENT_DIR = previousDir;
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(consentDir, { recursive: true, force: true });
  });

  it("refuses every forged hand-back while waiting, then completes with the real one", async () => {
    const [org, otherOrg] = emulator.orgs;
    const google = appOf(org, "google").id;
    const up = project.pulumi(["up", "--yes", "--skip-preview"]);
    const waiting = await waitForConsent(google);
    const page = waiting.pageUrl;
    const port = new URL(page).port;
    const continueUrl = emulator.approveConsent(waiting.authorizeUrl);
    const genuine = new URL(continueUrl);
    consentSecrets.code = genuine.searchParams.get("code") as string;
    consentSecrets.state = genuine.searchParams.get("state") as string;
    const before = emulator.counters(org.name);
    const answers: string[] = [];

    const expectRefused = async (
      what: string,
      attempt: Promise<{ status: number; text: string }>,
      status: number,
    ) => {
      const { status: got, text } = await attempt;
      answers.push(text);
      expect({ what, status: got }).toEqual({ what, status });
      refused.push(what);
    };
    const forged = (edit: (u: URL) => void) => {
      const u = new URL(continueUrl);
      edit(u);
      return u.toString();
    };

    await expectRefused(
      "forged state",
      post(
        page,
        forged((u) => u.searchParams.set("state", "forged-state-0")),
      ),
      400,
    );
    await expectRefused(
      "no state",
      post(
        page,
        forged((u) => u.searchParams.delete("state")),
      ),
      400,
    );
    await expectRefused(
      "another app",
      post(
        page,
        forged((u) => (u.pathname = u.pathname.replace(google, appOf(org, "slack").id))),
      ),
      400,
    );
    await expectRefused(
      "another app name",
      post(
        page,
        forged((u) => (u.pathname = u.pathname.replace("/google/", "/slack/"))),
      ),
      400,
    );
    await expectRefused(
      "another org",
      post(
        page,
        forged((u) => (u.host = new URL(otherOrg.url).host)),
      ),
      400,
    );
    const otherGoogle = appOf(otherOrg, "google").id;
    await expectRefused(
      "another org's app",
      post(
        page,
        forged((u) => {
          u.host = new URL(otherOrg.url).host;
          u.pathname = u.pathname.replace(google, otherGoogle);
        }),
      ),
      400,
    );
    await expectRefused("not a URL", post(page, "javascript:alert(document.cookie)"), 400);
    await expectRefused(
      "wrong path",
      post(page.replace(/\/consent\/.+$/, "/consent/guessed"), continueUrl),
      404,
    );
    await expectRefused("no path", post(page.replace(/\/consent\/.+$/, "/"), continueUrl), 404);
    await expectRefused("path prefix", post(page.slice(0, -4), continueUrl), 404);
    await expectRefused(
      "cross-site form post",
      post(page, continueUrl, { origin: "https://evil.example" }, true),
      403,
    );
    await expectRefused(
      "cross-site fetch",
      post(page, continueUrl, { "sec-fetch-site": "cross-site" }, true),
      403,
    );
    await expectRefused(
      "text/plain simple request",
      post(page, continueUrl, { "content-type": "text/plain" }),
      415,
    );
    await expectRefused(
      "DNS-rebound Host",
      post(page, continueUrl, { host: `attacker.example:${port}` }),
      403,
    );
    await expectRefused("oversized body", post(page, `${continueUrl}&${"x".repeat(64 * 1024)}`), 0);
    const outside = outsideAddress();
    if (outside) {
      // The page listens on 127.0.0.1 only: from another address there is nothing to connect to.
      const reached = await fetch(page.replace("127.0.0.1", outside)).then(
        () => true,
        () => false,
      );
      expect(reached).toBe(false);
      refused.push("non-loopback address");
    }
    // The CLI refuses a URL for an app nothing waits for, before contacting any page.
    await expect(
      completeConsent(forged((u) => (u.pathname = u.pathname.replace(google, otherGoogle)))),
    ).rejects.toThrow(/no OAuthConsent is waiting/);
    refused.push("CLI: app nothing waits for");

    const after = emulator.counters(org.name);
    const otherAfter = emulator.counters(otherOrg.name);
    callbacksFromAttacks =
      (after.operations[CALLBACK] ?? 0) -
      (before.operations[CALLBACK] ?? 0) +
      (otherAfter.operations[CALLBACK] ?? 0);
    expect(callbacksFromAttacks).toBe(0);
    expect(after.writes).toBe(before.writes);
    expect((await okta(org, "GET", `/api/v1/apps/${google}/connections/default`)).body).toMatchObject({
      status: "DISABLED",
    });
    elsewhere["loopback page answers"] = answers.join("\n");

    expect(await completeConsent(continueUrl)).toMatch(/Consent complete/);
    const result = await up;
    upOutputs.push(result);
    expect(result.code).toBe(0);
    expect((await okta(org, "GET", `/api/v1/apps/${google}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
    });
  });

  it("refuses a replayed code: with its old state before Okta, with the new state at Okta; nothing changes", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    const used = `${org.url}/api/v1/apps/google/${google}/oauth2/callback?code=${consentSecrets.code}&state=${consentSecrets.state}`;
    await project.destroy();
    const up = project.pulumi(["up", "--yes", "--skip-preview"]);
    const waiting = await waitForConsent(google);
    const before = emulator.counters(org.name);

    const stale = await post(waiting.pageUrl, used);
    expect(stale.status).toBe(400);
    expect(stale.text).toMatch(/state/);
    expect((emulator.counters(org.name).operations[CALLBACK] ?? 0) - (before.operations[CALLBACK] ?? 0)).toBe(
      0,
    );
    refused.push("replayed code, old state");

    // Someone who also saw the new authorize link: the state matches, so only Okta can tell the code was used.
    const newState = new URL(waiting.authorizeUrl).searchParams.get("state") as string;
    consentSecrets.state2 = newState;
    const replay = await post(waiting.pageUrl, used.replace(consentSecrets.state, newState));
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/Okta refused/);
    refused.push("replayed code, current state (refused by Okta)");
    expect((await okta(org, "GET", `/api/v1/apps/${google}/connections/default`)).body).toMatchObject({
      status: "DISABLED",
    });
    elsewhere["loopback page answers (replay)"] = stale.text + replay.text;

    const fresh = new URL(emulator.approveConsent(waiting.authorizeUrl));
    consentSecrets.code2 = fresh.searchParams.get("code") as string;
    expect(await completeConsent(fresh.toString())).toMatch(/Consent complete/);
    const result = await up;
    upOutputs.push(result);
    expect(result.code).toBe(0);
  });

  it("keeps the consent's code and state out of state, logs, errors, the request log and files", async () => {
    const org = emulator.orgs[0];
    for (const [label, args] of [
      ["preview", ["preview", "--diff"]],
      ["refresh", ["refresh", "--yes", "--skip-preview"]],
      ["stack export", ["stack", "export"]],
      ["stack output", ["stack", "output", "--json"]],
    ] as const) {
      const r = await project.pulumiOk([...args]);
      elsewhere[`${label} stdout`] = r.stdout;
      elsewhere[`${label} stderr`] = r.stderr;
    }
    elsewhere["emulator request log"] = JSON.stringify(emulator.requestLog());
    Object.assign(elsewhere, filesUnder(path.dirname(project.dir)), filesUnder(consentDir));
    const hits = findSecrets(consentSecrets, elsewhere);
    secretHits = hits.length;
    expect(hits).toEqual([]);
    // The codes are never shown at all, not even in the `pulumi up` output.
    const upText = Object.fromEntries(upOutputs.map((r, i) => [`up ${i}`, r.stdout + r.stderr]));
    expect(findSecrets({ code: consentSecrets.code, code2: consentSecrets.code2 }, upText)).toEqual([]);
    expect(waitingConsents()).toEqual([]);
    expect(org.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
