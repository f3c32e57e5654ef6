/** Small Okta-shaped HTTP servers for the client's tests: real HTTP on 127.0.0.1, a random port. */
import { inspect } from "node:util";
import Fastify, { type FastifyInstance } from "fastify";
import { resolveOrg, type OrgConnection } from "../../../provider/orgs";
import type { Transport } from "../../../provider/client/types";

export interface TestServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(routes: (app: FastifyInstance) => void): Promise<TestServer> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  routes(app);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export function oktaError(errorCode: string, errorSummary: string, causes: string[] = []) {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: "oaeTestErrorId",
    errorCauses: causes.map((c) => ({ errorSummary: c })),
  };
}

export const API_TOKEN = "00SecretApiToken-do-not-leak-4f9a";

type Limits = NonNullable<OrgConnection["limits"]>;
const lookup = (values: Record<string, string | undefined>) => ({ get: (key: string) => values[key] });

/**
 * An org with an API token, read from stack config by the provider's own resolver (as every resource's org is), so
 * the fix-it texts of the client's errors come with it. `alias` makes it a named org of `okta-provisioning:orgs`.
 */
export function tokenOrg(url: string, extra: { alias?: string; limits?: Limits } = {}): OrgConnection {
  const { alias, limits = {} } = extra;
  if (alias)
    return resolveOrg(
      alias,
      lookup({
        "okta-provisioning:orgs": JSON.stringify({
          [alias]: { orgUrl: url, apiToken: API_TOKEN, ...limits },
        }),
      }),
      {},
    );
  return resolveOrg(
    undefined,
    lookup({
      "okta-provisioning:orgUrl": url,
      "okta:apiToken": API_TOKEN,
      "okta-provisioning:requestsPerMinute": limits.requestsPerMinute?.toString(),
      "okta-provisioning:maxConcurrency": limits.maxConcurrency?.toString(),
    }),
    {},
  );
}

/** A service app's org, read from the default org's stack config keys by the provider's resolver. */
export function serviceAppOrg(
  url: string,
  app: { clientId: string; privateKey: string; privateKeyId?: string; scopes: string[] },
): OrgConnection {
  return resolveOrg(
    undefined,
    lookup({
      "okta-provisioning:orgUrl": url,
      "okta:clientId": app.clientId,
      "okta:privateKey": app.privateKey,
      "okta:privateKeyId": app.privateKeyId,
      "okta:scopes": app.scopes.join(" "),
    }),
    {},
  );
}

/**
 * Virtual time: sleeping advances it at once, so minute-long rate-limit windows pass in milliseconds. Calls
 * already on the wire land first (as if the network were instant), so none arrives in a window it was not sent
 * in: pass `wrapTransport: clock.wire` to the client.
 */
export class VirtualClock {
  t = Date.parse("2030-01-01T00:00:00Z");
  readonly sleeps: number[] = [];
  private onWire = 0;
  now = () => this.t;
  sleep = async (ms: number) => {
    while (this.onWire > 0) await new Promise((r) => setTimeout(r, 1));
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  };
  wire =
    (send: Transport): Transport =>
    async (req) => {
      this.onWire++;
      try {
        return await send(req);
      } finally {
        this.onWire--;
      }
    };
}

/** Fails with the place where `secret` shows in any rendering of `value`. */
export function expectNoSecret(value: unknown, secrets: string[]): void {
  const renderings = [
    JSON.stringify(value, Object.getOwnPropertyNames(value as object)),
    JSON.stringify(value),
    inspect(value, { depth: 10, showHidden: true }),
    String(value),
    (value as Error)?.stack ?? "",
  ];
  for (const secret of secrets) {
    for (const text of renderings) expect(text).not.toContain(secret);
  }
}

export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}
