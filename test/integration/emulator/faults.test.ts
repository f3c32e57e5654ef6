import * as net from "node:net";
import { parseFaults, startEmulator, type Emulator } from "../../../emulator";
import { zscalerCredentials } from "../../support/emulator-credentials";
import { appOf, call, callValid } from "./helpers";

/** A Zscaler connection body the emulator's tenant accepts. */
const zscaler = (e: Emulator) => ({
  baseUrl: zscalerCredentials(e).baseUrl,
  profile: { authScheme: "TOKEN", token: zscalerCredentials(e).token },
});

describe("fault injection", () => {
  let emulator: Emulator;
  afterEach(() => emulator?.close());

  it("parses the documented --faults syntax and refuses nonsense", () => {
    expect(parseFaults("5xx=0.2,drop=0.05,latency=200ms@0.1,429=#3x5,reset-after=#2,seed=42")).toEqual({
      seed: 42,
      rules: [
        { kind: "5xx", rate: 0.2 },
        { kind: "drop", rate: 0.05 },
        { kind: "latency", ms: 200, rate: 0.1 },
        { kind: "429", nth: 3, burst: 5 },
        { kind: "reset-after", nth: 2 },
      ],
    });
    expect(() => parseFaults("5xx=2")).toThrow(/between 0 and 1/);
    expect(() => parseFaults("teapot=0.1")).toThrow(/unknown kind/);
    expect(() => parseFaults("latency=fast")).toThrow(/200ms/);
  });

  it("answers 5xx on the Nth request, before a write is applied, with an Okta-style body", async () => {
    emulator = await startEmulator({ faults: "503=#1" });
    const org = emulator.orgs[0];
    const id = appOf(org, "zscalerbyz");
    const failed = await callValid(
      org,
      "updateDefaultProvisioningConnectionForApplication",
      "POST",
      `/api/v1/apps/${id}/connections/default?activate=TRUE`,
      { body: zscaler(emulator) },
    );
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ errorCode: "E0000009" });
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "DISABLED",
    });
    expect(emulator.counters("org1")).toMatchObject({ faults: 1, writes: 0, reads: 1 });
  });

  it("drops the connection with no response, before the write is applied", async () => {
    emulator = await startEmulator({ faults: "drop=#1" });
    const org = emulator.orgs[0];
    const id = appOf(org, "zscalerbyz");
    await expect(
      call(org, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, { body: zscaler(emulator) }),
    ).rejects.toThrow();
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "DISABLED",
    });
    expect(emulator.requestLog()[0]).toMatchObject({ status: 0, fault: "drop" });
  });

  it("reset-after applies the write and then drops the connection (for idempotency tests)", async () => {
    emulator = await startEmulator({ faults: "reset-after=#1" });
    const org = emulator.orgs[0];
    const id = appOf(org, "zscalerbyz");
    await expect(
      call(org, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, { body: zscaler(emulator) }),
    ).rejects.toThrow();
    expect((await call(org, "GET", `/api/v1/apps/${id}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
    });
    expect(emulator.counters("org1")).toMatchObject({ faults: 1, writes: 1 });
  });

  it("answers a 429 burst with Remaining 0, counted as rate limited", async () => {
    emulator = await startEmulator({ faults: "429=#2x3" });
    const org = emulator.orgs[0];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(org, "GET", "/api/v1/apps");
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("x-rate-limit-remaining")).toBe("0");
        expect(res.body).toMatchObject({ errorCode: "E0000047" });
      }
    }
    expect(statuses).toEqual([200, 429, 429, 429, 200, 200]);
    expect(emulator.counters("org1")).toMatchObject({ rateLimited: 3, reads: 3 });
  });

  it("adds latency", async () => {
    emulator = await startEmulator({ faults: "latency=120ms" });
    const start = Date.now();
    expect((await call(emulator.orgs[0], "GET", "/api/v1/apps")).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
  });

  it("repeats the same faults for the same seed, and can be changed at run time over HTTP", async () => {
    emulator = await startEmulator({ orgs: 2, faults: "5xx=0.5,seed=7" });
    const run = async (i: number) => {
      const out: number[] = [];
      for (let n = 0; n < 12; n++) out.push((await call(emulator.orgs[i], "GET", "/api/v1/apps")).status);
      return out;
    };
    const a = await run(0);
    const b = await run(1);
    expect(a).toEqual(b);
    expect(a.some((s) => s >= 500)).toBe(true);
    expect(a.some((s) => s === 200)).toBe(true);

    const org = emulator.orgs[0];
    const put = await fetch(`${org.url}/__emulator/faults`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ spec: "" }),
    });
    expect(put.status).toBe(200);
    for (let n = 0; n < 5; n++) expect((await call(org, "GET", "/api/v1/apps")).status).toBe(200);
    const bad = await fetch(`${org.url}/__emulator/faults`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ spec: "5xx=7" }),
    });
    expect(bad.status).toBe(400);
  });

  it("a dropped socket is a real reset: the client sees the connection close with no bytes", async () => {
    emulator = await startEmulator({ faults: "drop=1" });
    const { port } = new URL(emulator.orgs[0].url);
    const bytes = await new Promise<number>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        socket.write(
          `GET /api/v1/apps HTTP/1.1\r\nHost: x\r\nAuthorization: SSWS ${emulator.orgs[0].apiToken}\r\n\r\n`,
        );
      });
      let n = 0;
      socket.on("data", (d) => (n += d.length));
      socket.on("close", () => resolve(n));
      socket.on("error", reject);
    });
    expect(bytes).toBe(0);
  });
});
