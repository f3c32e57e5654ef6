/// <reference lib="dom" />
/**
 * The consent page's own behaviour in Chromium, served by startLoopbackPage with a stand-in for the provider: the
 * announcements of the time left (on a fast-forwarded clock), the page noticing that `pulumi up` stopped serving it,
 * and the form working without script.
 */
import { startLoopbackPage, type LoopbackPage } from "../../provider/consent/loopback-page";
import { launchChromium, type Browser } from "./harness/chromium";

jest.setTimeout(120_000);

const info = (deadline: number) => ({
  appId: "0oa1gjh63g214q0Hq0g4",
  appName: "office365",
  orgUrl: "https://acme.okta.com",
  authorizeUrl: "https://login.example/authorize?state=s-1",
  deadline,
});

describe("the consent page in Chromium", () => {
  let browser: Browser;
  let server: LoopbackPage | undefined;
  const submitted: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    submitted.length = 0;
  });

  async function serve(deadline: number) {
    server = await startLoopbackPage(info(deadline), async (url) => {
      submitted.push(url);
      return url.includes("code=")
        ? { ok: true, message: "Consent complete" }
        : { ok: false, message: "Not accepted: that is not a URL." };
    });
    return server;
  }

  it("counts down from the stated deadline and announces five minutes and one minute left", async () => {
    const page = await browser.context.newPage();
    const start = Date.now();
    await page.clock.install({ time: start });
    const deadline = start + 6 * 60_000;
    const { url } = await serve(deadline);
    await page.goto(url);
    await page.clock.runFor(1000);
    expect(await page.getByRole("timer").textContent()).toMatch(/^[56]:\d\d$/);
    await page.clock.runFor(62_000);
    expect(await page.locator("#time-notice").textContent()).toBe("5 minutes left to complete the consent.");
    expect(await page.locator("#time-notice").getAttribute("aria-live")).toBe("polite");
    await page.clock.runFor(4 * 60_000);
    expect(await page.locator("#time-notice").textContent()).toBe("1 minute left to complete the consent.");
    expect(await page.locator("#consent").getAttribute("class")).toBe("urgent");
    await page.close();
  });

  it("says it no longer answers when pulumi up stops serving it before the deadline", async () => {
    const page = await browser.context.newPage();
    const { url } = await serve(Date.now() + 15 * 60_000);
    await page.goto(url);
    await server!.close();
    server = undefined;
    // Coming back to the tab checks at once (otherwise every few seconds).
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await page.getByRole("heading", { name: "This page no longer answers" }).waitFor();
    expect(await page.locator(".steps").isHidden()).toBe(true);
    await page.close();
  });

  it("works without script: the form posts and the answer is the page in its new state", async () => {
    const page = await browser.context.newPage();
    const { url } = await serve(Date.now() + 15 * 60_000);
    // The profile is shared with the other tests, so script is switched off for this page alone.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(url);
    expect(await page.getByRole("timer").textContent()).toMatch(/^1[45]:\d\d$/);
    await page.getByLabel("Continue URL from Okta").fill("not a url");
    await page.getByRole("button", { name: "Complete the consent" }).click();
    await page.locator("#continue-url-error").getByText("That is not a URL.").waitFor();
    await page.getByLabel("Continue URL from Okta").fill("https://acme.okta.com/cb?code=1&state=s-1");
    await page.getByRole("button", { name: "Complete the consent" }).click();
    await page.getByRole("heading", { name: "Done: the consent is complete" }).waitFor();
    expect(submitted).toEqual(["not a url", "https://acme.okta.com/cb?code=1&state=s-1"]);
    await page.close();
  });
});
