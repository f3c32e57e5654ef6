/** `/api/v1/apps/{appId}/features` and `/features/{featureName}`: list, get, and PUT (a deep merge). */
import type { FastifyInstance } from "fastify";
import { appKind, type FeatureName } from "../catalog";
import { findApp, touch, type OrgContext } from "../context";
import { notFound, validationFailed } from "../errors";
import {
  defaultCapabilities,
  FEATURE_DESCRIPTIONS,
  featurePutProblems,
  featureStatus,
  mergeCapabilities,
} from "../features";
import { operation } from "../server";
import { SPEC_ID } from "../spec";
import type { AppRecord, Capabilities } from "../store";

const featureParams = {
  type: "object",
  properties: {
    appId: { type: "string" },
    featureName: { $ref: `${SPEC_ID}#/components/schemas/ApplicationFeatureType` },
  },
};

/** Features answer only while the connection is enabled (Okta's rule). */
function enabledApp(ctx: OrgContext, appId: string): AppRecord {
  const app = findApp(ctx, appId);
  if (!appKind(app.name).provisioning || app.connection?.status !== "ENABLED") {
    throw validationFailed("Provisioning is not enabled for the app instance.");
  }
  return app;
}

function capabilitiesOf(app: AppRecord, name: FeatureName): Capabilities {
  if (!appKind(app.name).provisioning!.features.includes(name)) throw notFound(name, "AppFeature");
  return app.features[name] ?? defaultCapabilities(name);
}

function render(ctx: OrgContext, app: AppRecord, name: FeatureName): Record<string, unknown> {
  const capabilities = capabilitiesOf(app, name);
  return {
    name,
    status: featureStatus(name, capabilities),
    description: FEATURE_DESCRIPTIONS[name],
    capabilities,
    _links: {
      self: { href: `${ctx.url}/api/v1/apps/${app.id}/features/${name}`, hints: { allow: ["GET", "PUT"] } },
    },
  };
}

export function featureRoutes(server: FastifyInstance, ctx: OrgContext): void {
  operation(
    server,
    ctx,
    {
      method: "GET",
      url: "/api/v1/apps/:appId/features",
      operationId: "listFeaturesForApplication",
      write: false,
      bucket: "apps",
    },
    (request) => {
      const app = enabledApp(ctx, (request.params as { appId: string }).appId);
      return {
        status: 200,
        body: appKind(app.name).provisioning!.features.map((name) => render(ctx, app, name)),
      };
    },
  );

  operation(
    server,
    ctx,
    {
      method: "GET",
      url: "/api/v1/apps/:appId/features/:featureName",
      operationId: "getFeatureForApplication",
      write: false,
      bucket: "apps",
      schema: { params: featureParams },
    },
    (request) => {
      const { appId, featureName } = request.params as { appId: string; featureName: FeatureName };
      return { status: 200, body: render(ctx, enabledApp(ctx, appId), featureName) };
    },
  );

  operation(
    server,
    ctx,
    {
      method: "PUT",
      url: "/api/v1/apps/:appId/features/:featureName",
      operationId: "updateFeatureForApplication",
      write: true,
      bucket: "apps",
      schema: { params: featureParams },
      refuse: (request) => {
        const { appId, featureName } = request.params as { appId: string; featureName: FeatureName };
        const app = enabledApp(ctx, appId);
        return featurePutProblems(featureName, capabilitiesOf(app, featureName), request.body);
      },
    },
    (request) => {
      const { appId, featureName } = request.params as { appId: string; featureName: FeatureName };
      const app = enabledApp(ctx, appId);
      // Checked in full (refuse, and the spec's schema) before this: a refused PUT changes nothing.
      app.features[featureName] = mergeCapabilities(
        capabilitiesOf(app, featureName),
        request.body as Record<string, unknown>,
      );
      touch(ctx, app);
      return { status: 200, body: render(ctx, app, featureName) };
    },
  );
}
