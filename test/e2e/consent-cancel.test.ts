/**
 * Ctrl-C on a `pulumi up` that waits in an OAuthConsent: the wait must stop promptly (not run to its timeout) and
 * leave no hand-off file behind for `okta-provisioning consent` to find.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { waitingConsents, type WaitingConsent } from "../../provider/consent/rendezvous";
import { appOf, okta, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject } from "./harness/project";
import { pulumiEnvOf } from "./review-env";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "consent");
/** Far longer than the test may take: a pass cannot be the wait running out. */
const TIMEOUT_SECONDS = 1800;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a cancelled pulumi up during an OAuthConsent (real Pulumi CLI)", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const consentDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-cancel-")), "handoff");

  beforeAll(async () => {
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-consent:googleAppId": appOf(org, "google").id,
        "okta-provisioning-consent:timeoutSeconds": String(TIMEOUT_SECONDS),
      },
      secrets: { "okta:apiToken": org.apiToken },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(path.dirname(consentDir), { recursive: true, force: true });
  });

  it("stops the wait promptly on Ctrl-C Ctrl-C and removes the hand-off file", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
      cwd: project.dir,
      env: {
        ...pulumiEnvOf(project),
        OKTA_PROVISIONING_CONSENT_DIR: consentDir,
        OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));

    const waiting: WaitingConsent = await until("the consent to wait", () => waitingConsents(google)[0]);
    const file = path.join(consentDir, `${google}.json`);
    expect(fs.existsSync(file)).toBe(true);

    // What Ctrl-C in a terminal sends the CLI (plugins run in process groups of their own). The first one cancels:
    // the engine asks the providers to cancel and waits for the steps in flight, but Pulumi's dynamic-provider
    // host ignores that request; the second, as the CLI then asks, terminates, and the engine ends each plugin
    // with SIGINT: the wait must clean up then, not be killed with its file left behind.
    const cancelled = Date.now();
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 3_000));
    child.kill("SIGINT");
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<"still running">((r) => (timer = setTimeout(() => r("still running"), 240_000))),
    ]);
    clearTimeout(timer);
    const took = Date.now() - cancelled;
    process.stderr.write(`consent-cancel: pulumi up ended ${took} ms after SIGINT (exit ${String(code)})\n`);
    if (code === "still running") child.kill("SIGKILL");
    expect(code).not.toBe("still running");
    expect(code).not.toBe(0);
    // The provider process, the page and the file are gone.
    await until("the provider process to end", () => (alive(waiting.pid) ? undefined : true), 30_000);
    expect(fs.existsSync(file)).toBe(false);
    await expect(fetch(waiting.pageUrl)).rejects.toThrow();
    expect(output).not.toMatch(/timed out after/);
    const connection = await okta(org, "GET", `/api/v1/apps/${google}/connections/default`);
    expect(connection.body).toMatchObject({ status: "DISABLED" });
  });
});
