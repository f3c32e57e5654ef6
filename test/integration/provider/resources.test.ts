import { startEmulator, type Emulator } from "../../../emulator";
import { resetSharedClients } from "../../../provider/client";
import { connectionProvider } from "../../../provider/connection";
import { featureProvider } from "../../../provider/feature";
import { setConfigSource } from "../../../provider/runtime";
import { org2orgClientId, zscalerCredentials } from "../../support/emulator-credentials";
import { forgetCreated, trackCreations } from "../../../provider/created-here";
import { UNKNOWN } from "../../../provider/validation";

let emulator: Emulator;

function useOrg(url: string, apiToken: string) {
  resetSharedClients();
  const config: Record<string, string> = { "okta-provisioning:orgUrl": url, "okta:apiToken": apiToken };
  setConfigSource({ get: (key) => config[key] });
}

function app(name: string) {
  const found = emulator.orgs[0].apps.find((a) => a.name === name);
  if (!found) throw new Error(name);
  return found.id;
}

const zscalerInputs = () => ({
  appId: app("zscalerbyz"),
  authScheme: "TOKEN" as const,
  ...zscalerCredentials(emulator),
});

beforeEach(async () => {
  emulator = await startEmulator({ orgs: 1 });
  useOrg(emulator.orgs[0].url, emulator.orgs[0].apiToken);
});
afterEach(async () => {
  await emulator.close();
  resetSharedClients();
});

