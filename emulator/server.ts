/**
 * One fastify server per org. API routes are declared through `operation()`, which composes the middleware in
 * Okta's order: request id → authentication (401) → scope (403) → rate limit and concurrency (429) → injected
 * faults → the handler. The request is logged and counted once, when its socket closes, whatever happened.
 */
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
} from "fastify";
import formbody from "@fastify/formbody";
import { OrgAuth } from "./auth";
import type { OrgContext } from "./context";
import { OktaError, malformedBody, notFound, serverError, tooManyRequests, validationFailed } from "./errors";
import { requestId } from "./ids";
import type { Outcome } from "./observe";
import { redactUrl } from "./observe";
import type { Bucket } from "./rate-limit";
import { bodyRequired, requestBodyProblems } from "./request-validation";
import { specAsJsonSchema } from "./spec";

export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface OperationDef {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  operationId: string;
  write: boolean;
  bucket: Bucket;
  /**
   * The object a 400 E0000001 of this operation names in its summary ("Api validation failed: feature" is
   * recorded for features; the others are assumed: docs/emulator.md).
   */
  object: string;
  schema?: FastifySchema;
  /**
   * What this route refuses in a request beyond the spec's request schema (app rules, cron, time zones), computed
   * before anything is stored. May also throw an OktaError of its own (404, provisioning not enabled).
   */
  refuse?: (request: FastifyRequest) => string[];
  /** When it answers true, the spec's body check is skipped (an app that cannot provision takes any POST). */
  skipBodyCheck?: (request: FastifyRequest) => boolean;
  /** The body as the spec's request check should see it, where recorded traffic spells a field otherwise. */
  specBody?: (body: unknown) => unknown;
}

interface Track {
  operation: string;
  object: string;
  write: boolean;
  outcome: Outcome;
  fault?: string;
  status?: number;
  inFlight: boolean;
  resetAfter: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    emu?: Track;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function destroy(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket?.destroy();
}

export function createOrgServer(): FastifyInstance {
  const app = Fastify({
    logger: false,
    // close() must not wait for keep-alive clients; a restarted emulator may reuse the port at once.
    forceCloseConnections: true,
    // Okta answers `//api/v1/apps/…` as `/api/v1/apps/…` (recorded: py-connection-app-not-found.json).
    routerOptions: { ignoreDuplicateSlashes: true },
    ajv: { customOptions: { strict: false, coerceTypes: false } },
  });
  app.register(formbody);
  // Okta accepts a POST with `Content-Type: application/json` and no body (lifecycle, callback); so do we.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (!text.trim()) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(malformedBody(), undefined);
    }
  });
  app.addSchema(specAsJsonSchema());

  app.addHook("onRequest", async (request, reply) => {
    reply.header("X-Okta-Request-Id", requestId());
  });

  app.setErrorHandler(
    (error: Error & { validation?: unknown; statusCode?: number; code?: string }, request, reply) => {
      let okta: OktaError;
      if (error instanceof OktaError) okta = error;
      else if (error.validation) {
        const v = error.validation as {
          instancePath?: string;
          message?: string;
          params?: { allowedValues?: string[] };
        }[];
        const where = (error as { validationContext?: string }).validationContext ?? "request";
        okta = validationFailed(
          request.emu?.object ?? "request",
          ...v.map((e) => {
            const allowed = e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : "";
            return `${where}${(e.instancePath ?? "").replace(/\//g, ".")}: ${e.message}${allowed}.`;
          }),
        );
      } else if (error.statusCode && error.statusCode < 500) okta = malformedBody();
      else okta = serverError(500);
      if (request.emu) request.emu.status = okta.statusCode;
      void reply.status(okta.statusCode).type("application/json").send(okta.body());
    },
  );

  app.setNotFoundHandler((request, reply) => {
    const err = notFound(request.url.split("?")[0], "Endpoint");
    void reply.status(404).send(err.body());
  });

  return app;
}

