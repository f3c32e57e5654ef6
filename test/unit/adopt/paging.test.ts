import type { OktaClient, OktaRequest, OktaResponse } from "../../../provider/client";
import { listApps, nextCursor } from "../../../cli/adopt/okta-reads";
import { scanOrg, ScanError } from "../../../cli/adopt/scan";

const ORG = "https://acme.okta.com";
const id = (i: number) => `0oa${String(i).padStart(17, "0")}`;

/** An Okta org of `count` apps paged as Okta does: `limit`, `after`, and `Link: <…>; rel="next"`. */
function pagedOrg(count: number, link?: (next: string) => string) {
  const apps = Array.from({ length: count }, (_, i) => ({ id: id(i), name: "bookmark", label: `App ${i}` }));
  const requests: OktaRequest[] = [];
  const client: OktaClient = {
    orgUrl: ORG,
    limiterStats: () => ({ calls: requests.length, waits: 0, waitedMs: 0, rateLimited: 0, retries: 0 }),
    async request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
      requests.push(req);
      if (req.path === "/api/v1/apps") {
        const limit = Number(req.query?.limit);
        const start = req.query?.after ? apps.findIndex((a) => a.id === req.query!.after) + 1 : 0;
        const page = apps.slice(start, start + limit);
        const links = [`<${ORG}/api/v1/apps?limit=${limit}>; rel="self"`];
        if (start + limit < apps.length) {
          const next = `${ORG}/api/v1/apps?after=${page[page.length - 1].id}&limit=${limit}`;
          links.push(`<${link ? link(next) : next}>; rel="next"`);
        }
        return { status: 200, data: page as T, headers: { link: links.join(", ") } };
      }
      // Every app here is a bookmark: its connection says it cannot provision.
      return {
        status: 200,
        data: { status: "UNKNOWN", profile: { authScheme: "UNKNOWN" } } as T,
        headers: {},
      };
    },
  };
  return { client, requests };
}

describe("listing the org's apps", () => {
  it("follows rel=next until the last page, one request per page", async () => {
    const { client, requests } = pagedOrg(45);
    const pages: number[] = [];
    const apps = await listApps(client, { pageSize: 20, onPage: (p) => pages.push(p) });
    expect(apps.map((a) => a.id)).toEqual(Array.from({ length: 45 }, (_, i) => id(i)));
    expect(requests.map((r) => r.query)).toEqual([
      { limit: "20" },
      { limit: "20", after: id(19) },
      { limit: "20", after: id(39) },
    ]);
    expect(pages).toEqual([1, 2, 3]);
  });

  it("asks for Okta's largest page by default, so 200 apps are one request", async () => {
    const { client, requests } = pagedOrg(200);
    expect(await listApps(client)).toHaveLength(200);
    expect(requests).toHaveLength(1);
    expect(requests[0].query).toEqual({ limit: "200" });
  });

  it("stops at an exact multiple of the page size without an empty extra page", async () => {
    const { client, requests } = pagedOrg(40);
    expect(await listApps(client, { pageSize: 20 })).toHaveLength(40);
    expect(requests).toHaveLength(2);
  });

  it("never follows a next link to another host: the client would send it the org's credentials", async () => {
    const { client } = pagedOrg(30, (next) => next.replace(ORG, "https://evil.example"));
    await expect(listApps(client, { pageSize: 10 })).rejects.toThrow(/away from https:\/\/acme.okta.com/);
  });

  it("fails in one line on a cursor cycle (A→B→A) instead of listing forever", async () => {
    const apps = Array.from({ length: 4 }, (_, i) => ({ id: id(i), name: "bookmark", label: `App ${i}` }));
    const requests: OktaRequest[] = [];
    // Page 1 → after=A; A → after=B; B → after=A again: a list that moved under us, or a broken proxy.
    const pages: Record<string, { apps: typeof apps; next: string }> = {
      "": { apps: apps.slice(0, 2), next: id(1) },
      [id(1)]: { apps: apps.slice(2, 4), next: id(3) },
      [id(3)]: { apps: apps.slice(0, 2), next: id(1) },
    };
    const client: OktaClient = {
      orgUrl: ORG,
      limiterStats: () => ({ calls: requests.length, waits: 0, waitedMs: 0, rateLimited: 0, retries: 0 }),
      async request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
        requests.push(req);
        if (requests.length > 50) throw new Error("the listing looped: 50 requests for 4 apps");
        const page = pages[req.query?.after ?? ""];
        const link = `<${ORG}/api/v1/apps?after=${page.next}&limit=2>; rel="next"`;
        return { status: 200, data: page.apps as T, headers: { link } };
      },
    };
    const err = await listApps(client, { pageSize: 2 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `Okta's app list of ${ORG} leads back to a page already read (cursor ${id(1)}) after 3 pages and 4 apps: ` +
        "the list changed while it was read, or a proxy rewrites its Link headers; run adopt again",
    );
    expect(requests).toHaveLength(3);
  });

  it("reads the cursor from a Link header the way Okta writes it", () => {
    const header = `<${ORG}/api/v1/apps?limit=2>; rel="self", <${ORG}/api/v1/apps?after=${id(7)}&limit=2>; rel="next"`;
    expect(nextCursor(header, ORG)).toBe(id(7));
    expect(nextCursor(`<${ORG}/api/v1/apps?limit=2>; rel="self"`, ORG)).toBeUndefined();
    expect(nextCursor(undefined, ORG)).toBeUndefined();
  });
});

describe("scanning an org", () => {
  it("refuses an org with no apps", async () => {
    const { client } = pagedOrg(0);
    await expect(scanOrg(client)).rejects.toThrow(ScanError);
    await expect(scanOrg(client)).rejects.toThrow(/has no apps: nothing to adopt/);
  });

  it("reads every app of every page and counts those that cannot provision as skipped", async () => {
    const { client, requests } = pagedOrg(25);
    const scan = await scanOrg(client, { pageSize: 10 });
    expect(scan.scanned).toBe(25);
    expect(scan.adopted).toHaveLength(0);
    expect(scan.skipped).toHaveLength(25);
    expect(scan.skipped[0].reason).toMatch(/cannot provision/);
    expect(requests.filter((r) => r.path.endsWith("/connections/default"))).toHaveLength(25);
  });

  it("with --apps reads only those apps, and refuses an id the org does not have", async () => {
    const { client, requests } = pagedOrg(25);
    const scan = await scanOrg(client, { appIds: [id(3), id(24)] });
    expect(scan.scanned).toBe(2);
    expect(requests.filter((r) => r.path.endsWith("/connections/default"))).toHaveLength(2);
    await expect(scanOrg(client, { appIds: [id(99)] })).rejects.toThrow(/is not an app of this org/);
  });
});
