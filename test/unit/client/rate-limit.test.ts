import { createOktaClient, OktaApiError } from "../../../provider/client";
import { caught, oktaError, startServer, tokenOrg, VirtualClock, type TestServer } from "./helpers";

const PATH = "/api/v1/apps/0oa1234567890abcdefg/features";

/**
 * Okta's fixed-window bucket, on the test's virtual clock: `limit` calls per `windowMs`, the rate-limit headers
 * on every answer, 429 E0000047 past the limit.
 */
async function bucketServer(clock: VirtualClock, limit: number, windowMs = 60_000, skewMs = 0) {
  const state = {
    served: 0,
    rejected: 0,
    perWindow: new Map<number, number>(),
    inFlight: 0,
    maxInFlight: 0,
    arrivals: [] as number[],
  };
  const server = await startServer((app) =>
    app.get(PATH, async (_req, reply) => {
      state.arrivals.push(clock.now());
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise((r) => setTimeout(r, 2));
      state.inFlight--;
      const serverNow = clock.now() + skewMs;
      const window = Math.floor(serverNow / windowMs);
      const used = (state.perWindow.get(window) ?? 0) + 1;
      state.perWindow.set(window, used);
      reply.header("X-Rate-Limit-Limit", String(limit));
      reply.header("X-Rate-Limit-Remaining", String(Math.max(0, limit - used)));
      reply.header("X-Rate-Limit-Reset", String(((window + 1) * windowMs) / 1000));
      reply.header("Date", new Date(serverNow).toUTCString());
      if (used > limit) {
        state.rejected++;
        return reply
          .code(429)
          .send(oktaError("E0000047", "API call exceeded rate limit due to too many requests."));
      }
      state.served++;
      return [];
    }),
  );
  return { server, state };
}

describe("pacing by Okta's rate-limit headers", () => {
  it.each([
    ["in step with ours", 0],
    ["an hour ahead", 3_600_000],
    ["a day and 17 s behind", -86_417_000],
  ])(
    "runs 23 calls at a 5-per-minute limit without a single 429, in the fewest windows (server clock %s)",
    async (_, skewMs) => {
      const clock = new VirtualClock();
      const { server, state } = await bucketServer(clock, 5, 60_000, skewMs);
      try {
        const client = createOktaClient(tokenOrg(server.url), {
          clock,
          wrapTransport: clock.wire,
          maxConcurrency: 8,
        });
        const start = clock.now();
        await Promise.all(Array.from({ length: 23 }, () => client.request({ method: "GET", path: PATH })));

        expect(state.rejected).toBe(0);
        expect(state.served).toBe(23);
        expect(Math.max(...state.perWindow.values())).toBeLessThanOrEqual(5);
        // 23 calls need 5 windows; pacing must not waste more than one more.
        expect(clock.now() - start).toBeLessThan(6 * 60_000);
        const stats = client.limiterStats();
        expect(stats).toMatchObject({ calls: 23, rateLimited: 0 });
        expect(stats.waits).toBeGreaterThan(0);
        expect(stats.waitedMs).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    },
  );

  it("keeps to maxConcurrency calls in flight", async () => {
    const clock = new VirtualClock();
    const { server, state } = await bucketServer(clock, 1000);
    try {
      const client = createOktaClient(tokenOrg(server.url), {
        clock,
        wrapTransport: clock.wire,
        maxConcurrency: 3,
      });
      await Promise.all(Array.from({ length: 30 }, () => client.request({ method: "GET", path: PATH })));
      expect(state.served).toBe(30);
      expect(state.maxInFlight).toBeLessThanOrEqual(3);
      expect(state.maxInFlight).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });

  it("honours a static requestsPerMinute cap below Okta's limit", async () => {
    const clock = new VirtualClock();
    const { server, state } = await bucketServer(clock, 1000);
    try {
      const client = createOktaClient(tokenOrg(server.url, { limits: { requestsPerMinute: 4 } }), {
        clock,
        wrapTransport: clock.wire,
      });
      const start = clock.now();
      await Promise.all(Array.from({ length: 9 }, () => client.request({ method: "GET", path: PATH })));
      expect(state.served).toBe(9);
      // 4 in the first minute, 4 in the second, the ninth after two minutes.
      const minutes = state.arrivals.map((t) => Math.floor((t - start) / 60_000));
      expect(minutes).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2]);
    } finally {
      await server.close();
    }
  });
});

