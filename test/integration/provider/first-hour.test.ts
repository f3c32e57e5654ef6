/**
 * What the provider tells a user who has just made a configuration mistake (issue 30): a wrong token or an
 * unreachable org found by the preview rather than halfway through `up`; a refresh with a refused token that says
 * Pulumi used its saved copy of the config; a feature change in the run that disables its connection refused at
 * preview. Provider methods against the emulator, as the dynamic-provider host calls them.
 */
import * as net from "node:net";
import { startEmulator, type Emulator } from "../../../emulator";
import { resetSharedClients } from "../../../provider/client";
import { connectionProvider } from "../../../provider/connection";
import { forgetDeclaredConnections } from "../../../provider/declared-status";
import { featureProvider } from "../../../provider/feature";
import { resetPreflight } from "../../../provider/preflight";
import { configure, setConfigSource } from "../../../provider/runtime";
import { zscalerCredentials } from "../../support/emulator-credentials";

let emulator: Emulator;

function useConfig(config: Record<string, string>) {
  resetSharedClients();
  resetPreflight();
  setConfigSource({ get: (key) => config[key] });
}

/** As the dynamic-provider host hands over the stack config (during refresh: the copy saved in state). */
async function configureDynamic(config: Record<string, string>) {
  resetSharedClients();
  resetPreflight();
  await configure({ config: new Map(Object.entries(config)) } as never);
}

function app(name: string) {
  const found = emulator.orgs[0].apps.find((a) => a.name === name);
  if (!found) throw new Error(name);
  return found.id;
}

const zscaler = () => ({
  appId: app("zscalerbyz"),
  appName: "zscalerbyz",
  authScheme: "TOKEN" as const,
  // The emulated Zscaler tenant's base URL and token: the emulator verifies them as Okta does.
  ...zscalerCredentials(emulator),
});
const push = (status: "ENABLED" | "DISABLED") => ({
  appId: app("zscalerbyz"),
  name: "USER_PROVISIONING" as const,
  capabilities: { update: { profile: { status } } },
});

const calls = () => emulator.counters().reads + emulator.counters().writes;

beforeEach(async () => {
  emulator = await startEmulator({ orgs: 1 });
  forgetDeclaredConnections();
  useConfig({ "okta-provisioning:orgUrl": emulator.orgs[0].url, "okta:apiToken": emulator.orgs[0].apiToken });
});
afterEach(async () => {
  delete process.env.OKTA_PROVISIONING_PREVIEW_CHECK;
  await emulator.close();
  resetSharedClients();
});

