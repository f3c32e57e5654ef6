/** The emulated third party's authorize page (`/__thirdparty/…`) and Okta's OAuth callback. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { appKind } from "../catalog";
import { checkAwaiting, ConsentError, decideConsent, deniedContinueUrl, redeemConsent } from "../consent";
import { authorizePage, consentErrorPage, continuePage, pageNonce } from "../consent-pages";
import { findApp, touch, type OrgContext } from "../context";
import { operation } from "../server";
import { SPEC_ID } from "../spec";

/** A browser asks for HTML; a script (fetch, curl, the SDK) gets the JSON it always had. */
const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? "").includes("text/html");

export function consentRoutes(server: FastifyInstance, ctx: OrgContext): void {
  const html = (reply: FastifyReply, status: number, render: (nonce: string) => string) => {
    const { nonce, csp } = pageNonce();
    return reply
      .status(status)
      .type("text/html; charset=utf-8")
      .header("content-security-policy", csp)
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer")
      .send(render(nonce));
  };

  server.get("/__thirdparty/:appName/authorize", async (request, reply) => {
    const { appName } = request.params as { appName: string };
    const { state } = request.query as { state?: string };
    const label = appKind(appName).label;
    try {
      checkAwaiting(ctx, appName, state);
    } catch (err) {
      if (!(err instanceof ConsentError)) throw err;
      return html(reply, 400, (nonce) => consentErrorPage(nonce, appName, label, err.description));
    }
    return html(reply, 200, (nonce) => authorizePage(nonce, appName, label, request.url, ctx.org.name));
  });

  server.post("/__thirdparty/:appName/authorize", async (request, reply) => {
    const { appName } = request.params as { appName: string };
    const { state } = request.query as { state?: string };
    const decision = String((request.body as Record<string, unknown> | undefined)?.decision ?? "");
    const label = appKind(appName).label;
    try {
      if (wantsHtml(request) && decision === "deny") {
        const href = deniedContinueUrl(ctx, appName, state);
        return html(reply, 200, (nonce) => continuePage(nonce, appName, label, href, "deny"));
      }
      const answer = decideConsent(ctx, appName, state, decision);
      if (!wantsHtml(request)) return reply.send(answer);
      const href = answer.continue_oauth_flow_url.href;
      return html(reply, 200, (nonce) => continuePage(nonce, appName, label, href, "allow"));
    } catch (err) {
      if (!(err instanceof ConsentError)) throw err;
      const status = err.error === "access_denied" ? 403 : 400;
      if (wantsHtml(request))
        return html(reply, status, (n) => consentErrorPage(n, appName, label, err.description));
      return reply.status(status).send({ error: err.error, error_description: err.description });
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
      // Assumed: no recording of a refused callback.
      object: "callback",
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
