/**
 * HTTP_PROXY must not apply to a loopback org (the emulator, a local tunnel): its plain http:// would hand the API
 * token in clear to whatever proxy the environment names. Orgs elsewhere still go through it.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createTransport } from "../../../provider/client/transport";

function server(onRequest: (req: http.IncomingMessage) => void): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    onRequest(req);
    res.setHeader("content-type", "application/json");
    res.end("{}");
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

const portOf = (s: http.Server) => (s.address() as AddressInfo).port;

describe("the Okta client and HTTP_PROXY", () => {
  const saved = {
    HTTP_PROXY: process.env.HTTP_PROXY,
    http_proxy: process.env.http_proxy,
    NO_PROXY: process.env.NO_PROXY,
  };
  let proxy: http.Server;
  let org: http.Server;
  const seenByProxy: string[] = [];
  const seenByOrg: string[] = [];

  beforeAll(async () => {
    proxy = await server((req) => seenByProxy.push(`${req.url} ${req.headers.authorization ?? ""}`));
    org = await server((req) => seenByOrg.push(`${req.url} ${req.headers.authorization ?? ""}`));
    delete process.env.NO_PROXY;
    process.env.HTTP_PROXY = process.env.http_proxy = `http://127.0.0.1:${portOf(proxy)}`;
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise((r) => proxy.close(r));
    await new Promise((r) => org.close(r));
  });

  it.each(["127.0.0.1", "localhost"])(
    "sends a request to a loopback org (%s) straight to it, never to the proxy",
    async (host) => {
      const send = createTransport();
      const res = await send({
        method: "GET",
        url: `http://${host}:${portOf(org)}/api/v1/apps`,
        headers: { Authorization: "SSWS 00loopback-token-not-for-a-proxy" },
        timeoutMs: 5_000,
      });
      expect(res.status).toBe(200);
      expect(seenByProxy).toEqual([]);
      expect(seenByOrg).toContain("/api/v1/apps SSWS 00loopback-token-not-for-a-proxy");
    },
  );

  it("still goes through the proxy for an org that is not on this machine", async () => {
    const send = createTransport();
    await send({ method: "GET", url: "http://acme.okta.example/api/v1/apps", headers: {}, timeoutMs: 5_000 });
    expect(seenByProxy).toEqual(["http://acme.okta.example/api/v1/apps "]);
  });
});
