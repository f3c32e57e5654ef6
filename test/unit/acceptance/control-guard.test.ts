import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { isControlPath, watchControlRequests } from "../../acceptance/harness/control-guard";
import { OktaAdmin } from "../../acceptance/harness/okta-admin";

describe("the acceptance suite's guard against the emulator's control API", () => {
  let server: http.Server;
  let base: string;
  const served: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      served.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      res.end("[]");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("tells control paths from Okta's", () => {
    for (const p of [
      "/__emulator",
      "/__emulator/log",
      "/__emulator/apps?x=1",
      `http://127.0.0.1:1/__emulator/faults`,
    ])
      expect([p, isControlPath(p)]).toEqual([p, true]);
    for (const p of ["/api/v1/apps", "/__emulatorx", "/__thirdparty/google/authorize", "/api/v1/__emulator/"])
      expect([p, isControlPath(p)]).toEqual([p, false]);
  });

  it("sees every control request this process makes, through fetch or Node's http client", async () => {
    const guard = watchControlRequests();
    try {
      await (await fetch(`${base}/__emulator/counters`)).text();
      await new Promise<void>((resolve) =>
        http.get(`${base}/__emulator/log?org=1`, (res) => res.resume().on("end", () => resolve())),
      );
      await (await fetch(`${base}/api/v1/apps`)).text();
      expect(guard.violations()).toEqual(["GET /__emulator/counters", "GET /__emulator/log?org=1"]);
    } finally {
      guard.dispose();
    }
  });

  it("makes the suite's admin refuse a control path before anything is sent", async () => {
    const admin = new OktaAdmin(base, "00-not-a-real-token-but-long-enough");
    const before = served.length;
    await expect(admin.request("GET", "/__emulator/apps")).rejects.toThrow(/emulator's control API/);
    expect(served.length).toBe(before);
    expect(admin.calls).toBe(0);
  });
});
