import * as http from "node:http";
import { startLoopbackPage, type LoopbackPage } from "../../../provider/consent/loopback-page";

function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("the consent's loopback page", () => {
  let page: LoopbackPage;
  const submitted: string[] = [];

  beforeEach(async () => {
    submitted.length = 0;
    page = await startLoopbackPage("App 0oa… waits", async (url) => {
      submitted.push(url);
      return { ok: true, message: "Consent complete" };
    });
  });
  afterEach(() => page.close());

  it("listens on 127.0.0.1 at an unguessable path and shows a form", async () => {
    expect(page.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/consent\/[A-Za-z0-9_-]{32}$/);
    const res = await request(page.url);
    expect(res.status).toBe(200);
    expect(res.body).toContain("<form");
  });

  it("takes a pasted continue URL", async () => {
    const res = await request(page.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `continueUrl=${encodeURIComponent("https://acme.okta.com/x?code=1&state=2")}`,
    });
    expect(res.status).toBe(200);
    expect(submitted).toEqual(["https://acme.okta.com/x?code=1&state=2"]);
  });

  it("refuses a request without the unguessable path", async () => {
    const origin = new URL(page.url).origin;
    const res = await request(`${origin}/consent/guess`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ continueUrl: "x" }),
    });
    expect(res.status).toBe(404);
    expect(submitted).toEqual([]);
  });

  it("refuses a cross-site form post", async () => {
    const res = await request(page.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "continueUrl=x",
    });
    expect(res.status).toBe(403);
    expect(submitted).toEqual([]);
  });

  it("refuses a request under another host name (DNS rebinding)", async () => {
    const res = await request(page.url, { headers: { host: "evil.example" } });
    expect(res.status).toBe(403);
  });

  it("stops listening when closed", async () => {
    await page.close();
    await expect(request(page.url)).rejects.toThrow(/ECONNREFUSED/);
    page = await startLoopbackPage("again", async () => ({ ok: true, message: "" }));
  });
});
