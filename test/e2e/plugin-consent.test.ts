/**
 * An OAuthConsent through the native provider plugin, from a YAML program on the real CLI: while `pulumi up` waits,
 * its instructions (the authorize link, the page to hand the continue URL back on, `consent complete`, the time
 * left) appear in plain `pulumi up` output — the engine shows a native plugin's stderr only at debug level, so they
 * travel through the engine's log service — and the person following them completes the consent.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, okta, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject } from "./harness/project";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "plugin-consent");

describe("OAuthConsent through the native plugin on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-plugin-consent-e2e-"));

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning:openBrowser": "false",
        "okta-provisioning-plugin-consent:googleAppId": appOf(org, "google").id,
      },
      secrets: { "okta-provisioning:apiToken": org.apiToken },
      env: {
        OKTA_PROVISIONING_CONSENT_DIR: path.join(consentDir, "rendezvous"),
        OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1",
      },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(consentDir, { recursive: true, force: true });
  });

  it("shows its instructions in plain `pulumi up` output while it waits, and completes when they are followed", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    let live = "";
    const up = project.pulumi(["up", "--yes", "--skip-preview"], { onOutput: (text) => (live += text) });

    // What a person reads in the terminal while `pulumi up` waits, before anything is done about it.
    const deadline = Date.now() + 180_000;
    while (!/\d+m\d\ds left/.test(live)) {
      if (Date.now() > deadline) throw new Error(`no instructions in pulumi up's output:\n${live}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(live).toMatch(/googleConsent.*needs a person to authorize provisioning/);
    expect(live).toMatch(/okta-provisioning consent complete/);
    const authorizeUrl = /1\. Open (\S+)/.exec(live)?.[1];
    const pageUrl = /paste it at (http:\/\/127\.0\.0\.1:\d+\/consent\/\S+)/.exec(live)?.[1];
    expect(authorizeUrl).toMatch(/__thirdparty\/google\/authorize/);
    expect(pageUrl).toBeDefined();

    // The person follows them: Allow on the third party, then the continue URL handed back on the page named.
    const continueUrl = emulator.approveConsent(authorizeUrl!);
    const handedBack = await fetch(pageUrl!, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ continueUrl }),
    });
    expect(handedBack.status).toBe(200);

    const result = await up;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/authorized\./);
    expect(await project.outputs()).toMatchObject({ consentStatus: "ENABLED" });
    expect((await okta(org, "GET", `/api/v1/apps/${google}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
    });
    await project.pulumiOk(["preview", "--expect-no-changes"]);
  });
});
