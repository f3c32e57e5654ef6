/// <reference lib="dom" />
/**
 * The consent as a person walks it, in headless Chromium, during a real `pulumi up` against the emulator: the up
 * (at a terminal) opens the page through BROWSER, the person follows the authorize link, presses Allow, copies
 * the continue URL, pastes it — first a wrong one, which is refused while the wait goes on — and sees "done"; the
 * up then completes with the connection ENABLED. An expired wait and a denial show their own results. Each state
 * is photographed (into docs/screenshots with `npm run screenshots`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConsoleMessage, Page } from "playwright-core";
import { startEmulator } from "../../emulator";
import { PULUMI_CI_VARIABLES } from "../../provider/consent/browser-opener";
import { waitingConsents, type WaitingConsent } from "../../provider/consent/rendezvous";
import { appOf, okta, type Emulator } from "../e2e/harness/emulator-helpers";
import { PulumiProject, type CommandResult } from "../e2e/harness/project";
import { launchChromium, screenshotDir, type Browser } from "./harness/chromium";

jest.setTimeout(900_000);

const PROGRAM = path.join(__dirname, "..", "e2e", "programs", "consent");
/** A person's shell, not CI: every variable that gives CI away is blanked for the up at a terminal. */
const AT_A_DESK = Object.fromEntries(["CI", "CI_NAME", ...PULUMI_CI_VARIABLES].map((name) => [name, ""]));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A `pulumi up` running in the background, whose end the test can check without waiting for it. */
function running(result: Promise<CommandResult>) {
  const state: { done?: CommandResult } = {};
  void result.then((r) => (state.done = r));
  return { result, ended: () => state.done };
}

