/**
 * What an Okta admin does outside Pulumi, through Okta's public API only: create, deactivate and delete apps, and
 * change or read a connection or a feature as the Admin Console would. It is the provider's own Okta client, so the
 * suite's calls pace themselves by Okta's rate-limit headers exactly as the provider's do, and share the org's
 * budget politely with the `pulumi` runs in between.
 */
import { createOktaClient, OktaApiError, type HttpMethod, type OktaClient } from "../../../provider/client";
import { refuseControlPath } from "./control-guard";
import type { AppCreateBody } from "./oin-apps";

export interface OktaApp {
  id: string;
  name: string;
  label: string;
  status: "ACTIVE" | "INACTIVE";
}

export interface Connection {
  status: "ENABLED" | "DISABLED" | "UNKNOWN";
  authScheme?: string;
  baseUrl?: string;
  profile: { authScheme: string; clientId?: string; signing?: { rotationMode: string } };
}

export interface Feature {
  name: string;
  status: "ENABLED" | "DISABLED";
  capabilities: Record<string, unknown>;
}

export type FeatureName = "USER_PROVISIONING" | "INBOUND_PROVISIONING";

export class OktaAdmin {
  private readonly client: OktaClient;
  /** Requests this admin sent (the suite's own share of the org's budget). */
  calls = 0;

  constructor(
    readonly orgUrl: string,
    apiToken: string,
  ) {
    this.client = createOktaClient({ url: orgUrl, auth: { kind: "apiToken", token: apiToken } });
  }

  async request<T>(method: HttpMethod, path: string, body?: unknown, query?: Record<string, string>) {
    refuseControlPath(path);
    this.calls++;
    const res = await this.client.request<T>({ method, path, body, query, idempotent: method !== "POST" });
    return res;
  }

  /** The HTTP status of a request that is expected to fail (404 after a delete), or 2xx. */
  async status(method: HttpMethod, path: string): Promise<number> {
    try {
      return (await this.request(method, path)).status;
    } catch (err) {
      if (err instanceof OktaApiError) return err.status;
      throw err;
    }
  }

  limiterStats() {
    return this.client.limiterStats();
  }

  // ---- apps ---------------------------------------------------------------------------------------------------

  async createApp(body: AppCreateBody): Promise<OktaApp> {
    return (await this.request<OktaApp>("POST", "/api/v1/apps", body)).data;
  }

  async app(appId: string): Promise<OktaApp> {
    return (await this.request<OktaApp>("GET", `/api/v1/apps/${appId}`)).data;
  }

  /**
   * Every app whose label starts with `q` (Okta's `q` prefix search, which also matches names, so filtered again),
   * or every app for "", following the Link rel="next" pages.
   */
  async appsStartingWith(q: string): Promise<OktaApp[]> {
    const apps: OktaApp[] = [];
    let query: Record<string, string> | undefined = q ? { q, limit: "200" } : { limit: "200" };
    while (query) {
      const res: { data: OktaApp[]; headers: Record<string, string> } = await this.request<OktaApp[]>(
        "GET",
        "/api/v1/apps",
        undefined,
        query,
      );
      apps.push(...res.data.filter((app) => app.label.startsWith(q)));
      const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.link ?? "")?.[1];
      query = next ? Object.fromEntries(new URL(next).searchParams) : undefined;
    }
    return apps;
  }

  /** Okta's order: an app must be deactivated before it can be deleted. */
  async deactivateAndDelete(appId: string): Promise<void> {
    const app = await this.app(appId);
    if (app.status === "ACTIVE") await this.request("POST", `/api/v1/apps/${appId}/lifecycle/deactivate`);
    await this.request("DELETE", `/api/v1/apps/${appId}`);
  }

  // ---- connections and features, as an admin changes them in the Admin Console ----------------------------------

  async connection(appId: string): Promise<Connection> {
    return (await this.request<Connection>("GET", `/api/v1/apps/${appId}/connections/default`)).data;
  }

  async setConnection(appId: string, body: unknown, activate: boolean): Promise<Connection> {
    const query = activate ? { activate: "TRUE" } : undefined;
    return (await this.request<Connection>("POST", `/api/v1/apps/${appId}/connections/default`, body, query))
      .data;
  }

  async activateConnection(appId: string): Promise<void> {
    await this.request("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/activate`);
  }

  async deactivateConnection(appId: string): Promise<void> {
    await this.request("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/deactivate`);
  }

  async jwks(appId: string): Promise<{ jwks: { keys: Array<Record<string, unknown>> } }> {
    return (
      await this.request<{ jwks: { keys: Array<Record<string, unknown>> } }>(
        "GET",
        `/api/v1/apps/${appId}/connections/default/jwks`,
      )
    ).data;
  }

  async feature(appId: string, name: FeatureName): Promise<Feature> {
    return (await this.request<Feature>("GET", `/api/v1/apps/${appId}/features/${name}`)).data;
  }

  async putFeature(appId: string, name: FeatureName, capabilities: unknown): Promise<Feature> {
    return (await this.request<Feature>("PUT", `/api/v1/apps/${appId}/features/${name}`, capabilities)).data;
  }
}
