/**
 * `GET /api/v1/apps` (paged like Okta: limit, after, Link rel="next"), `GET /api/v1/apps/{appId}`, and the app
 * lifecycle: create (`POST /api/v1/apps`), activate, deactivate and delete.
 */
import type { FastifyInstance } from "fastify";
import { APP, appFromCreate, checkDeletable, withDefaultSignOnMode } from "../app-instances";
import { appKind } from "../catalog";
import { findApp, touch, type OrgContext } from "../context";
import { validationFailed } from "../errors";
import { booleanQuery, operation } from "../server";
import type { AppRecord } from "../store";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;

/** Legacy feature flags Okta lists on the app, derived from the provisioning features that are on. */
function appFeatureFlags(app: AppRecord): string[] {
  if (app.connection?.status !== "ENABLED") return [];
  const flags: string[] = [];
  const user = app.features.USER_PROVISIONING as
    Record<string, Record<string, { status?: string }>> | undefined;
  if (user?.create?.lifecycleCreate?.status === "ENABLED") flags.push("PUSH_NEW_USERS");
  if (user?.update?.profile?.status === "ENABLED") flags.push("PUSH_PROFILE_UPDATES");
  if (user?.update?.lifecycleDeactivate?.status === "ENABLED") flags.push("PUSH_USER_DEACTIVATION");
  if (user?.update?.password?.status === "ENABLED") flags.push("PUSH_PASSWORD_UPDATES");
  if (app.features.INBOUND_PROVISIONING) flags.push("IMPORT_NEW_USERS");
  return flags;
}

export function renderApp(orgUrl: string, app: AppRecord): Record<string, unknown> {
  const kind = appKind(app.name);
  const signOnMode = app.signOnMode ?? kind.signOnMode;
  const status = app.status ?? "ACTIVE";
  const self = `${orgUrl}/api/v1/apps/${app.id}`;
  const settings: Record<string, unknown> = app.settingsApp
    ? { app: { ...app.settingsApp } }
    : signOnMode === "BOOKMARK"
      ? { app: { url: "https://example.com/", requestIntegration: false } }
      : { app: {} };
  return {
    id: app.id,
    name: app.name,
    label: app.label,
    status,
    created: app.created,
    lastUpdated: app.lastUpdated,
    signOnMode,
    accessibility: { selfService: false },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: {} },
    features: appFeatureFlags(app),
    credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" }, signing: {} },
    settings,
    _links: {
      self: { href: self },
      ...(status === "ACTIVE"
        ? { deactivate: { href: `${self}/lifecycle/deactivate` } }
        : { activate: { href: `${self}/lifecycle/activate` } }),
      users: { href: `${self}/users` },
      groups: { href: `${self}/groups` },
    },
  };
}

/** Supports the filters a provisioning tool needs: `name eq "…"` and `status eq "ACTIVE"`. */
function filterApps(apps: AppRecord[], filter: string | undefined): AppRecord[] {
  if (!filter) return apps;
  const m = /^\s*(name|status|id)\s+eq\s+"([^"]*)"\s*$/.exec(filter);
  if (!m)
    throw validationFailed(
      "filter",
      `filter: only name, id or status eq "…" is supported, got ${JSON.stringify(filter)}.`,
    );
  const [, field, value] = m;
  if (field === "status") return apps.filter((a) => (a.status ?? "ACTIVE") === value);
  return apps.filter((a) => (field === "name" ? a.name === value : a.id === value));
}

export function appRoutes(server: FastifyInstance, ctx: OrgContext): void {
  operation(
    server,
    ctx,
    {
      method: "GET",
      url: "/api/v1/apps",
      operationId: "listApplications",
      write: false,
      bucket: "apps",
      object: APP,
    },
    (request) => {
      const query = request.query as Record<string, string | undefined>;
      let limit = DEFAULT_LIMIT;
      if (query.limit !== undefined) {
        limit = Number(query.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw validationFailed("limit", "limit: must be a positive integer.");
        limit = Math.min(limit, MAX_LIMIT);
      }
      let apps = filterApps(ctx.org.apps, query.filter);
      if (query.q)
        apps = apps.filter(
          (a) => a.label.toLowerCase().startsWith(query.q!.toLowerCase()) || a.name.startsWith(query.q!),
        );
      let start = 0;
      if (query.after) {
        const at = apps.findIndex((a) => a.id === query.after);
        start = at < 0 ? apps.length : at + 1;
      }
      const page = apps.slice(start, start + limit);
      const base = `${ctx.url}/api/v1/apps`;
      const extra = [
        query.filter ? `filter=${encodeURIComponent(query.filter)}` : "",
        query.q ? `q=${encodeURIComponent(query.q)}` : "",
      ]
        .filter(Boolean)
        .map((p) => `&${p}`)
        .join("");
      const links = [`<${base}?limit=${limit}${extra}>; rel="self"`];
      if (start + limit < apps.length) {
        links.push(`<${base}?after=${page[page.length - 1].id}&limit=${limit}${extra}>; rel="next"`);
      }
      return {
        status: 200,
        body: page.map((a) => renderApp(ctx.url, a)),
        headers: { Link: links.join(", ") },
      };
    },
  );

  operation(
    server,
    ctx,
    {
      method: "GET",
      url: "/api/v1/apps/:appId",
      operationId: "getApplication",
      write: false,
      bucket: "app",
      object: APP,
    },
    (request) => {
      const { appId } = request.params as { appId: string };
      return { status: 200, body: renderApp(ctx.url, findApp(ctx, appId)) };
    },
  );
  operation(
    server,
    ctx,
    {
      method: "POST",
      url: "/api/v1/apps",
      operationId: "createApplication",
      write: true,
      bucket: "apps",
      object: APP,
      specBody: withDefaultSignOnMode,
    },
    (request) => {
      // Okta's default is to activate the new app.
      const query = (request.query as Record<string, unknown>).activate;
      const activate = query === undefined ? true : booleanQuery(query, "activate");
      const app = appFromCreate(request.body, activate);
      ctx.org.apps.push(app);
      ctx.store.changed();
      return { status: 200, body: renderApp(ctx.url, app) };
    },
  );

  for (const [action, status] of [
    ["activate", "ACTIVE"],
    ["deactivate", "INACTIVE"],
  ] as const) {
    operation(
      server,
      ctx,
      {
        method: "POST",
        url: `/api/v1/apps/:appId/lifecycle/${action}`,
        operationId: `${action}Application`,
        write: true,
        bucket: "apps",
        object: APP,
      },
      (request) => {
        const app = findApp(ctx, (request.params as { appId: string }).appId);
        app.status = status;
        touch(ctx, app);
        // Okta answers an empty JSON object.
        return { status: 200, body: {} };
      },
    );
  }

  operation(
    server,
    ctx,
    {
      method: "DELETE",
      url: "/api/v1/apps/:appId",
      operationId: "deleteApplication",
      write: true,
      bucket: "app",
      object: APP,
    },
    (request) => {
      const app = findApp(ctx, (request.params as { appId: string }).appId);
      checkDeletable(app);
      ctx.org.apps.splice(ctx.org.apps.indexOf(app), 1);
      ctx.store.changed();
      return { status: 204 };
    },
  );
}
