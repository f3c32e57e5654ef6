/** The emulated third party's authorize page (`/__thirdparty/…`) and Okta's OAuth callback. */
import type { FastifyInstance } from "fastify";
import { appKind } from "../catalog";
import { authorizePage, ConsentError, decideConsent, redeemConsent } from "../consent";
import { findApp, touch, type OrgContext } from "../context";
import { operation } from "../server";
import { SPEC_ID } from "../spec";

export function consentRoutes(server: FastifyInstance, ctx: OrgContext): void {
  server.get("/__thirdparty/:appName/authorize", async (request, reply) => {
    const { appName } = request.params as { appName: string };
    const action = request.url;
    return reply.type("text/html; charset=utf-8").send(authorizePage(appKind(appName).label, action));
  });

  server.post("/__thirdparty/:appName/authorize", async (request, reply) => {
    const { appName } = request.params as { appName: string };
    const { state } = request.query as { state?: string };
    const decision = String((request.body as Record<string, unknown> | undefined)?.decision ?? "");
    try {
      return reply.send(decideConsent(ctx, appName, state, decision));
    } catch (err) {
      if (!(err instanceof ConsentError)) throw err;
      return reply
        .status(err.error === "access_denied" ? 403 : 400)
        .send({ error: err.error, error_description: err.description });
    }
  });

  operation(
    server,
    ctx,
    {
      method: "POST",
      url: "/api/v1/apps/:appName/:appId/oauth2/callback",
      operationId: "verifyProvisioningConnectionForApplication",
      write: true,
      bucket: "apps",
      schema: {
        params: {
          type: "object",
          properties: {
            appName: { $ref: `${SPEC_ID}#/components/schemas/OAuthProvisioningEnabledApp` },
            appId: { type: "string" },
          },
        },
      },
    },
    (request) => {
      const { appName, appId } = request.params as { appName: string; appId: string };
      const { code, state } = request.query as { code?: string; state?: string };
      const app = findApp(ctx, appId);
      redeemConsent(app, appName, code, state);
      touch(ctx, app);
      return { status: 204 };
    },
  );
}
