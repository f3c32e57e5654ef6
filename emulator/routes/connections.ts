/** `/api/v1/apps/{appId}/connections/default` and its lifecycle and JWKS. */
import type { FastifyInstance } from "fastify";
import * as jose from "jose";
import {
  canProvision,
  checkActivation,
  CONNECTION,
  connectionFromPost,
  renderConnection,
} from "../connections";
import { findApp, touch, type OrgContext } from "../context";
import { OktaError, validationFailed } from "../errors";
import { booleanQuery, operation } from "../server";
import type { AppRecord } from "../store";

const BASE = "/api/v1/apps/:appId/connections/default";

async function provisioningJwk(app: AppRecord): Promise<Record<string, unknown>> {
  if (!app.jwk) {
    const { publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
    const jwk = await jose.exportJWK(publicKey);
    const kid = await jose.calculateJwkThumbprint(jwk);
    app.jwk = { ...jwk, kid, use: "sig", alg: "RS256" };
  }
  return app.jwk;
}

export function connectionRoutes(server: FastifyInstance, ctx: OrgContext): void {
  const appOf = (params: unknown) => findApp(ctx, (params as { appId: string }).appId);

  operation(
    server,
    ctx,
    {
      method: "GET",
      url: BASE,
      operationId: "getDefaultProvisioningConnectionForApplication",
      write: false,
      bucket: "apps",
      object: CONNECTION,
    },
    (request) => ({ status: 200, body: renderConnection(ctx.url, appOf(request.params)) }),
  );

  operation(
    server,
    ctx,
    {
      method: "POST",
      url: BASE,
      operationId: "updateDefaultProvisioningConnectionForApplication",
      write: true,
      bucket: "apps",
      object: CONNECTION,
      // Recorded: an app that cannot provision answers any POST with 200 UNKNOWN (py-bookmark-connection-post).
      skipBodyCheck: (request) => !canProvision(appOf(request.params)),
      // The app's own rules, reported together with the spec's (request-validation.ts) in one answer; the
      // credentials are verified in the handler, once the body passed.
      refuse: (request) => {
        const app = appOf(request.params);
        if (!canProvision(app)) return [];
        const activate = booleanQuery((request.query as Record<string, unknown>).activate, "activate");
        try {
          connectionFromPost(ctx, app, request.body, activate, { verify: false });
          return [];
        } catch (err) {
          if (err instanceof OktaError && err.errorCode === "E0000001") return err.causes;
          throw err;
        }
      },
    },
    (request) => {
      const app = appOf(request.params);
      if (!canProvision(app)) return { status: 200, body: renderConnection(ctx.url, app) };
      const activate = booleanQuery((request.query as Record<string, unknown>).activate, "activate");
      app.connection = connectionFromPost(ctx, app, request.body, activate);
      touch(ctx, app);
      return { status: 200, body: renderConnection(ctx.url, app) };
    },
  );

  operation(
    server,
    ctx,
    {
      method: "POST",
      url: `${BASE}/lifecycle/activate`,
      operationId: "activateDefaultProvisioningConnectionForApplication",
      write: true,
      bucket: "apps",
      object: CONNECTION,
    },
    (request) => {
      const app = appOf(request.params);
      // Recorded: 204 on an app that cannot provision, although nothing is enabled (py-bookmark-connection-*).
      if (!canProvision(app)) return { status: 204 };
      checkActivation(app).status = "ENABLED";
      touch(ctx, app);
      return { status: 204 };
    },
  );

  operation(
    server,
    ctx,
    {
      method: "POST",
      url: `${BASE}/lifecycle/deactivate`,
      operationId: "deactivateDefaultProvisioningConnectionForApplication",
      write: true,
      bucket: "apps",
      object: CONNECTION,
    },
    (request) => {
      const app = appOf(request.params);
      if (app.connection) app.connection.status = "DISABLED";
      touch(ctx, app);
      return { status: 204 };
    },
  );

  operation(
    server,
    ctx,
    {
      method: "GET",
      url: `${BASE}/jwks`,
      operationId: "getUserProvisioningConnectionJWKS",
      write: false,
      bucket: "apps",
      object: CONNECTION,
    },
    async (request) => {
      const app = appOf(request.params);
      if (app.name !== "okta_org2org") {
        throw validationFailed(
          CONNECTION,
          `A provisioning JWKS exists only for okta_org2org apps, not ${app.name}.`,
        );
      }
      const fresh = !app.jwk;
      const jwk = await provisioningJwk(app);
      if (fresh) ctx.store.changed();
      return { status: 200, body: { jwks: { keys: [jwk] } } };
    },
  );
}