describe("the resources against the emulator", () => {
  it("create, read, update and delete a connection and its feature with the fewest calls", async () => {
    const { outs: conn } = await connectionProvider.create(zscalerInputs());
    expect(conn).toMatchObject({ status: "ENABLED", appName: "zscalerbyz" });
    expect(emulator.counters().operations).toEqual({
      getApplication: 1,
      updateDefaultProvisioningConnectionForApplication: 1,
    });

    const capabilities = { create: { lifecycleCreate: { status: "ENABLED" } } };
    const { id, outs: feature } = await featureProvider.create({
      appId: conn.appId,
      name: "USER_PROVISIONING",
      capabilities,
    });
    expect(feature.effectiveCapabilities).toMatchObject({
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { password: { seed: "RANDOM" } },
    });

    emulator.resetCounters();
    const read = await featureProvider.read(id, feature);
    expect(read.props).toMatchObject({ status: "ENABLED" });
    const next = { ...capabilities, update: { profile: { status: "ENABLED" } } };
    await featureProvider.update(id, feature, {
      appId: conn.appId,
      name: "USER_PROVISIONING",
      capabilities: next,
    });
    await featureProvider.delete(id, feature);
    await connectionProvider.delete(conn.appId, conn);
    expect(emulator.counters().operations).toEqual({
      getFeatureForApplication: 1,
      updateFeatureForApplication: 2,
      deactivateDefaultProvisioningConnectionForApplication: 1,
    });
  });

  it("names a feature written before its connection is enabled", async () => {
    await expect(
      featureProvider.create({ appId: app("zscalerbyz"), name: "USER_PROVISIONING", capabilities: {} }),
    ).rejects.toThrow(
      /ProvisioningFeature USER_PROVISIONING of app 0oa\w+: provisioning is not enabled for this app\. Enable its connection first/,
    );
  });

  it("refuses TOKEN on Google Workspace before anything changes", async () => {
    await expect(
      connectionProvider.create({ appId: app("google"), authScheme: "TOKEN", token: "x" }),
    ).rejects.toThrow(/does not support TOKEN/);
    expect(emulator.counters().writes).toBe(0);
  });

  it("says what to do about a wrong token, a missing scope and an unknown app", async () => {
    useOrg(emulator.orgs[0].url, "00wrong-token-00000000000000000000000000");
    const wrong = await connectionProvider.create(zscalerInputs()).catch((e: Error) => e);
    expect((wrong as Error).message).toMatch(/401|token/i);
    expect((wrong as Error).message).not.toContain("00wrong-token");

    const readOnly = emulator.addApiToken(emulator.orgs[0].name, { scopes: ["okta.apps.read"] });
    useOrg(emulator.orgs[0].url, readOnly);
    await expect(connectionProvider.create({ ...zscalerInputs(), appName: "zscalerbyz" })).rejects.toThrow(
      /Not permitted.*403 E0000006.*use a token created by an admin who can manage this app/,
    );

    useOrg(emulator.orgs[0].url, emulator.orgs[0].apiToken);
    await expect(
      connectionProvider.create({ ...zscalerInputs(), appId: "0oa00000000000000000" }),
    ).rejects.toThrow(/not found|appId/i);
  });

  describe("Okta's refusal of a connection's credentials is one line naming the inputs, and nothing changes", () => {
    async function refused(inputs: Parameters<typeof connectionProvider.create>[0]) {
      const before = await fetch(`${emulator.orgs[0].url}/api/v1/apps/${inputs.appId}/connections/default`, {
        headers: { authorization: `SSWS ${emulator.orgs[0].apiToken}` },
      }).then((r) => r.json());
      const err = (await connectionProvider.create(inputs).catch((e: Error) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      expect(err.message.split("\n")).toHaveLength(1);
      // What Pulumi's dynamic-provider host prints (`${err}: ${err.stack}`): the one line, no trace.
      expect(`${err}: ${err.stack}`).toBe(err.message);
      const after = await fetch(`${emulator.orgs[0].url}/api/v1/apps/${inputs.appId}/connections/default`, {
        headers: { authorization: `SSWS ${emulator.orgs[0].apiToken}` },
      }).then((r) => r.json());
      expect(after).toEqual(before);
      return err.message;
    }

    it("Zscaler: a token its tenant did not issue", async () => {
      const token = "zscaler-token-nobody-issued";
      const message = await refused({ ...zscalerInputs(), appName: "zscalerbyz", token });
      expect(message).toBe(
        `ProvisioningConnection of app ${app("zscalerbyz")}: Okta refused the connection's credentials ` +
          `(\`token\`, \`baseUrl\` for ${zscalerCredentials(emulator).baseUrl}): Verification failed: Invalid URL. ` +
          "Not authorized. `token` must be a SCIM token issued by the Zscaler tenant at `baseUrl`. Nothing was changed.",
      );
      expect(message).not.toContain(token);
    });

    it("Org2Org: an API token that is not one of the target org's", async () => {
      const message = await refused({
        appId: app("okta_org2org"),
        authScheme: "TOKEN",
        token: "00not-an-api-token-of-that-org-0000000000",
        baseUrl: emulator.orgs[0].url,
      });
      expect(message).toMatch(
        /^ProvisioningConnection of app 0oa\w+: Okta refused the connection's credentials \(`token`, `baseUrl` for http:\/\/127\.0\.0\.1:\d+\): Verification failed: Invalid URL\. Not authorized\. `token` must be an API token of the target org and `baseUrl` that org's URL/,
      );
    });

    it("Org2Org OAuth 2.0: a client id no service app of the target org has", async () => {
      const message = await refused({
        appId: app("okta_org2org"),
        appName: "okta_org2org",
        authScheme: "OAUTH2",
        clientId: "0oaNoSuchServiceApp00",
      });
      expect(message).toMatch(
        /\(`clientId`\).*`clientId` must be the client id of a service app in the target org/,
      );
      // With a service app registered there, the same program goes through.
      const clientId = org2orgClientId(emulator);
      const { outs } = await connectionProvider.create({
        appId: app("okta_org2org"),
        appName: "okta_org2org",
        authScheme: "OAUTH2",
        clientId,
      });
      expect(outs.status).toBe("ENABLED");
    });
  });

  it("keeps under the rate limit instead of bursting into 429s", async () => {
    await connectionProvider.create(zscalerInputs());
    const { id, outs } = await featureProvider.create({
      appId: app("zscalerbyz"),
      name: "USER_PROVISIONING",
      capabilities: {},
    });
    emulator.setRateLimit(undefined, { apps: 12, app: 100, perTokenShare: 1, windowMs: 1000 });
    resetSharedClients();
    emulator.resetCounters();
    await Promise.all(Array.from({ length: 30 }, () => featureProvider.read(id, outs)));
    const counters = emulator.counters();
    expect(counters.operations.getFeatureForApplication).toBe(30);
    expect(counters.rateLimited).toBe(0);
  });

  it("survives injected 5xx and dropped connections without repeating a write that changes the outcome", async () => {
    emulator.setFaults(emulator.orgs[0].name, "5xx=0.3,drop=0.1,seed=7");
    const { outs } = await connectionProvider.create({ ...zscalerInputs(), appName: "zscalerbyz" });
    expect(outs.status).toBe("ENABLED");
    const feature = await featureProvider.create({
      appId: app("zscalerbyz"),
      name: "USER_PROVISIONING",
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    expect(feature.outs.capabilities).toEqual({ update: { profile: { status: "ENABLED" } } });
    expect(emulator.counters().faults).toBeGreaterThan(0);
  });
});

describe("a replacement that keeps the app", () => {
  afterEach(() => forgetCreated());

  it("asks to delete first whenever the app stays the same (so replaceOnChanges never clobbers)", async () => {
    const { outs } = await connectionProvider.create(zscalerInputs());
    const baseUrlOnly = await connectionProvider.diff(outs.appId, outs, {
      ...zscalerInputs(),
      baseUrl: "https://scim.zscalerbeta.net/1/3/scim",
    });
    expect(baseUrlOnly).toMatchObject({ changes: true, replaces: [], deleteBeforeReplace: true });
    const otherApp = await connectionProvider.diff(outs.appId, outs, {
      ...zscalerInputs(),
      appId: app("okta_org2org"),
    });
    expect(otherApp).toMatchObject({ replaces: ["appId"], deleteBeforeReplace: false });
  });

  it("created first and deleted after by the engine (pulumi up --replace), leaves the new connection and feature as set up", async () => {
    // An earlier deployment.
    const { outs: old } = await connectionProvider.create(zscalerInputs());
    const capabilities = { update: { profile: { status: "ENABLED" } } };
    const feature = await featureProvider.create({
      appId: old.appId,
      name: "USER_PROVISIONING",
      capabilities,
    });
    // This one, in a process Pulumi started for it: the engine's targeted replace creates the replacement, then
    // deletes the old copy with its old state.
    trackCreations();
    const { outs: replacement } = await connectionProvider.create(zscalerInputs());
    const newFeature = await featureProvider.create({
      appId: old.appId,
      name: "USER_PROVISIONING",
      capabilities,
    });
    emulator.resetCounters();
    await featureProvider.delete(feature.id, feature.outs);
    await connectionProvider.delete(old.appId, old);
    expect(emulator.counters().writes).toBe(0);
    const live = await connectionProvider.read(replacement.appId, replacement);
    expect(live.props).toMatchObject({ status: "ENABLED" });
    const liveFeature = await featureProvider.read(newFeature.id, newFeature.outs);
    expect(liveFeature.props).toMatchObject({ capabilities: { update: { profile: { status: "ENABLED" } } } });
  });
});

describe("previews", () => {
  it("mark as unknown the outputs a change can move, and keep those it cannot", async () => {
    const { outs } = await connectionProvider.create(zscalerInputs());
    const disabled = connectionProvider.preview!(outs, {
      ...zscalerInputs(),
      enabled: false,
      profileRevision: 1,
    });
    expect(disabled).toMatchObject({ status: UNKNOWN, enabled: false, appName: "zscalerbyz" });
    const renamed = connectionProvider.preview!(outs, { ...outs, adopt: true });
    expect(renamed.status).toBe("ENABLED");
    const created = connectionProvider.preview!(undefined, { ...zscalerInputs(), profileRevision: 1 });
    expect(created).toMatchObject({ status: UNKNOWN, appId: app("zscalerbyz") });

    const feature = await featureProvider.create({
      appId: outs.appId,
      name: "USER_PROVISIONING",
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    const changed = featureProvider.preview!(feature.outs, {
      appId: outs.appId,
      name: "USER_PROVISIONING",
      capabilities: { update: { profile: { status: "DISABLED" } } },
    });
    expect(changed).toMatchObject({
      capabilities: { update: { profile: { status: "DISABLED" } } },
      effectiveCapabilities: UNKNOWN,
    });
  });
});
