/**
 * Reads the org: the app list (paged), each picked app's default connection, and the features of the apps whose
 * connection is enabled. Reads only — an adoption never writes to Okta. The shared client paces every call on
 * Okta's rate-limit headers, so this issues reads as fast as that lets it.
 */
import pLimit from "p-limit";
import { isProvisioningNotEnabled, type OktaClient } from "../../provider/client";
import { getConnection } from "../../provider/okta-api";
import { pruneCapabilities } from "./capabilities";
import { classifyConnection, configValues } from "./classify";
import type { AdoptedApp, AppSummary, OrgScan, SkippedApp } from "./model";
import { deriveNames } from "./names";
import { listApps, listFeatures, type ListedApp } from "./okta-reads";

export interface ScanOptions {
  /** Only these app ids (all must exist in the org). */
  appIds?: string[];
  includeDisabled?: boolean;
  pageSize?: number;
  /** Reads in flight at once; the client caps it further. */
  concurrency?: number;
  onProgress?: (line: string) => void;
}

export class ScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScanError";
  }
}

export async function scanOrg(client: OktaClient, options: ScanOptions = {}): Promise<OrgScan> {
  const progress = options.onProgress ?? (() => undefined);
  const all = await listApps(client, {
    pageSize: options.pageSize,
    onPage: (page, n) => progress(`listed page ${page} of the org's apps (${n} so far)`),
  });
  if (all.length === 0) throw new ScanError(`the org ${client.orgUrl} has no apps: nothing to adopt`);
  // Names come from every app of the org, so picking apps with --apps does not rename the others.
  const names = deriveNames(all);
  const picked = pick(all, options.appIds);
  progress(`reading the provisioning connections of ${picked.length} app${picked.length === 1 ? "" : "s"}…`);

  const limit = pLimit(options.concurrency ?? 8);
  let done = 0;
  let failed = false;
  const step = Math.max(1, Math.ceil(picked.length / 10));
  const results = await Promise.all(
    picked.map((app) =>
      limit(async (): Promise<AdoptedApp | SkippedApp | undefined> => {
        // After the first failure the command fails: no need to spend the rate limit on the rest.
        if (failed) return undefined;
        try {
          return await readApp(client, app, names.get(app.id)!, options.includeDisabled === true);
        } catch (err) {
          failed = true;
          throw err;
        } finally {
          done++;
          if (done % step === 0 || done === picked.length) progress(`read ${done}/${picked.length} apps`);
        }
      }),
    ),
  );
  const adopted: AdoptedApp[] = [];
  const skipped: SkippedApp[] = [];
  for (const r of results) {
    if (!r) continue;
    if ("reason" in r) skipped.push(r);
    else adopted.push(r);
  }
  // The program lists apps by resource name: a stable order, so re-running adopt gives the same file.
  adopted.sort((a, b) => byText(a.names.resource, b.names.resource) || byText(a.app.id, b.app.id));
  skipped.sort((a, b) => byText(a.app.label, b.app.label) || byText(a.app.id, b.app.id));
  return { orgUrl: client.orgUrl, scanned: picked.length, adopted, skipped };
}

/** `app-2` before `app-10`; independent of the machine's locale. */
function byText(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function pick(all: ListedApp[], ids: string[] | undefined): ListedApp[] {
  if (!ids) return all;
  const byId = new Map(all.map((a) => [a.id, a]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new ScanError(
      `--apps: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""} ` +
        `${missing.length === 1 ? "is" : "are"} not an app of this org`,
    );
  }
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

async function readApp(
  client: OktaClient,
  app: ListedApp,
  names: AdoptedApp["names"],
  includeDisabled: boolean,
): Promise<AdoptedApp | SkippedApp> {
  const summary: AppSummary = { id: app.id, name: app.name, label: app.label };
  // A bookmark is only a link: Okta has no connection for it, so it costs no call on the rate-limited bucket.
  if (app.signOnMode === "BOOKMARK") return { app: summary, reason: "cannot provision (a bookmark app)" };
  const live = (await getConnection(client, app.id)).data;
  const decision = classifyConnection(app.name, live, includeDisabled);
  if ("skip" in decision) return { app: summary, reason: decision.skip };
  const connection = decision.adopt;
  let features: AdoptedApp["features"] = [];
  if (connection.enabled) {
    try {
      const listed = await listFeatures(client, app.id);
      features = listed
        .filter((f) => f.name === "USER_PROVISIONING" || f.name === "INBOUND_PROVISIONING")
        .map((f) => ({ name: f.name, ...pruneCapabilities(f.name, f.capabilities) }))
        .sort((a, b) => (a.name < b.name ? 1 : -1)); // To App before To Okta, as the Admin Console shows them
    } catch (err) {
      // Turned off between the two reads: adopt the connection as it now is, without features.
      if (!isProvisioningNotEnabled(err)) throw err;
      connection.enabled = false;
    }
  }
  return {
    app: summary,
    names,
    connection,
    features,
    config: configValues(names.variable, app.name, app.label, connection),
  };
}