/** Registers one API operation with the whole middleware chain around `handler`. */
export function operation(
  app: FastifyInstance,
  ctx: OrgContext,
  def: OperationDef,
  handler: (request: FastifyRequest) => Promise<Result> | Result,
): void {
  app.route({
    method: def.method,
    url: def.url,
    schema: def.schema,
    onRequest: async (request, reply) => {
      const track: Track = {
        operation: def.operationId,
        object: def.object,
        write: def.write,
        outcome: "served",
        inFlight: false,
        resetAfter: false,
      };
      request.emu = track;
      // Okta's Date header, from the emulator's clock so that Reset − Date reads right under an injected clock.
      reply.header("Date", new Date(ctx.clock()).toUTCString());
      reply.raw.once("close", () => {
        if (track.inFlight) ctx.limiter.release();
        ctx.observer.record(
          {
            time: new Date().toISOString(),
            org: ctx.org.name,
            method: def.method,
            path: redactUrl(request.url),
            operation: def.operationId,
            status: reply.raw.headersSent ? reply.raw.statusCode : 0,
            ...(track.fault ? { fault: track.fault } : {}),
          },
          track.outcome,
          def.write,
        );
      });

      const caller = ctx.auth.authenticate(request.headers.authorization);
      OrgAuth.authorize(caller, def.write);

      const slot = ctx.limiter.enter();
      if (!slot.allowed) {
        reply.headers({ ...slot.headers });
        track.outcome = "rateLimited";
        throw tooManyRequests();
      }
      track.inFlight = true;
      const admission = ctx.limiter.admit(def.bucket, caller.principal);
      if (admission) reply.headers({ ...admission.headers });
      if (admission && !admission.allowed) {
        track.outcome = "rateLimited";
        throw tooManyRequests();
      }

      const fault = ctx.faults.next();
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.kind === "none") return;
      track.fault = fault.kind === "status" ? String(fault.status) : fault.kind;
      if (fault.kind === "reset-after") {
        track.resetAfter = true;
        return;
      }
      track.outcome = fault.kind === "429" ? "fault-429" : "fault";
      if (fault.kind === "429") {
        // An injected burst looks like the real thing to a client: Remaining 0 until the reset.
        reply.header("X-Rate-Limit-Remaining", "0");
        if (!admission) {
          reply.header("X-Rate-Limit-Limit", "0");
          reply.header("X-Rate-Limit-Reset", String(Math.ceil(ctx.clock() / 1000) + 1));
        }
        throw tooManyRequests();
      }
      if (fault.kind === "drop") {
        destroy(request, reply);
        return reply;
      }
      throw serverError(fault.status);
    },
    // After authentication, rate limits and faults, before the handler: a body the spec refuses changes nothing.
    preHandler: async (request) => {
      // A required body that is missing is "not well-formed" before anything else is judged (recorded: a feature
      // PUT with no body on an app that cannot provision, py-features-app-cannot-provision.json #3).
      if (request.body === undefined && bodyRequired(def.operationId)) throw malformedBody();
      const causes = def.refuse?.(request) ?? [];
      if (!def.skipBodyCheck?.(request))
        causes.push(
          ...requestBodyProblems(
            def.operationId,
            def.specBody ? def.specBody(request.body) : request.body,
            request.params as Record<string, unknown>,
          ),
        );
      if (causes.length) throw validationFailed(def.object, ...new Set(causes));
    },
    handler: async (request, reply) => {
      const result = await handler(request);
      const track = request.emu!;
      if (track.resetAfter) {
        track.outcome = "fault-applied";
        destroy(request, reply);
        return reply;
      }
      if (result.headers) reply.headers(result.headers);
      reply.status(result.status);
      if (result.body === undefined) return reply.send();
      return reply.type("application/json").send(result.body);
    },
  });
}

/** Turns the `activate` query value into a boolean the way Okta reads it (TRUE/true/FALSE/false). */
export function booleanQuery(value: unknown, name: string): boolean {
  if (value === undefined || value === "") return false;
  const text = String(value).toLowerCase();
  if (text === "true") return true;
  if (text === "false") return false;
  throw validationFailed(name, `${name}: must be TRUE or FALSE.`);
}
