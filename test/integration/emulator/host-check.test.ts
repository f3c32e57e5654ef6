/**
 * DNS rebinding: a web page a developer visits can make its own host name resolve to 127.0.0.1 and then talk to
 * a local emulator as "same origin". The control API (which hands out API tokens and changes the org) and the
 * consent pages answer only requests whose Host is the emulator's own loopback address.
 */
import * as http from "node:http";
import { startEmulator, type Emulator } from "../../../emulator";

function request(
  url: string,
  method: string,
  /** The Host header to send; undefined: node's own (the URL's); null: none at all. */
  host: string | null | undefined,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        setHost: host !== null,
        headers: {
          ...(typeof host === "string" ? { host } : {}),
          ...(payload
            ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

describe("the emulator's control API and pages under DNS rebinding", () => {
  let emulator: Emulator;
  beforeAll(async () => (emulator = await startEmulator({ orgs: 1, rateLimit: false })));
  afterAll(async () => emulator?.close());

  const port = () => new URL(emulator.orgs[0].url).port;

  it.each([
    ["POST", "/__emulator/api-tokens", {}],
    ["GET", "/__emulator/log", undefined],
    ["PUT", "/__emulator/faults", { spec: "5xx=1" }],
    ["POST", "/__emulator/apps", { name: "google" }],
    ["GET", "/__thirdparty/google/authorize?state=x", undefined],
  ])("refuses %s %s with a rebound Host, and changes nothing", async (method, path, body) => {
    const before = emulator.orgs[0].apps.length;
    const res = await request(`${emulator.orgs[0].url}${path}`, method, `attacker.example:${port()}`, body);
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/"token"/);
    expect(emulator.orgs[0].apps.length).toBe(before);
    const faults = await request(`${emulator.orgs[0].url}/__emulator/faults`, "GET", undefined);
    expect(faults.text).not.toContain("5xx");
  });

  it("refuses a request with no Host at all", async () => {
    const res = await request(`${emulator.orgs[0].url}/__emulator/log`, "GET", null);
    // Node's HTTP server refuses an HTTP/1.1 request without Host (400) before the emulator sees it.
    expect([400, 403]).toContain(res.status);
  });

  it("answers its own loopback Host, as 127.0.0.1 or localhost", async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`]) {
      const res = await request(`${emulator.orgs[0].url}/__emulator/api-tokens`, "POST", host, {});
      expect(res.status).toBe(201);
      expect(JSON.parse(res.text)).toHaveProperty("token");
    }
  });

  it("leaves Okta's own API to its credentials, whatever the Host", async () => {
    const res = await request(`${emulator.orgs[0].url}/api/v1/apps`, "GET", `attacker.example:${port()}`);
    expect(res.status).toBe(401);
  });
});
