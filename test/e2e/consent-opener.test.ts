/**
 * Whether a waiting OAuthConsent opens its page in the browser, decided inside Pulumi's plugin process during a real
 * `pulumi up`: at a (pseudo-)terminal it does, through BROWSER; with --non-interactive, in CI, or turned off by the
 * config key it does not, and the terminal shows the links as before.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { PULUMI_CI_VARIABLES } from "../../provider/consent/browser-opener";
import { appOf, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject } from "./harness/project";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "consent");
const AT_A_DESK = Object.fromEntries(["CI", "CI_NAME", ...PULUMI_CI_VARIABLES].map((name) => [name, ""]));

describe("opening the consent page for the person at the terminal", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-opener-"));
  const opened = path.join(tmp, "opened.txt");
  const recorder = path.join(tmp, "browser.sh");
  const received = path.join(tmp, "opened.html");

  beforeAll(async () => {
    // The "browser": writes down its arguments and keeps what the file it was given says.
    fs.writeFileSync(
      recorder,
      `#!/bin/sh\nprintf '%s\\n' "$@" >> "${opened}"\ncat "\${1#file://}" > "${received}"\n`,
      { mode: 0o755 },
    );
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-consent:googleAppId": appOf(org, "google").id,
        "okta-provisioning-consent:timeoutSeconds": "4",
      },
      secrets: { "okta:apiToken": org.apiToken },
      env: { OKTA_PROVISIONING_CONSENT_DIR: path.join(tmp, "rendezvous"), BROWSER: recorder },
    });
  });
  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    fs.rmSync(opened, { force: true });
    fs.rmSync(received, { force: true });
  });

  /** A consent that nobody completes: the up times out after 4 s, having opened the page or not. */
  async function up(args: string[], env: Record<string, string>, terminal: boolean) {
    const result = await project.pulumi(["up", "--yes", "--skip-preview", ...args], {
      terminal,
      env,
      nonInteractive: false,
    });
    const output = (result.stdout + result.stderr).replace(/\s+/g, " ");
    expect(output).toMatch(/timed out after 4s waiting for the authorization/);
    return {
      output,
      opened: fs.existsSync(opened) ? fs.readFileSync(opened, "utf8").trim().split("\n") : [],
    };
  }

  it("opens it at a terminal, through BROWSER, and says so", async () => {
    const run = await up([], AT_A_DESK, true);
    expect(run.opened).toHaveLength(1);
    // A private file that redirects to the page, never the page's URL: its path is a secret, and arguments are not.
    expect(run.opened[0]).toMatch(/^file:\/\/.*\.open\.html$/);
    expect(run.opened[0]).not.toMatch(/\/consent\//);
    expect(fs.readFileSync(received, "utf8")).toMatch(
      /http-equiv="refresh" content="0;url=http:\/\/127\.0\.0\.1:\d+\/consent\/[A-Za-z0-9_-]{32}"/,
    );
    expect(run.output).toContain("Opened the consent page in your browser");
  });

  it("does not with --non-interactive, even at a terminal", async () => {
    const run = await up(["--non-interactive"], AT_A_DESK, true);
    expect(run.opened).toEqual([]);
    expect(run.output).not.toContain("Opened the consent page");
    expect(run.output).toMatch(/paste it at http:\/\/127\.0\.0\.1:\d+\/consent\//);
  });

  it("does not in CI, even at a terminal", async () => {
    const run = await up([], { ...AT_A_DESK, CI: "true" }, true);
    expect(run.opened).toEqual([]);
  });

  it("does not when its output is not a terminal (a pipe, as in scripts and the Automation API)", async () => {
    const run = await up([], AT_A_DESK, false);
    expect(run.opened).toEqual([]);
  });

  it("does not when turned off with `pulumi config set okta-provisioning:openBrowser false`", async () => {
    await project.setConfig("okta-provisioning:openBrowser", "false");
    try {
      const run = await up([], AT_A_DESK, true);
      expect(run.opened).toEqual([]);
    } finally {
      await project.pulumiOk(["config", "rm", "okta-provisioning:openBrowser"]);
    }
  });
});
