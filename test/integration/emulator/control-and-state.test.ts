import * as fs from "node:fs";
import { zscalerCredentials } from "../../support/emulator-credentials";
import * as os from "node:os";
import * as path from "node:path";
import { emulatorCommand } from "../../../cli/emulator-command";
import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";
import { appOf, call, callValid } from "./helpers";

describe("apps listing, control API, state file, presets and the command", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it("pages GET /api/v1/apps with limit, after and Link rel=next, and serves each app", async () => {
    emulator = await startEmulator();
    const org = emulator.orgs[0];
    const seen: string[] = [];
    let next: string | undefined = "/api/v1/apps?limit=3";
    while (next) {
      const res = await callValid(org, "listApplications", "GET", next);
      expect(res.status).toBe(200);
      seen.push(...(res.body as { id: string }[]).map((a) => a.id));
      const m = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "");
      next = m?.[1];
    }
    expect(seen).toEqual(org.apps.map((a) => a.id));
    const one = await callValid(org, "getApplication", "GET", `/api/v1/apps/${appOf(org, "bookmark")}`);
    expect(one.body).toMatchObject({ name: "bookmark", signOnMode: "BOOKMARK" });
    const filtered = await call(org, "GET", '/api/v1/apps?filter=name eq "google"');
    expect((filtered.body as { name: string }[]).map((a) => a.name)).toEqual(["google"]);
  });

  it("adds apps, mints tokens and reads counters and the log over /__emulator/ without Okta auth", async () => {
    emulator = await startEmulator();
    const org = emulator.orgs[0];
    const added = await fetch(`${org.url}/__emulator/apps`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "slack", label: "Slack (EU)" }),
    });
    expect(added.status).toBe(201);
    const app = (await added.json()) as { id: string; label: string };
    expect(app.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(org.apps.map((a) => a.id)).toContain(app.id);
    expect((await call(org, "GET", `/api/v1/apps/${app.id}/connections/default`)).status).toBe(200);

    const minted = await fetch(`${org.url}/__emulator/api-tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scopes: ["okta.apps.read"] }),
    });
    const { token } = (await minted.json()) as { token: string };
    expect(
      (
        await call(org, "POST", `/api/v1/apps/${app.id}/connections/default`, {
          auth: `SSWS ${token}`,
          body: {},
        })
      ).status,
    ).toBe(403);

    const counters = await (await fetch(`${org.url}/__emulator/counters`)).json();
    expect(counters).toMatchObject({
      reads: 1,
      writes: 1,
      operations: { getDefaultProvisioningConnectionForApplication: 1 },
    });
    const log = (await (await fetch(`${org.url}/__emulator/log`)).json()) as {
      operation: string;
      status: number;
    }[];
    expect(log.map((e) => [e.operation, e.status])).toEqual([
      ["getDefaultProvisioningConnectionForApplication", 200],
      ["updateDefaultProvisioningConnectionForApplication", 403],
    ]);
    expect(JSON.stringify(log)).not.toContain(token);
    expect((await fetch(`${org.url}/__emulator/reset`, { method: "POST" })).status).toBe(204);
    expect(emulator.counters()).toMatchObject({ reads: 0, writes: 0 });
  });

  it("keeps tokens, apps, connections and features across a restart with a state file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-emulator-"));
    const statePath = path.join(dir, "state.json");
    try {
      emulator = await startEmulator({ statePath });
      const first: EmulatorOrg = emulator.orgs[0];
      const id = appOf(first, "zscalerbyz");
      // The tenant's token (kept in the state file, as the orgs' API tokens are) must still be taken after a restart.
      const tenant = zscalerCredentials(emulator);
      const posted = await call(first, "POST", `/api/v1/apps/${id}/connections/default?activate=TRUE`, {
        body: { baseUrl: tenant.baseUrl, profile: { authScheme: "TOKEN", token: tenant.token } },
      });
      expect(posted.status).toBe(200);
      await call(first, "PUT", `/api/v1/apps/${id}/features/USER_PROVISIONING`, {
        body: { update: { profile: { status: "ENABLED" } } },
      });
      await emulator.close();
      // Let fetch's connection pool notice the closed sockets before the same port answers again.
      await new Promise((r) => setTimeout(r, 100));

      emulator = await startEmulator({ statePath });
      const again = emulator.orgs[0];
      expect(again.apiToken).toBe(first.apiToken);
      expect(emulator.zscalerTenants).toEqual([tenant]);
      expect(again.apps).toEqual(first.apps);
      const feature = await call(again, "GET", `/api/v1/apps/${id}/features/USER_PROVISIONING`);
      expect(feature.body).toMatchObject({
        status: "ENABLED",
        capabilities: { update: { profile: { status: "ENABLED" } } },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts an org for adoption tests with the "mixed" preset: many apps in mixed, spec-valid states', async () => {
    emulator = await startEmulator({ seed: "mixed", rateLimit: false });
    const org = emulator.orgs[0];
    expect(org.apps.length).toBeGreaterThanOrEqual(40);
    const statuses = new Set<string>();
    const schemes = new Set<string>();
    for (const app of org.apps) {
      const res = await callValid(
        org,
        "getDefaultProvisioningConnectionForApplication",
        "GET",
        `/api/v1/apps/${app.id}/connections/default`,
      );
      const body = res.body as { status: string; authScheme?: string; profile?: { authScheme: string } };
      statuses.add(body.status);
      // A never-configured Org2Org connection answers its scheme at the top, without a profile (recorded).
      schemes.add(body.profile?.authScheme ?? String(body.authScheme));
      if (body.status === "ENABLED") {
        const features = await callValid(
          org,
          "listFeaturesForApplication",
          "GET",
          `/api/v1/apps/${app.id}/features`,
        );
        expect(features.status).toBe(200);
      }
    }
    expect([...statuses].sort()).toEqual(["DISABLED", "ENABLED", "UNKNOWN"]);
    expect([...schemes].sort()).toEqual(["OAUTH2", "TOKEN", "UNKNOWN"]);
  });

  it("the emulator command prints one line of JSON with the orgs and stops cleanly on SIGTERM", async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const running = emulatorCommand().parseAsync(
        ["--orgs", "2", "--port", "0", "--rate-limit", "50", "--faults", "seed=1"],
        { from: "user" },
      );
      for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(lines).toHaveLength(1);
      const printed = JSON.parse(lines[0]) as {
        orgs: EmulatorOrg[];
        zscalerTenants: { baseUrl: string; token: string }[];
      };
      expect(printed.orgs.map((o) => o.name)).toEqual(["org1", "org2"]);
      const res = await call(printed.orgs[1], "GET", "/api/v1/apps");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-rate-limit-limit")).toBe("25");
      // The Zscaler tenant's SCIM base URL and token are printed beside the orgs' API tokens, and work.
      const [tenant] = printed.zscalerTenants;
      const zscalerApp = printed.orgs[1].apps.find((a) => a.name === "zscalerbyz")!.id;
      const posted = await call(printed.orgs[1], "POST", `/api/v1/apps/${zscalerApp}/connections/default`, {
        body: { baseUrl: tenant.baseUrl, profile: { authScheme: "TOKEN", token: tenant.token } },
      });
      expect(posted.status).toBe(200);
      process.emit("SIGTERM");
      await running;
      await expect(fetch(`${printed.orgs[0].url}/api/v1/apps`)).rejects.toThrow();
    } finally {
      write.mockRestore();
    }
  });
});