describe("a preview that plans a change tries the org's credentials once", () => {
  beforeEach(() => {
    process.env.OKTA_PROVISIONING_PREVIEW_CHECK = "1"; // as under `pulumi preview`
    return configureDynamic({
      "okta-provisioning:orgUrl": emulator.orgs[0].url,
      "okta:apiToken": emulator.orgs[0].apiToken,
    });
  });

  it("refuses a wrong token at preview, naming the fix, with one read and nothing changed", async () => {
    await configureDynamic({
      "okta-provisioning:orgUrl": emulator.orgs[0].url,
      "okta:apiToken": "00-not-the-token",
    });
    const err = (await connectionProvider.check(undefined, zscaler()).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(
      /^ProvisioningConnection of app 0oa\w+: The API token for http:\/\/127\.0\.0\.1:\d+ is invalid/,
    );
    expect(err.message).toContain("pulumi config set --secret okta:apiToken");
    expect(err.message).toContain("nothing was changed");
    expect(err.message).not.toContain("00-not-the-token");
    expect(emulator.counters()).toMatchObject({ writes: 0 });
    expect(emulator.requestLog().map((r) => `${r.method} ${r.path.split("?")[0]} ${r.status}`)).toEqual([
      "GET /api/v1/apps 401",
    ]);
  });

  it("refuses an org that does not answer at preview", async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await configureDynamic({
      "okta-provisioning:orgUrl": `http://127.0.0.1:${port}`,
      "okta:apiToken": "00-token",
    });
    const err = (await featureProvider.check(undefined, push("ENABLED")).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /^ProvisioningFeature USER_PROVISIONING of app 0oa\w+: Could not reach http:\/\/127\.0\.0\.1:\d+/,
    );
  }, 120_000);

  it("tries once per org however many resources change, and not at all when nothing changes", async () => {
    await connectionProvider.check(undefined, zscaler());
    await featureProvider.check(undefined, push("ENABLED"));
    expect(calls()).toBe(1);

    resetPreflight();
    emulator.resetCounters();
    const { outs } = await connectionProvider.create(zscaler());
    emulator.resetCounters();
    const { inputs } = await connectionProvider.check(outs, zscaler());
    expect((await connectionProvider.diff(outs.appId, outs, inputs)).changes).toBe(false);
    expect(calls()).toBe(0);
    expect((await connectionProvider.diff(outs.appId, outs, { ...inputs, enabled: false })).changes).toBe(
      true,
    );
    expect(calls()).toBe(1);
  });

  it("makes no call outside a preview", async () => {
    process.env.OKTA_PROVISIONING_PREVIEW_CHECK = "0";
    await configureDynamic({
      "okta-provisioning:orgUrl": emulator.orgs[0].url,
      "okta:apiToken": "00-not-the-token",
    });
    await expect(connectionProvider.check(undefined, zscaler())).resolves.toMatchObject({ failures: [] });
    expect(calls()).toBe(0);
  });
});

describe("a refresh whose token Okta refuses", () => {
  it("says that Pulumi refreshed with its saved copy of the config, and what to run once", async () => {
    const { outs } = await connectionProvider.create(zscaler());
    await configureDynamic({
      "okta-provisioning:orgUrl": emulator.orgs[0].url,
      "okta:apiToken": "00-saved-wrong",
    });
    const err = (await connectionProvider.read(outs.appId, outs).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^ProvisioningConnection of app 0oa\w+: The API token .* is invalid/);
    expect(err.message).toContain("the copy of the stack config Pulumi saved then");
    expect(err.message).toContain("`pulumi refresh --run-program` once");
    const del = (await featureProvider
      .delete("x", { ...push("ENABLED"), status: "ENABLED", effectiveCapabilities: {} })
      .catch((e: Error) => e)) as Error;
    expect(del.message).toContain("`pulumi refresh --run-program` once");
  });

  it("keeps the plain fix-it text where the config is the current one (create, update)", async () => {
    await configureDynamic({ "okta-provisioning:orgUrl": emulator.orgs[0].url, "okta:apiToken": "00-wrong" });
    const err = (await connectionProvider.create(zscaler()).catch((e: Error) => e)) as Error;
    expect(err.message).toContain("pulumi config set --secret okta:apiToken");
    expect(err.message).not.toContain("--run-program");
  });
});

describe("a feature change in the run that disables its connection", () => {
  it("is refused at preview, with the two ways that work", async () => {
    const { outs: conn } = await connectionProvider.create(zscaler());
    const { outs: feature } = await featureProvider.create(push("ENABLED"));
    emulator.resetCounters();
    // The program now says enabled: false on the connection and changes the feature: the connection is checked
    // first (the feature takes it as `connection`).
    await connectionProvider.check(conn, { ...zscaler(), enabled: false });
    const { failures } = await featureProvider.check(feature, push("DISABLED"));
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(
      /^capabilities cannot be changed in the same `pulumi up` that disables app 0oa\w+'s provisioning connection/,
    );
    expect(failures[0].reason).toContain("then set `enabled: false` in a second `pulumi up`");
    expect(calls()).toBe(0);
  });

  it("lets an unchanged feature through, and a change while the connection stays enabled", async () => {
    const { outs: conn } = await connectionProvider.create(zscaler());
    const { outs: feature } = await featureProvider.create(push("ENABLED"));
    await connectionProvider.check(conn, { ...zscaler(), enabled: false });
    expect((await featureProvider.check(feature, push("ENABLED"))).failures).toEqual([]);
    await connectionProvider.check(conn, zscaler());
    expect((await featureProvider.check(feature, push("DISABLED"))).failures).toEqual([]);
  });
});

