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
  renderCapabilities,
  withSchemaSpelling,
  withWireSpelling,
} from "../features";
import { operation } from "../server";
import type { AppRecord, Capabilities } from "../store";

/** Recorded: a refused feature call names the object `feature` ("Api validation failed: feature"). */
const FEATURE = "feature";
const FEATURE_NAMES: readonly string[] = ["USER_PROVISIONING", "INBOUND_PROVISIONING"];

/**
 * Recorded: an unknown feature name is 404 "<NAME> (PublicAppFeatureSetName)", judged before the app is looked up
 * (py-feature-unknown-name.json asks about an app id the org does not have).
 */
function featureName(params: unknown): FeatureName {
  const name = (params as { featureName: string }).featureName;
  if (!FEATURE_NAMES.includes(name)) throw notFound(name, "PublicAppFeatureSetName");
  return name as FeatureName;
}

/**
 * Features answer only while the connection is enabled. Recorded for an app that cannot provision: "Provisioning
 * is not supported." (py-features-app-cannot-provision.json); "Provisioning is not enabled for the app instance."
 * is the spec's example for a connection that is not enabled (not recorded).
 */
function enabledApp(ctx: OrgContext, appId: string): AppRecord {
  const app = findApp(ctx, appId);
  if (!appKind(app.name).provisioning) throw validationFailed(FEATURE, "Provisioning is not supported.");
  if (app.connection?.status !== "ENABLED") {
    throw validationFailed(FEATURE, "Provisioning is not enabled for the app instance.");
  }
  return app;
}

function capabilitiesOf(app: AppRecord, name: FeatureName): Capabilities {
  // Assumed: an app without this feature (Zscaler's INBOUND_PROVISIONING) answers 404; not recorded.
  if (!appKind(app.name).provisioning!.features.includes(name)) throw notFound(name, "AppFeature");
  return app.features[name] ?? defaultCapabilities(name);
}

function render(ctx: OrgContext, app: AppRecord, name: FeatureName): Record<string, unknown> {
  return {
    name,
    status: featureStatus(),
    description: FEATURE_DESCRIPTIONS[name],
    capabilities: renderCapabilities(name, capabilitiesOf(app, name)),
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
      object: FEATURE,
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
      object: FEATURE,
    },
    (request) => {
      const name = featureName(request.params);
      const { appId } = request.params as { appId: string };
      return { status: 200, body: render(ctx, enabledApp(ctx, appId), name) };
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
      object: FEATURE,
      refuse: (request) => {
        const name = featureName(request.params);
        const app = enabledApp(ctx, (request.params as { appId: string }).appId);
        return featurePutProblems(name, capabilitiesOf(app, name), request.body);
      },
      // Okta spells the username format `userNameFormat` (recorded); the spec's schema requires `usernameFormat`.
      specBody: withSchemaSpelling,
    },
    (request) => {
      const name = featureName(request.params);
      const app = enabledApp(ctx, (request.params as { appId: string }).appId);
      // Checked in full (refuse, and the spec's schema) before this: a refused PUT changes nothing.
      app.features[name] = mergeCapabilities(
        capabilitiesOf(app, name),
        withWireSpelling(request.body as Record<string, unknown>),
      );
      touch(ctx, app);
      return { status: 200, body: render(ctx, app, name) };
    },
  );
}
