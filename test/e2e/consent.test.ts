import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { completeConsent } from "../../cli/consent-command";
import { waitingConsents, type WaitingConsent } from "../../provider/consent/rendezvous";
import { appOf, okta, snapshot, writesSince, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject } from "./harness/project";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "consent");

async function waitForConsent(appId: string, timeoutMs = 120_000): Promise<WaitingConsent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [waiting] = waitingConsents(appId);
    if (waiting) return waiting;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no OAuthConsent started waiting for ${appId}`);
}

/** What the Google admin does: press Allow on the (emulated) third-party page; Okta then shows the continue URL. */
async function pressAllow(authorizeUrl: string): Promise<string> {
  const res = await fetch(authorizeUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "decision=allow",
  });
  const body = (await res.json()) as { continue_oauth_flow_url: { href: string } };
  return body.continue_oauth_flow_url.href;
}

describe("OAuthConsent on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-e2e-"));

  beforeAll(async () => {
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-consent:googleAppId": appOf(org, "google").id,
      },
      secrets: { "okta:apiToken": org.apiToken },
      env: { OKTA_PROVISIONING_CONSENT_DIR: consentDir, OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1" },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(consentDir, { recursive: true, force: true });
  });

  it("times out when nobody authorizes, with the URL and how to resume, having changed nothing", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    await project.setConfig("okta-provisioning-consent:timeoutSeconds", "3");
    const result = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/timed out after 3s waiting for the authorization/);
    expect(output).toMatch(/__thirdparty\/google\/authorize/);
    expect(output).toMatch(/run `pulumi up` again to resume/);
    const connection = await okta(org, "GET", `/api/v1/apps/${google}/connections/default`);
    expect(connection.body).toMatchObject({ status: "DISABLED" });
    expect(waitingConsents(google)).toEqual([]);
  });

  it("blocks pulumi up until the continue URL is handed back, then completes and activates", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    await project.setConfig("okta-provisioning-consent:timeoutSeconds", "120");
    const up = project.pulumi(["up", "--yes", "--skip-preview"]);
    const waiting = await waitForConsent(google);
    expect(waiting.pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/consent\/[A-Za-z0-9_-]{32}$/);

    // A continue URL for another app is refused, and nothing is POSTed to Okta.
    const mark = snapshot(emulator);
    const continueUrl = await pressAllow(waiting.authorizeUrl);
    await expect(completeConsent(continueUrl.replace(google, appOf(org, "slack").id))).rejects.toThrow(
      /no OAuthConsent is waiting/,
    );
    const forged = new URL(continueUrl);
    forged.searchParams.set("state", "forged");
    await expect(completeConsent(forged.toString())).rejects.toThrow(/state/);
    expect(writesSince(emulator, mark)).toBe(0);

    expect(await completeConsent(continueUrl)).toMatch(/Consent complete/);
    const result = await up;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/okta-provisioning consent complete/);
    expect(result.stdout).toMatch(/left/);
    const outputs = await project.outputs();
    expect(outputs).toMatchObject({ consentStatus: "ENABLED", pushStatus: "ENABLED" });
    expect(waitingConsents(google)).toEqual([]);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("reports a deactivated connection as drift, and repairs it", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    await okta(org, "POST", `/api/v1/apps/${google}/connections/default/lifecycle/deactivate`);
    await project.refresh();
    const resources = await project.resources();
    expect(resources.find((r) => r.urn.endsWith("::google-consent"))?.outputs?.status).toBe("DISABLED");
    const preview = await project.previewJson();
    expect(preview.steps?.find((s) => s.urn.endsWith("::google-consent"))?.op).toBe("update");
    await project.up();
    const connection = await okta(org, "GET", `/api/v1/apps/${google}/connections/default`);
    expect(connection.body).toMatchObject({ status: "ENABLED" });
  });

  it("notices a consent finished elsewhere (the Admin Console)", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    await project.destroy();
    const up = project.pulumi(["up", "--yes", "--skip-preview"]);
    const waiting = await waitForConsent(google);
    const continueUrl = new URL(await pressAllow(waiting.authorizeUrl));
    await okta(org, "POST", `${continueUrl.pathname}${continueUrl.search}`);
    await okta(org, "POST", `/api/v1/apps/${google}/connections/default/lifecycle/activate`);
    const result = await up;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/authorized elsewhere/);
    await project.destroy();
  });
});
