import * as http from "node:http";
import {
  startLoopbackPage,
  type ConsentPageInfo,
  type LoopbackPage,
  type SubmitResult,
} from "../../../provider/consent/loopback-page";
import { PAGE_SCRIPT, PALETTE, formatTimeLeft } from "../../../provider/consent/consent-page";

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

const form = (continueUrl: string) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: `continueUrl=${encodeURIComponent(continueUrl)}`,
});
const json = (continueUrl: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json" },
  body: JSON.stringify({ continueUrl }),
});

const NOW = Date.parse("2026-12-01T10:00:00Z");
const info = (overrides: Partial<ConsentPageInfo> = {}): ConsentPageInfo => ({
  appId: "0oa1gjh63g214q0Hq0g4",
  appName: "google",
  orgUrl: "https://acme.okta.com",
  authorizeUrl: "https://accounts.example/o/oauth2/auth?client_id=okta&state=s-1",
  deadline: NOW + 14 * 60_000 + 30_000,
  ...overrides,
});

describe("the consent's loopback page", () => {
  let page: LoopbackPage;
  let now = NOW;
  const submitted: string[] = [];
  let answer: (url: string) => SubmitResult = () => ({ ok: true, message: "Consent complete" });

  async function start(details: Partial<ConsentPageInfo> = {}) {
    page = await startLoopbackPage(
      info(details),
      async (url) => {
        submitted.push(url);
        return answer(url);
      },
      () => now,
    );
  }

  beforeEach(async () => {
    now = NOW;
    submitted.length = 0;
    answer = () => ({ ok: true, message: "Consent complete" });
    await start();
  });
  afterEach(() => page.close());

  it("listens on 127.0.0.1 at an unguessable path", async () => {
    expect(page.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/consent\/[A-Za-z0-9_-]{32}$/);
    expect((await request(page.url)).status).toBe(200);
  });

  it("says which app and org it is for, links step 1 to the authorization, and labels step 2's field", async () => {
    const { body } = await request(page.url);
    expect(body).toContain("Authorize provisioning for Google Workspace");
    expect(body).toContain("0oa1gjh63g214q0Hq0g4");
    expect(body).toContain("https://acme.okta.com");
    expect(body).toMatch(
      /<a class="button primary" id="authorize" href="https:\/\/accounts\.example\/o\/oauth2\/auth\?client_id=okta&#38;state=s-1" target="_blank" rel="noopener noreferrer">/,
    );
    expect(body).toMatch(/<label for="continue-url">[^<]+<\/label>/);
    expect(body).toMatch(/<textarea id="continue-url" name="continueUrl"/);
    expect(body).toContain("https://acme.okta.com/api/v1/apps/google/0oa1gjh63g214q0Hq0g4/oauth2/callback");
  });

  it("states the deadline and the time left, for the page's script to count down", async () => {
    const { body } = await request(page.url);
    expect(body).toContain(`data-deadline="${new Date(info().deadline).toISOString()}"`);
    expect(body).toMatch(/<span id="time-left" role="timer"[^>]*>14:30<\/span>/);
    expect(formatTimeLeft(3 * 3600_000 + 61_000)).toBe("3:01:01");
    expect(formatTimeLeft(-5)).toBe("0:00");
  });

  it("loads nothing from elsewhere: inline style and script only, under the nonce its CSP allows", async () => {
    const res = await request(page.url);
    const csp = res.headers["content-security-policy"] as string;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toBe(
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; ` +
        `form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
    expect(res.body).toContain(`<style nonce="${nonce}">`);
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|<img|<iframe|@import|url\(/i);
    expect(res.body).not.toMatch(/ style="/);
    // A fresh nonce on every response.
    const again = await request(page.url);
    expect(again.headers["content-security-policy"]).not.toBe(csp);
  });

  it("keeps the security headers on every answer: no-store, frame DENY, no-referrer", async () => {
    const origin = new URL(page.url).origin;
    for (const res of [
      await request(page.url),
      await request(page.url, json("x")),
      await request(`${origin}/consent/guess`),
    ]) {
      expect(res.headers).toMatchObject({
        "cache-control": "no-store",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
      });
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
  });

  it("takes a pasted continue URL from the form and answers with the page in its done state", async () => {
    const res = await request(page.url, form("https://acme.okta.com/x?code=1&state=2"));
    expect(res.status).toBe(200);
    expect(submitted).toEqual(["https://acme.okta.com/x?code=1&state=2"]);
    expect(res.body).toContain('data-state="done"');
    expect(res.body).toContain("You may close this tab.");
    // Visited again, it still says done, without the steps.
    const later = await request(page.url);
    expect(later.body).toMatch(/<div id="result" aria-live="polite"><div class="result result-done">/);
    expect(later.body).toMatch(/<ol class="steps" hidden>/);
  });

  it("shows a refusal next to the field, and the wait goes on", async () => {
    answer = () => ({
      ok: false,
      message: "Not accepted: the URL is for https://evil.example, not <this> org.",
    });
    const res = await request(page.url, form("https://evil.example/cb?code=1&state=2"));
    expect(res.status).toBe(400);
    expect(res.body).toContain('data-state="refused"');
    expect(res.body).toContain("is still waiting.");
    expect(res.body).toContain("The URL is for https://evil.example, not &#60;this&#62; org.");
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).not.toMatch(/<ol class="steps" hidden>/);
    expect((await request(page.url)).body).toContain('data-state="waiting"');
  });

  it("keeps the JSON API of `okta-provisioning consent complete`: ok, message, and the outcome", async () => {
    const done = await request(page.url, json("https://acme.okta.com/x?code=1&state=2"));
    expect(done.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(done.body)).toEqual({ ok: true, message: "Consent complete", outcome: "done" });

    answer = () => ({ ok: false, message: "Not accepted: bad state." });
    const refused = await request(page.url, json("https://acme.okta.com/x?code=1&state=3"));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({
      ok: false,
      message: "Not accepted: bad state.",
      outcome: "refused",
    });
  });

  it("says denied, to later visits and the status check too, once the third party's refusal is handed back", async () => {
    answer = () => ({ ok: false, outcome: "denied", message: "Not accepted: denied (access_denied)." });
    const res = await request(page.url, form("https://acme.okta.com/cb?error=access_denied&state=s-1"));
    expect(res.body).toContain('data-state="denied"');
    expect(res.body).toContain("Denied in Google Workspace");
    const status = await request(page.url, { headers: { accept: "application/json" } });
    expect(JSON.parse(status.body)).toMatchObject({
      state: "denied",
      message: "Not accepted: denied (access_denied).",
    });
  });

  it("says the consent could not be finished when Okta took the URL but refused the activation", async () => {
    answer = () => ({
      ok: false,
      outcome: "failed",
      message: "Authorized, but Okta refused to activate it.",
    });
    const res = await request(page.url, json("https://acme.okta.com/x?code=1&state=2"));
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, outcome: "failed" });
    const later = await request(page.url);
    expect(later.body).toContain('data-state="failed"');
    expect(later.body).toContain("The consent could not be finished");
    expect(later.body).toContain("Authorized, but Okta refused to activate it.");
  });

  it("answers the page's status check with the state and the deadline", async () => {
    const res = await request(page.url, { headers: { accept: "application/json" } });
    expect(JSON.parse(res.body)).toEqual({
      state: "waiting",
      deadline: new Date(info().deadline).toISOString(),
    });
  });

  it("after the deadline shows expired and hands nothing on", async () => {
    now = info().deadline + 1;
    expect((await request(page.url)).body).toContain('data-state="expired"');
    const late = await request(page.url, json("https://acme.okta.com/x?code=1&state=2"));
    expect(late.status).toBe(410);
    expect(JSON.parse(late.body)).toMatchObject({ ok: false, outcome: "expired" });
    expect(submitted).toEqual([]);
  });

  it("refuses an empty or non-text continue URL without asking the provider", async () => {
    expect((await request(page.url, json(""))).status).toBe(400);
    expect((await request(page.url, json(42))).status).toBe(400);
    expect((await request(page.url, form("   "))).status).toBe(400);
    expect(submitted).toEqual([]);
  });

  it("escapes what it shows, and makes no link of an authorize address that is not a web URL", async () => {
    await page.close();
    await start({ authorizeUrl: "javascript:alert(1)", appName: '<img src=x onerror="1">' });
    const { body } = await request(page.url);
    expect(body).not.toContain('href="javascript:');
    expect(body).not.toContain("<img src=x");
    expect(body).toContain("&#60;img src=x onerror=&#34;1&#34;&#62;");
  });

  it("refuses a request without the unguessable path", async () => {
    const origin = new URL(page.url).origin;
    const res = await request(`${origin}/consent/guess`, json("x"));
    expect(res.status).toBe(404);
    expect(submitted).toEqual([]);
  });

  it("refuses a cross-site form post", async () => {
    const res = await request(page.url, {
      ...form("x"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(submitted).toEqual([]);
  });

  it("takes the page's own form post, which a no-referrer page sends with Origin: null", async () => {
    const res = await request(page.url, {
      ...form("https://acme.okta.com/x?code=1&state=2"),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "null",
        "sec-fetch-site": "same-origin",
      },
    });
    expect(res.status).toBe(200);
    expect(submitted).toEqual(["https://acme.okta.com/x?code=1&state=2"]);
  });

  it("refuses Origin: null from anywhere else, or when the browser does not say where it came from", async () => {
    for (const site of ["cross-site", "same-site", undefined]) {
      const res = await request(page.url, {
        ...form("x"),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "null",
          ...(site ? { "sec-fetch-site": site } : {}),
        },
      });
      expect({ site, status: res.status }).toEqual({ site, status: 403 });
    }
    expect(submitted).toEqual([]);
  });

  it("refuses a request under another host name (DNS rebinding)", async () => {
    const res = await request(page.url, { headers: { host: "evil.example" } });
    expect(res.status).toBe(403);
  });

  it("cuts an oversized body", async () => {
    await expect(
      request(page.url, form(`https://acme.okta.com/?${"x".repeat(20 * 1024)}`)),
    ).rejects.toThrow();
    expect(submitted).toEqual([]);
  });

  it("lets the answer to the submission that ended the wait reach the browser before closing", async () => {
    let release!: () => void;
    let arrived!: () => void;
    const submittedOnce = new Promise<void>((r) => (arrived = r));
    await page.close();
    page = await startLoopbackPage(
      info(),
      async () => {
        arrived();
        await new Promise<void>((r) => (release = r));
        return { ok: true, message: "Consent complete" };
      },
      () => now,
    );
    const pending = request(page.url, json("https://acme.okta.com/x?code=1&state=2"));
    await submittedOnce;
    const closing = page.close();
    release();
    const res = await pending;
    await closing;
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, outcome: "done" });
  });

  it("stops listening when closed", async () => {
    await page.close();
    await expect(request(page.url)).rejects.toThrow(/ECONNREFUSED/);
    await start();
  });
});

describe("the page's script and colours", () => {
  it("is JavaScript a browser parses", () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });

  // WCAG 2.1 relative luminance and contrast ratio.
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };

  it.each(["light", "dark"] as const)("keeps text at 4.5:1 or more in the %s scheme", (scheme) => {
    const p = PALETTE[scheme];
    const pairs: Array<[string, string, string]> = [
      ["text on card", p.text, p.card],
      ["text on page", p.text, p.bg],
      ["muted on card", p.muted, p.card],
      ["link on card", p.accent, p.card],
      ["button text", p.onAccent, p.accent],
      ["done", p.ok, p.okBg],
      ["text in done", p.text, p.okBg],
      ["refused and denied", p.bad, p.badBg],
      ["refused on card", p.bad, p.card],
      ["expired", p.warn, p.warnBg],
      ["text in expired", p.text, p.warnBg],
      ["urgent time left", p.warn, p.card],
    ];
    for (const [what, fg, bg] of pairs)
      expect({ what, ok: contrast(fg, bg) >= 4.5 }).toEqual({ what, ok: true });
  });
});
