import { startEmulator, type Emulator } from "../../../emulator";
import { appOf, call, callValid } from "./helpers";

const header = (h: Headers, name: string) => Number(h.get(name));

describe("rate limits", () => {
  let emulator: Emulator;
  afterEach(() => emulator?.close());

  it("sends Okta's headers and answers 429 E0000047 once the token's half of the bucket is spent", async () => {
    emulator = await startEmulator({ rateLimit: 10, windowMs: 60_000 });
    const org = emulator.orgs[0];
    const first = await call(org, "GET", "/api/v1/apps");
    // The per-token share (5 of 10) binds first, so the headers describe it.
    expect(header(first.headers, "x-rate-limit-limit")).toBe(5);
    expect(header(first.headers, "x-rate-limit-remaining")).toBe(4);
    expect(header(first.headers, "x-rate-limit-reset")).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(first.headers.get("date")).toBeTruthy();
    for (let i = 0; i < 4; i++)
      await call(org, "GET", `/api/v1/apps/${appOf(org, "google")}/connections/default`);
    const limited = await callValid(org, "listApplications", "GET", "/api/v1/apps");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      errorCode: "E0000047",
      errorSummary: "API call exceeded rate limit due to too many requests.",
    });
    expect(header(limited.headers, "x-rate-limit-remaining")).toBe(0);

    // Another token of the same org still has the org's other half.
    const other = emulator.addApiToken("org1");
    const ok = await call(org, "GET", "/api/v1/apps", { auth: `SSWS ${other}` });
    expect(ok.status).toBe(200);
    const c = emulator.counters("org1");
    expect(c.rateLimited).toBe(1);
    expect(c.operations.listApplications).toBe(2);
  });

  it("gives exactly /api/v1/apps/{appId} a bucket of its own", async () => {
    emulator = await startEmulator({ rateLimit: { apps: 2, app: 50, perTokenShare: 1 } });
    const org = emulator.orgs[0];
    await call(org, "GET", "/api/v1/apps");
    await call(org, "GET", "/api/v1/apps");
    expect((await call(org, "GET", "/api/v1/apps")).status).toBe(429);
    const single = await call(org, "GET", `/api/v1/apps/${appOf(org, "slack")}`);
    expect(single.status).toBe(200);
    expect(header(single.headers, "x-rate-limit-limit")).toBe(50);
  });

  it("opens a window with its first request, not on the clock minute, and Reset tells when it ends", async () => {
    // The emulator's clock is injected: no step depends on where a wall-clock window falls on a loaded machine.
    let now = Date.parse("2025-09-29T06:24:59.000Z");
    emulator = await startEmulator({ rateLimit: { apps: 1, perTokenShare: 1 }, clock: () => now });
    const org = emulator.orgs[0];
    const first = await call(org, "GET", "/api/v1/apps");
    expect(first.status).toBe(200);
    const opened = now / 1000 + 60;
    expect(header(first.headers, "x-rate-limit-reset")).toBe(opened);
    expect(first.headers.get("date")).toBe(new Date(now).toUTCString());
    // Past the clock minute, still within 60 s of the first request: the same window, spent.
    now += 1000;
    const limited = await call(org, "GET", "/api/v1/apps");
    expect(limited.status).toBe(429);
    expect(header(limited.headers, "x-rate-limit-reset")).toBe(opened);
    now = opened * 1000 - 1;
    expect((await call(org, "GET", "/api/v1/apps")).status).toBe(429);
    // The first request after the reset opens the next window, which ends 60 s after it.
    now = opened * 1000 + 7000;
    const next = await call(org, "GET", "/api/v1/apps");
    expect(next.status).toBe(200);
    expect(header(next.headers, "x-rate-limit-reset")).toBe(opened + 67);
  });

  it("reads a plain number as the apps bucket, with the single-app bucket five times it (a free developer org: 20 and 100)", async () => {
    emulator = await startEmulator({ rateLimit: 20 });
    const org = emulator.orgs[0];
    const list = await call(org, "GET", "/api/v1/apps");
    const single = await call(org, "GET", `/api/v1/apps/${appOf(org, "slack")}`);
    // One token may use half of each.
    expect(header(list.headers, "x-rate-limit-limit")).toBe(10);
    expect(header(single.headers, "x-rate-limit-limit")).toBe(50);
  });

  it("refuses requests over the in-flight limit with 429", async () => {
    emulator = await startEmulator({ rateLimit: 1000, concurrency: 2, faults: "latency=150ms" });
    const org = emulator.orgs[0];
    const results = await Promise.all([0, 1, 2, 3].map(() => call(org, "GET", "/api/v1/apps")));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
    const limited = results.find((r) => r.status === 429)!;
    expect(header(limited.headers, "x-rate-limit-limit")).toBe(2);
  });

  it("can be turned off, and changed at run time", async () => {
    emulator = await startEmulator({ rateLimit: false });
    const org = emulator.orgs[0];
    for (let i = 0; i < 30; i++) expect((await call(org, "GET", "/api/v1/apps")).status).toBe(200);
    emulator.setRateLimit("org1", { apps: 1, perTokenShare: 1 });
    expect((await call(org, "GET", "/api/v1/apps")).status).toBe(200);
    expect((await call(org, "GET", "/api/v1/apps")).status).toBe(429);
    const viaHttp = await fetch(`${org.url}/__emulator/rate-limits`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ enabled: false }),
    });
    expect(await viaHttp.json()).toEqual({ enabled: false });
    expect((await call(org, "GET", "/api/v1/apps")).status).toBe(200);
  });
});
