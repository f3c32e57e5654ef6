/**
 * The Okta reads an adoption needs that `provider/okta-api.ts` does not have: the org's app list, page by page,
 * and an app's features in one call. Same client, same pacing and retries as the resources.
 */
import type { OktaClient } from "../../provider/client";
import type { AppResponse } from "../../provider/okta-api";

/** Okta's largest page for `GET /api/v1/apps`: the fewest calls on the shared apps rate-limit bucket. */
export const MAX_PAGE_SIZE = 200;

/**
 * The `after` cursor of the `Link: <…>; rel="next"` header, or undefined on the last page. Only a link back to
 * the same org is followed: the client sends the org's credentials with every request.
 */
export function nextCursor(link: string | undefined, orgUrl: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part);
    if (!m) continue;
    let url: URL;
    try {
      url = new URL(m[1]);
    } catch {
      throw new Error(`Okta's Link header has a next page that is not a URL`);
    }
    if (url.origin !== new URL(orgUrl).origin || url.pathname !== "/api/v1/apps") {
      throw new Error(`Okta's Link header points the next page of apps away from ${orgUrl}: not followed`);
    }
    const after = url.searchParams.get("after");
    if (!after) throw new Error(`Okta's Link header has a next page of apps without an "after" cursor`);
    return after;
  }
  return undefined;
}

export interface ListAppsOptions {
  /** Apps per page, 1 to 200 (default 200). */
  pageSize?: number;
  /** Called after each page with the apps so far. */
  onPage?: (page: number, appsSoFar: number) => void;
}

/** Every app of the org, following `rel="next"` until the last page. */
/** An app as listed; `signOnMode` lets bookmark apps (which can never provision) be skipped without a call. */
export type ListedApp = AppResponse & { signOnMode?: string };

export async function listApps(client: OktaClient, options: ListAppsOptions = {}): Promise<ListedApp[]> {
  const limit = Math.min(Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE);
  const apps: ListedApp[] = [];
  const seen = new Set<string>();
  // Every cursor followed: one that comes back (A→B→A) would list the same pages forever.
  const followed = new Set<string>();
  let after: string | undefined;
  for (let page = 1; ; page++) {
    const res = await client.request<ListedApp[]>({
      method: "GET",
      path: "/api/v1/apps",
      query: { limit: String(limit), ...(after ? { after } : {}) },
      operation: "listApplications",
    });
    if (!Array.isArray(res.data))
      throw new Error("Okta answered the app list with something that is not a list");
    for (const app of res.data) {
      // An app seen twice means the list moved under us: keep the first.
      if (seen.has(app.id)) continue;
      seen.add(app.id);
      apps.push({
        id: app.id,
        name: app.name,
        label: app.label,
        status: app.status,
        ...(app.signOnMode ? { signOnMode: app.signOnMode } : {}),
      });
    }
    options.onPage?.(page, apps.length);
    const next = nextCursor(res.headers.link, client.orgUrl);
    if (!next || res.data.length === 0 || next === after) return apps;
    if (followed.has(next))
      throw new Error(
        `Okta's app list of ${client.orgUrl} leads back to a page already read (cursor ${next.slice(0, 40)}) ` +
          `after ${page} pages and ${apps.length} apps: the list changed while it was read, or a proxy rewrites ` +
          "its Link headers; run adopt again",
      );
    followed.add(next);
    after = next;
  }
}

/** `GET /api/v1/apps/{appId}/features`: the core's read (provider/okta-api.ts), in this package's words. */
export { listFeatures } from "../../provider/okta-api";