describe("a refused nested input", () => {
  it("is named in the reason, since the engine prints a nested property's value as {<nil>}", async () => {
    const { failures } = await featureProvider.check(undefined, {
      ...push("ENABLED"),
      capabilities: { update: { password: { status: "ENABLED", change: "CYCLE" } } },
    } as never);
    expect(failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^capabilities\.update\.password\.change: "CYCLE" is not allowed/),
      },
    ]);
  });
});

describe("a connection deactivated out of band, as refresh and the next preview show it", () => {
  it("keeps the feature as Okta last showed it: no capability 'removed', no feature update planned", async () => {
    const { outs: conn } = await connectionProvider.create(zscaler());
    const { id, outs: feature } = await featureProvider.create(push("ENABLED"));
    const org = emulator.orgs[0];
    await fetch(`${org.url}/api/v1/apps/${conn.appId}/connections/default/lifecycle/deactivate`, {
      method: "POST",
      headers: { authorization: `SSWS ${org.apiToken}`, accept: "application/json" },
    });

    const refreshed = await featureProvider.read(id, feature);
    expect(refreshed.props).toEqual(feature);
    expect(refreshed.inputs).toEqual({ ...push("ENABLED"), adopt: false });
    // The connection shows the drift; its update switches it on again, and the unchanged feature is not updated.
    const { props: connNow } = await connectionProvider.read(conn.appId, conn);
    expect(connNow).toMatchObject({ enabled: false, status: "DISABLED" });
    const { inputs } = await featureProvider.check(refreshed.inputs, push("ENABLED"));
    expect((await featureProvider.diff(id, refreshed.props as typeof feature, inputs)).changes).toBe(false);
  });
});

describe("INBOUND_PROVISIONING on an app that lacks it, with no appName to judge it at preview", () => {
  const inbound = () => ({
    appId: app("zscalerbyz"),
    name: "INBOUND_PROVISIONING" as const,
    capabilities: { importRules: { userCreateAndMatch: { autoActivateNewUsers: true } } },
  });

  it("says Okta has no such feature for the app and names the features it has, with one extra read", async () => {
    await connectionProvider.create(zscaler());
    const before = emulator.requestLog().length;
    const err = (await featureProvider.create(inbound()).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(
      new RegExp(
        `^ProvisioningFeature INBOUND_PROVISIONING of app ${app("zscalerbyz")}: Okta has no INBOUND_PROVISIONING ` +
          "feature for this app \\(its features: USER_PROVISIONING\\)",
      ),
    );
    expect(err.message).toMatch(/Nothing was changed\.$/);
    expect(err.message).not.toMatch(/not found|check appId/);
    // The refused PUT, then the list of the app's features.
    expect(
      emulator
        .requestLog()
        .slice(before)
        .map((r) => `${r.method} ${r.path.replace(app("zscalerbyz"), "APP")} ${r.status}`),
    ).toEqual([
      "PUT /api/v1/apps/APP/features/INBOUND_PROVISIONING 404",
      "GET /api/v1/apps/APP/features 200",
    ]);
  });

  it("says the same when adopting it", async () => {
    await connectionProvider.create(zscaler());
    const err = (await featureProvider.create({ ...inbound(), adopt: true }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /Okta has no INBOUND_PROVISIONING feature for this app \(its features: USER_PROVISIONING\)/,
    );
  });

  it("still says the app was not found when Okta says so (AppInstance)", async () => {
    const err = (await featureProvider
      .create({ ...inbound(), appId: "0oa00000000000000000" })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/The app 0oa00000000000000000 was not found/);
  });
});