describe("the OAuth consent in a real browser, during a real pulumi up", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let browser: Browser;
  let google: string;
  const shots = screenshotDir();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-browser-"));
  const consentDir = path.join(tmp, "rendezvous");
  const opened = path.join(tmp, "opened.txt");
  const recorder = path.join(tmp, "browser.sh");
  /** Requests any page made, and Content-Security-Policy complaints: both must stay on this machine and empty. */
  const requests: string[] = [];
  const violations: string[] = [];

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  async function newPage(): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m: ConsoleMessage) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    return page;
  }

  async function waitingFor(up: ReturnType<typeof running>): Promise<WaitingConsent> {
    return until("the consent to wait", () => {
      const done = up.ended();
      if (done) throw new Error(`pulumi up ended before the consent waited:\n${done.stdout}\n${done.stderr}`);
      return waitingConsents(google)[0];
    });
  }

  beforeAll(async () => {
    // The "browser" pulumi up opens: it writes down the URL it was given, and this test loads it in Chromium.
    fs.writeFileSync(recorder, `#!/bin/sh\nprintf '%s\\n' "$@" >> "${opened}"\n`, { mode: 0o755 });
    browser = await launchChromium();
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    google = appOf(org, "google").id;
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-consent:googleAppId": google,
      },
      secrets: { "okta:apiToken": org.apiToken },
      env: { OKTA_PROVISIONING_CONSENT_DIR: consentDir, OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1" },
    });
  });

  afterAll(async () => {
    await browser?.close();
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!process.env.OKTA_PROVISIONING_SCREENSHOTS) fs.rmSync(shots, { recursive: true, force: true });
  });

  it("walks the whole consent: opened for the person, authorize, Allow, a refused paste, the right one, done", async () => {
    const org = emulator.orgs[0];
    await project.setConfig("okta-provisioning-consent:timeoutSeconds", "900");
    const up = running(
      project.pulumi(["up", "--yes", "--skip-preview"], {
        terminal: true,
        env: { ...AT_A_DESK, BROWSER: recorder },
      }),
    );
    const waiting = await waitingFor(up);
    // pulumi up at a terminal opened the page itself: BROWSER is handed a private file (never the page's URL,
    // whose path is its secret), which takes Chromium to the waiting consent's page.
    const fileUrl = await until("pulumi up to open the page", () =>
      fs.existsSync(opened) ? fs.readFileSync(opened, "utf8").trim() || undefined : undefined,
    );
    expect(fileUrl).toMatch(/^file:\/\//);

    const page = await newPage();
    await page.goto(fileUrl);
    await page.waitForURL(waiting.pageUrl);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Authorize provisioning for Google Workspace",
    );
    await expect(page.locator(".facts").textContent()).resolves.toContain(google);
    const timer = page.getByRole("timer");
    expect(await timer.textContent()).toMatch(/^1[45]:\d\d$/);
    await shot(page, "consent-page");
    await page.setViewportSize({ width: 320, height: 900 });
    const narrow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(narrow).toBeLessThanOrEqual(320);
    await shot(page, "consent-page-narrow");
    await page.setViewportSize({ width: 1000, height: 900 });

    // Step 1: the link opens the third party's authorization in a new tab.
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: org.url });
    const [thirdParty] = await Promise.all([
      browser.context.waitForEvent("page"),
      page.getByRole("link", { name: /Open Google Workspace to allow access/ }).click(),
    ]);
    thirdParty.on("request", (r) => requests.push(r.url()));
    await thirdParty.waitForLoadState();
    expect(thirdParty.url()).toBe(waiting.authorizeUrl);
    await thirdParty
      .getByRole("heading", { name: "Okta wants to access your Google Workspace account" })
      .waitFor();
    await shot(thirdParty, "consent-third-party");
    await thirdParty.getByRole("button", { name: "Allow" }).click();
    const continueBox = thirdParty.getByRole("textbox", { name: "Continue URL" });
    const continueUrl = await continueBox.inputValue();
    expect(continueUrl).toMatch(
      new RegExp(`^${org.url}/api/v1/apps/google/${google}/oauth2/callback\\?code=`),
    );
    await thirdParty.getByRole("button", { name: "Copy URL" }).click();
    await thirdParty.getByText("Copied.", { exact: false }).waitFor();
    await shot(thirdParty, "consent-continue-url");

    // Step 2, wrong first: a continue URL with another state is refused, next to the field, and the wait goes on.
    await page.bringToFront();
    const field = page.getByLabel("Continue URL from Okta");
    const forged = new URL(continueUrl);
    forged.searchParams.set("state", "someone-elses-state");
    await field.fill(forged.toString());
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("submit");
    await page.keyboard.press("Enter");
    const error = page.locator("#continue-url-error");
    await error.getByText(/state is not the one of the authorize link/).waitFor();
    expect(await error.textContent()).toContain("is still waiting.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("continue-url");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await shot(page, "consent-refused");
    const before = await timer.textContent();
    await page.waitForFunction((t) => document.getElementById("time-left")?.textContent !== t, before);
    expect(up.ended()).toBeUndefined();
    expect(waitingConsents(google)).toHaveLength(1);

    // The right one, pasted from the clipboard the Copy button filled, submitted from the keyboard.
    await field.fill("");
    await field.focus();
    await page.keyboard.press("Control+V");
    expect(await field.inputValue()).toBe(continueUrl);
    expect(await field.getAttribute("aria-invalid")).toBeNull();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const done = page.getByRole("heading", { name: "Done: the consent is complete" });
    await done.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Done: the consent is complete",
    );
    expect(await page.locator("#result").getAttribute("aria-live")).toBe("polite");
    await expect(page.getByText("You may close this tab.").isVisible()).resolves.toBe(true);
    expect(await page.locator(".steps").isHidden()).toBe(true);
    await shot(page, "consent-done");

    const result = await up.result;
    expect({ code: result.code, out: result.code === 0 ? "" : result.stdout }).toEqual({ code: 0, out: "" });
    expect(result.stdout.replace(/\s+/g, "")).toContain("Openedtheconsentpageinyourbrowser");
    expect(await project.outputs()).toMatchObject({ consentStatus: "ENABLED", pushStatus: "ENABLED" });
    const connection = await okta(org, "GET", `/api/v1/apps/${google}/connections/default`);
    expect(connection.body).toMatchObject({ status: "ENABLED" });
    await page.close();
    await thirdParty.close();
  });

  it("shows expired when the wait runs out, and the up fails having changed nothing", async () => {
    const org = emulator.orgs[0];
    await project.destroy();
    await project.setConfig("okta-provisioning-consent:timeoutSeconds", "30");
    const up = running(project.pulumi(["up", "--yes", "--skip-preview"]));
    const waiting = await waitingFor(up);
    const page = await newPage();
    await page.goto(waiting.pageUrl);
    const expired = page.getByRole("heading", { name: "Expired: the wait for this consent ended" });
    await expired.waitFor({ timeout: 180_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Expired: the wait for this consent ended",
    );
    expect(await page.locator(".steps").isHidden()).toBe(true);
    await shot(page, "consent-expired");
    const result = await up.result;
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/timed out after 30s waiting for the authorization/);
    const connection = await okta(org, "GET", `/api/v1/apps/${google}/connections/default`);
    expect(connection.body).toMatchObject({ status: "DISABLED" });
    await page.close();
  });

  it("shows denied after Deny in the third party, and the up stops at once", async () => {
    await project.setConfig("okta-provisioning-consent:timeoutSeconds", "900");
    const up = running(project.pulumi(["up", "--yes", "--skip-preview"]));
    const waiting = await waitingFor(up);
    const page = await newPage();
    await page.goto(waiting.pageUrl);
    const [thirdParty] = await Promise.all([
      browser.context.waitForEvent("page"),
      page.getByRole("link", { name: /Open Google Workspace to allow access/ }).click(),
    ]);
    await thirdParty.getByRole("button", { name: "Deny" }).click();
    const deniedUrl = await thirdParty.getByRole("textbox", { name: "Continue URL" }).inputValue();
    expect(new URL(deniedUrl).searchParams.get("error")).toBe("access_denied");
    await page.bringToFront();
    await page.getByLabel("Continue URL from Okta").fill(deniedUrl);
    await page.getByRole("button", { name: "Complete the consent" }).click();
    await page.getByRole("heading", { name: "Denied in Google Workspace" }).waitFor();
    expect(await page.locator("#result [data-slot=reason]").textContent()).toBe(
      "The authorization was denied in the third party (access_denied).",
    );
    await shot(page, "consent-denied");
    const result = await up.result;
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/denied in the third party/);
    await page.close();
    await thirdParty.close();
  });

  it("loaded nothing from outside this machine and broke no Content-Security-Policy rule", () => {
    expect(requests.length).toBeGreaterThan(0);
    // The hand-off file the browser was opened with is a local file; everything else came from the loopback.
    const origins = new Set(requests.filter((r) => !r.startsWith("file:")).map((r) => new URL(r).hostname));
    expect([...origins]).toEqual(["127.0.0.1"]);
    expect(violations).toEqual([]);
  });
});
