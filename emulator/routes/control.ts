/**
 * The control API under the reserved prefix `/__emulator/`, on each org's own port and about that org. No Okta
 * credentials: it is for the test or CI job that started the emulator, on loopback only.
 */
import type { FastifyInstance } from "fastify";
import type { OrgContext } from "../context";
import type { FaultSpec } from "../faults";
import type { RateLimitOptions } from "../rate-limit";
import type { Scope } from "../store";

/** The org operations the control API exposes; implemented by the emulator (index.ts). */
export interface OrgControl {
  addApp(input: { name: string; label?: string }): { id: string; name: string; label: string };
  registerServiceApp(input: { clientId: string; publicKey: object | string; scopes?: Scope[] }): void;
  addApiToken(input: { scopes?: Scope[] }): string;
  setRateLimit(options: RateLimitOptions | false): void;
}

export function controlRoutes(server: FastifyInstance, ctx: OrgContext, control: OrgControl): void {
  const bad = (message: string) => ({ error: "bad_request", message });

  server.get("/__emulator/counters", async () => ctx.observer.countersFor(ctx.org.name));
  server.get("/__emulator/log", async () => ctx.observer.requestLog(ctx.org.name));
  server.post("/__emulator/reset", async (_request, reply) => {
    ctx.observer.reset(ctx.org.name);
    return reply.status(204).send();
  });
  server.get("/__emulator/faults", async () => ctx.faults.get());
  server.put("/__emulator/faults", async (request, reply) => {
    const body = request.body as FaultSpec | { spec?: string } | undefined;
    try {
      ctx.faults.set(body && "spec" in body ? body.spec : (body as FaultSpec | undefined));
    } catch (err) {
      return reply.status(400).send(bad((err as Error).message));
    }
    return ctx.faults.get();
  });
  server.get("/__emulator/rate-limits", async () => ctx.limiter.current());
  server.put("/__emulator/rate-limits", async (request, reply) => {
    const body = request.body as RateLimitOptions | { enabled: false } | undefined;
    if (!body || typeof body !== "object") return reply.status(400).send(bad("a JSON object is required"));
    control.setRateLimit("enabled" in body && body.enabled === false ? false : (body as RateLimitOptions));
    return ctx.limiter.current();
  });
  server.get("/__emulator/apps", async () =>
    ctx.org.apps.map(({ id, name, label }) => ({ id, name, label })),
  );
  server.post("/__emulator/apps", async (request, reply) => {
    const body = request.body as { name?: string; label?: string } | undefined;
    if (!body?.name) return reply.status(400).send(bad("name is required"));
    return reply.status(201).send(control.addApp({ name: body.name, label: body.label }));
  });
  server.post("/__emulator/service-apps", async (request, reply) => {
    const body = request.body as
      { clientId?: string; publicKey?: object | string; scopes?: Scope[] } | undefined;
    if (!body?.clientId || !body.publicKey)
      return reply.status(400).send(bad("clientId and publicKey are required"));
    control.registerServiceApp({ clientId: body.clientId, publicKey: body.publicKey, scopes: body.scopes });
    return reply.status(204).send();
  });
  server.post("/__emulator/api-tokens", async (request, reply) => {
    const body = (request.body ?? {}) as { scopes?: Scope[] };
    // The caller asked for a new credential, so this one answer carries it; it is never logged.
    return reply.status(201).send({ token: control.addApiToken({ scopes: body.scopes }) });
  });
}
