/**
 * DNS rebinding: a web page can make its own host name resolve to 127.0.0.1 and then talk to a developer's
 * emulator as if it were the same origin. The control API (it hands out API tokens, injects faults, adds apps) and
 * the emulated third party's consent pages answer only a Host that names this server's own loopback address and
 * port; the Okta API itself needs credentials a page does not have, as at Okta.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const GUARDED = ["/__emulator/", "/__thirdparty/"];

/** Whether `host` (the Host header) is this server's own loopback address and `port`. */
export function isOwnHost(host: string | undefined, port: number | undefined): boolean {
  if (!host || port === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

export function refuseForeignHosts(server: FastifyInstance): void {
  server.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (!GUARDED.some((prefix) => request.url.startsWith(prefix))) return;
    if (isOwnHost(request.headers.host, request.socket.localPort)) return;
    return reply
      .status(403)
      .type("application/json")
      .send({
        error: "forbidden_host",
        message:
          "the emulator's control API and pages answer only its own loopback address (Host 127.0.0.1:PORT or " +
          "localhost:PORT)",
      });
  });
}
