/**
 * A request's signal (a cancelled `pulumi up`, a resource's customTimeouts) abandons it: the caller hears at once,
 * with the reason, and nothing more reaches Okta — not the answer in flight, not a retry, not a request that was
 * still waiting for the rate limit.
 */
import { createOktaClient, OktaRequestAborted } from "../../../provider/client";
import { caught, oktaError, startServer, tokenOrg, type TestServer } from "./helpers";

const PATH = "/api/v1/apps/0oa1234567890abcdefg/connections/default";

let server: TestServer;
const seen = { requests: 0, closedEarly: 0 };
let mode: "hang" | "503" | "spent" = "hang";

beforeAll(async () => {
  server = await startServer((app) => {
    const handler = async (req: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
      seen.requests++;
      if (mode === "503") return reply.code(503).send(oktaError("E0000009", "Internal Server Error"));
      if (mode === "spent") {
        // The window is spent for the next 60 s: the limiter holds any further request until then.
        reply.header("X-Rate-Limit-Limit", "10");
        reply.header("X-Rate-Limit-Remaining", "0");
        reply.header("X-Rate-Limit-Reset", String(Math.ceil(Date.now() / 1000) + 60));
        reply.header("Date", new Date().toUTCString());
        return reply.code(200).send({ status: "ENABLED" });
      }
      // Okta never answers: only the signal can end the wait.
      req.raw.on("close", () => seen.closedEarly++);
      return new Promise(() => undefined);
    };
    for (const method of ["GET", "POST"] as const) app.route({ method, url: PATH, handler });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  seen.requests = 0;
  seen.closedEarly = 0;
});

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a request's signal", () => {
  it("abandons a request Okta has not answered, at once, saying why, and drops the connection", async () => {
    mode = "hang";
    const client = createOktaClient(tokenOrg(server.url));
    const controller = new AbortController();
    const pending = caught(
      client.request({
        method: "POST",
        path: PATH,
        body: {},
        operation: "createConnection",
        signal: controller.signal,
      }),
    );
    while (seen.requests === 0) await settle(10);
    controller.abort(new Error("timed out after 2 s (customTimeouts create)"));
    const err = await pending;
    expect(err).toBeInstanceOf(OktaRequestAborted);
    expect(err.message).toBe(
      `The request to save the provisioning connection of app 0oa1234567890abcdefg at ${server.url} was abandoned: timed out after 2 s (customTimeouts create). ` +
        "It may have taken effect: check in Okta.",
    );
    await settle();
    expect(seen.closedEarly).toBe(1);
  });

  it("stops the retries of a request Okta keeps failing", async () => {
    mode = "503";
    const client = createOktaClient(tokenOrg(server.url), {
      backoffBaseMs: 500,
      backoffCapMs: 500,
      random: () => 1,
    });
    const controller = new AbortController();
    const pending = caught(client.request({ method: "GET", path: PATH, signal: controller.signal }));
    while (seen.requests === 0) await settle(10);
    const started = Date.now();
    controller.abort(new Error("cancelled"));
    expect(await pending).toBeInstanceOf(OktaRequestAborted);
    expect(Date.now() - started).toBeLessThan(400);
    // Without the signal, six more attempts would have followed 500 ms apart.
    await settle(1_200);
    expect(seen.requests).toBe(1);
  });

  it("never sends a request that was waiting for the rate limit", async () => {
    mode = "spent";
    const client = createOktaClient(tokenOrg(server.url));
    await client.request({ method: "GET", path: PATH });
    expect(seen.requests).toBe(1);
    const controller = new AbortController();
    const pending = caught(client.request({ method: "GET", path: PATH, signal: controller.signal }));
    await settle(200);
    controller.abort(new Error("cancelled"));
    const err = await pending;
    expect(err).toBeInstanceOf(OktaRequestAborted);
    expect(err.message).toMatch(/was abandoned: cancelled\.$/);
    await settle();
    expect(seen.requests).toBe(1);
  });

  it("refuses to start a request whose signal already fired", async () => {
    mode = "hang";
    const client = createOktaClient(tokenOrg(server.url));
    const err = await caught(
      client.request({ method: "GET", path: PATH, signal: AbortSignal.abort(new Error("cancelled")) }),
    );
    expect(err).toBeInstanceOf(OktaRequestAborted);
    expect(seen.requests).toBe(0);
  });
});
