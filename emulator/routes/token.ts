/** `POST /oauth2/v1/token`: OAuth 2.0 client credentials for service apps, answering in OAuth's own error format. */
import type { FastifyInstance } from "fastify";
import { OAuthError } from "../auth";
import type { OrgContext } from "../context";
import { redactUrl } from "../observe";

export function tokenRoutes(server: FastifyInstance, ctx: OrgContext): void {
  server.post("/oauth2/v1/token", async (request, reply) => {
    let status = 200;
    try {
      const body = await ctx.auth.issueToken(
        (request.body ?? {}) as Record<string, unknown>,
        `${ctx.url}/oauth2/v1/token`,
      );
      reply.header("Cache-Control", "no-store");
      return reply.send(body);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      status = err.statusCode;
      return reply.status(err.statusCode).send({ error: err.error, error_description: err.description });
    } finally {
      ctx.observer.record(
        {
          time: new Date().toISOString(),
          org: ctx.org.name,
          method: "POST",
          path: redactUrl(request.url),
          operation: "oauth2Token",
          status,
        },
        "served",
        true,
      );
    }
  });
}
