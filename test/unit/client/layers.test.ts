/**
 * The client's layers, each alone around a fake next layer (the composed client is tested over real HTTP in the
 * other files of this folder): what each one adds is visible without a server.
 */
import { authorize, type Authorizer } from "../../../provider/client/auth";
import { mapErrors } from "../../../provider/client/errors";
import { retry } from "../../../provider/client/retry";
import { TransportFault } from "../../../provider/client/transport";
import type { OktaRequest, Outgoing, RawResponse, Send } from "../../../provider/client/types";
import { OktaApiError, OktaNetworkError } from "../../../provider/client";
import { tokenOrg, VirtualClock } from "./helpers";

const outgoing = (request: Partial<OktaRequest> = {}): Outgoing => ({
  request: { method: "GET", path: "/api/v1/apps", ...request },
  wire: {
    method: request.method ?? "GET",
    url: "https://acme.okta.com/api/v1/apps",
    headers: {},
    timeoutMs: 1000,
  },
  attempts: 0,
});
const answer = (status: number, headers: Record<string, string> = {}): RawResponse => ({
  status,
  data: {},
  headers,
});

/** A next layer that answers from a script and records what reached it. */
function scripted(...answers: Array<RawResponse | Error>) {
  const seen: Outgoing[] = [];
  const send: Send = async (out) => {
    seen.push(out);
    const next = answers.shift();
    if (!next) throw new Error("nothing scripted");
    if (next instanceof Error) throw next;
    return next;
  };
  return { send, seen };
}

describe("retry", () => {
  const layer = (clock = new VirtualClock()) =>
    retry({
      maxRetries: 2,
      backoffBaseMs: 100,
      backoffCapMs: 1000,
      maxRateLimitRetries: 1,
      maxRateLimitWaitMs: 60_000,
      clock,
      random: () => 1,
      stats: { recordRetry: () => undefined, recordWait: () => undefined },
    });

  it("tries a GET again after a 5xx and a dropped connection, and counts the attempts", async () => {
    const { send, seen } = scripted(
      answer(503),
      new TransportFault("ECONNRESET", "connection reset"),
      answer(200),
    );
    const out = outgoing();
    expect((await layer()(send)(out)).status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(out.attempts).toBe(3);
  });

  it("answers a POST's 5xx as it came: repeating the POST could act twice", async () => {
    const { send, seen } = scripted(answer(502));
    expect((await layer()(send)(outgoing({ method: "POST" }))).status).toBe(502);
    expect(seen).toHaveLength(1);
  });

  it("waits for the server's reset after a 429, then gives up after its retries with the last answer", async () => {
    const clock = new VirtualClock();
    const reset = {
      "x-rate-limit-reset": String(clock.t / 1000 + 30),
      date: new Date(clock.t).toUTCString(),
    };
    const { send } = scripted(answer(429, reset), answer(429, reset));
    expect((await layer(clock)(send)(outgoing())).status).toBe(429);
    expect(clock.sleeps).toEqual([31_000]);
  });
});

describe("authorize", () => {
  function authorizer(): Authorizer & { tokens: string[] } {
    let n = 0;
    const tokens: string[] = [];
    let current = "Bearer t0";
    return {
      tokens,
      refreshable: true,
      authorization: async () => current,
      invalidate: (header) => {
        if (header === current) current = `Bearer t${++n}`;
        tokens.push(header);
      },
    };
  }

  it("sends the org's Authorization header, and fetches a fresh token once after a 401", async () => {
    const auth = authorizer();
    const { send, seen } = scripted(answer(401), answer(200));
    expect((await authorize(auth)(send)(outgoing())).status).toBe(200);
    expect(seen.map((o) => o.wire.headers.Authorization)).toEqual(["Bearer t0", "Bearer t1"]);
  });

  it("blames the credentials after the fresh token is refused too", async () => {
    const { send, seen } = scripted(answer(401), answer(401));
    expect((await authorize(authorizer())(send)(outgoing())).status).toBe(401);
    expect(seen).toHaveLength(2);
  });
});

describe("mapErrors", () => {
  it("passes 2xx through and turns an error answer into an OktaApiError in the resolver's words", async () => {
    const org = tokenOrg("https://acme.okta.com");
    expect((await mapErrors(org)(scripted(answer(204)).send)(outgoing())).status).toBe(204);
    const err = await mapErrors(org)(scripted(answer(401)).send)(outgoing()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaApiError);
    expect((err as Error).message).toContain("pulumi config set --secret okta:apiToken");
  });

  it("says a fault of a POST was not retried, and how many attempts were made", async () => {
    const org = tokenOrg("https://acme.okta.com");
    const out = outgoing({ method: "POST" });
    out.attempts = 1;
    const err = await mapErrors(org)(scripted(new TransportFault("ECONNRESET", "connection reset")).send)(
      out,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaNetworkError);
    expect((err as Error).message).toMatch(
      /after 1 attempt .*not retried because repeating it could act twice/,
    );
  });

  it("an org built by hand gets plain fix-it words, naming no config key", async () => {
    const org = { url: "https://acme.okta.com", auth: { kind: "apiToken" as const, token: "t-secret-123" } };
    const err = (await mapErrors(org)(scripted(answer(401)).send)(outgoing()).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toContain("create a new token");
    expect(err.message).not.toMatch(/okta:|okta-provisioning:|OKTA_/);
  });
});