describe("429 Too Many Requests", () => {
  let server: TestServer;
  const state = { calls: 0, reject: 1 };
  // The server's clock is years away from ours: only Reset − Date may be trusted.
  const serverNow = Date.parse("2001-02-03T04:05:06Z");
  beforeAll(async () => {
    server = await startServer((app) => {
      const handler = async (_req: unknown, reply: import("fastify").FastifyReply) => {
        state.calls++;
        reply.header("Date", new Date(serverNow).toUTCString());
        reply.header("X-Rate-Limit-Limit", "50");
        reply.header("X-Rate-Limit-Reset", String(serverNow / 1000 + 3));
        reply.header("X-Okta-Request-Id", `req-${state.calls}`);
        if (state.calls <= state.reject) {
          reply.header("X-Rate-Limit-Remaining", "0");
          return reply
            .code(429)
            .send(oktaError("E0000047", "API call exceeded rate limit due to too many requests."));
        }
        reply.header("X-Rate-Limit-Remaining", "49");
        return reply.code(200).send({ ok: true });
      };
      app.get(PATH, handler);
      app.post(PATH, handler);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    state.calls = 0;
    state.reject = 1;
  });

  it("waits until the server's Reset − Date plus a second, then retries (even a POST: it was not processed)", async () => {
    const clock = new VirtualClock();
    const client = createOktaClient(tokenOrg(server.url), { clock });
    const res = await client.request<{ ok: boolean }>({ method: "POST", path: PATH, body: {} });
    expect(res.data).toEqual({ ok: true });
    expect(state.calls).toBe(2);
    expect(clock.sleeps).toContain(4_000);
    expect(client.limiterStats().rateLimited).toBe(1);
  });

  it("gives up after its retries with a message that says how to slow down", async () => {
    state.reject = 100;
    const clock = new VirtualClock();
    const client = createOktaClient(tokenOrg(server.url), { clock, maxRateLimitRetries: 2 });
    const err = await caught(
      client.request({ method: "GET", path: PATH, operation: "listFeaturesForApplication" }),
    );
    expect(err).toBeInstanceOf(OktaApiError);
    expect(state.calls).toBe(3);
    expect((err as OktaApiError).status).toBe(429);
    expect((err as OktaApiError).requestId).toBe("req-3");
    expect(err.message).toContain("rate limit");
    expect(err.message).toContain("okta-provisioning:maxConcurrency");
    expect(err.message).toContain("requestsPerMinute");
    expect(err.message).toContain("req-3");
  });

  it("bounds a single wait however far away the server says the reset is", async () => {
    const clock = new VirtualClock();
    const far = await startServer((app) =>
      app.get(PATH, async (_req, reply) => {
        reply.header("Date", new Date(serverNow).toUTCString());
        reply.header("X-Rate-Limit-Reset", String(serverNow / 1000 + 3600));
        reply.header("X-Rate-Limit-Remaining", "0");
        return reply
          .code(429)
          .send(oktaError("E0000047", "API call exceeded rate limit due to too many requests."));
      }),
    );
    try {
      const client = createOktaClient(tokenOrg(far.url), {
        clock,
        maxRateLimitRetries: 1,
        maxRateLimitWaitMs: 90_000,
      });
      await caught(client.request({ method: "GET", path: PATH }));
      expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(90_000);
    } finally {
      await far.close();
    }
  });
});

describe("one window per rate-limit bucket (issue 18, defect 9)", () => {
  it("the Reset of GET /api/v1/apps/{id} does not let apps-bucket calls through a spent window", async () => {
    const clock = new VirtualClock();
    const APP_PATH = "/api/v1/apps/0oa1234567890abcdefg";
    const rejected: string[] = [];
    const used = new Map<string, number>();
    // Okta's two buckets: the apps bucket (5 a minute here) and the app-instance bucket (100, its window later).
    const answer =
      (bucket: string, limit: number, offsetMs: number) => (reply: import("fastify").FastifyReply) => {
        const window = Math.floor((clock.now() + offsetMs) / 60_000);
        const key = `${bucket}:${window}`;
        const count = (used.get(key) ?? 0) + 1;
        used.set(key, count);
        reply.header("X-Rate-Limit-Limit", String(limit));
        reply.header("X-Rate-Limit-Remaining", String(Math.max(0, limit - count)));
        reply.header("X-Rate-Limit-Reset", String(((window + 1) * 60_000 - offsetMs) / 1000));
        reply.header("Date", new Date(clock.now()).toUTCString());
        if (count > limit) {
          rejected.push(bucket);
          return reply
            .code(429)
            .send(oktaError("E0000047", "API call exceeded rate limit due to too many requests."));
        }
        return reply.send(bucket === "app" ? { id: "0oa1234567890abcdefg", name: "zscalerbyz" } : []);
      };
    const server = await startServer((app) => {
      app.get(PATH, async (_req, reply) => answer("apps", 5, 0)(reply));
      app.get(APP_PATH, async (_req, reply) => answer("app", 100, -30_000)(reply));
    });
    try {
      // 40 s into an apps window: it resets in 20 s, the app-instance bucket's window in 50 s.
      clock.t = Math.ceil(clock.t / 60_000) * 60_000 + 40_000;
      const client = createOktaClient(tokenOrg(server.url), { clock, wrapTransport: clock.wire });
      // The app-instance call is answered first: 99 left, reset in 50 s. The apps bucket has 5 in a window that
      // resets in 20 s; its answers carry an earlier Reset, which one shared window would not believe.
      await client.request({ method: "GET", path: APP_PATH });
      await Promise.all(Array.from({ length: 12 }, () => client.request({ method: "GET", path: PATH })));
      expect(rejected).toEqual([]);
      expect(client.limiterStats().rateLimited).toBe(0);
    } finally {
      await server.close();
    }
  });
});
