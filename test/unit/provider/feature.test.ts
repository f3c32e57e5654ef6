import { fakeClient, apiError } from "./fake-okta";

const client = { current: fakeClient(() => ({})) };
jest.mock("../../../provider/runtime", () => ({ oktaClient: () => client.current }));

import { featureProvider, type FeatureOutputs } from "../../../provider/feature";

const APP = "0oa1gjh63g214q0Hq0g4";
const live = {
  name: "USER_PROVISIONING",
  status: "ENABLED",
  description: "User provisioning settings from Okta to a downstream app",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: "ENABLED" },
      lifecycleDeactivate: { status: "DISABLED" },
      password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" },
    },
  },
};
const desired = {
  create: { lifecycleCreate: { status: "ENABLED" } },
  update: { profile: { status: "ENABLED" } },
};

describe("ProvisioningFeature provider", () => {
  it("creates with one PUT and records the managed and the effective capabilities", async () => {
    client.current = fakeClient(() => ({ data: live }));
    const { id, outs } = await featureProvider.create({
      appId: APP,
      name: "USER_PROVISIONING",
      capabilities: desired,
    });
    expect(id).toBe(`${APP}/USER_PROVISIONING`);
    expect(client.current.requests).toHaveLength(1);
    expect(client.current.requests[0]).toMatchObject({ method: "PUT", body: desired });
    expect(outs.capabilities).toEqual(desired);
    expect(outs.effectiveCapabilities).toEqual(live.capabilities);
  });

  const state: FeatureOutputs = {
    appId: APP,
    name: "USER_PROVISIONING",
    capabilities: desired,
    status: "ENABLED",
    effectiveCapabilities: live.capabilities,
  };

  it("updates with one PUT of only what differs", async () => {
    client.current = fakeClient(() => ({ data: live }));
    const news = {
      appId: APP,
      name: "USER_PROVISIONING" as const,
      capabilities: {
        ...desired,
        update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "ENABLED" } },
      },
    };
    expect((await featureProvider.diff(state.appId, state, news)).changes).toBe(true);
    await featureProvider.update(`${APP}/USER_PROVISIONING`, state, news);
    expect(client.current.requests.map((r) => r.body)).toEqual([
      { update: { lifecycleDeactivate: { status: "ENABLED" } } },
    ]);
  });

  it("sees no change when the program matches the last known state, and a replace when the name changes", async () => {
    expect(
      await featureProvider.diff("x", state, {
        appId: APP,
        name: "USER_PROVISIONING",
        capabilities: desired,
      }),
    ).toMatchObject({ changes: false });
    expect(
      await featureProvider.diff("x", state, { appId: APP, name: "INBOUND_PROVISIONING" }),
    ).toMatchObject({ replaces: ["name"] });
  });

  it("adopts without writing when the org already matches", async () => {
    client.current = fakeClient(() => ({ data: live }));
    await featureProvider.create({
      appId: APP,
      name: "USER_PROVISIONING",
      capabilities: desired,
      adopt: true,
    });
    expect(client.current.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("reports drift on refresh as the live value of a managed capability", async () => {
    const drifted = {
      ...live,
      capabilities: {
        ...live.capabilities,
        update: { ...live.capabilities.update, profile: { status: "DISABLED" } },
      },
    };
    client.current = fakeClient(() => ({ data: drifted }));
    const read = await featureProvider.read(`${APP}/USER_PROVISIONING`, state);
    expect(read.inputs?.capabilities).toEqual({
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "DISABLED" } },
    });
  });

  it("resets to Okta's disabled defaults on delete", async () => {
    client.current = fakeClient(() => ({ data: live }));
    await featureProvider.delete("x", state);
    expect(client.current.requests[0].body).toMatchObject({
      create: { lifecycleCreate: { status: "DISABLED" } },
      update: { password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" } },
    });
  });

  it("explains a connection that is not enabled", async () => {
    client.current = fakeClient(() =>
      apiError(400, "E0000001", ["Provisioning is not enabled for the app instance."]),
    );
    await expect(
      featureProvider.create({ appId: APP, name: "USER_PROVISIONING", capabilities: desired }),
    ).rejects.toThrow(/provisioning is not enabled for this app\. Enable its connection first/);
  });

  it("refuses INBOUND_PROVISIONING on Zscaler before any call", async () => {
    client.current = fakeClient(() => ({ data: live }));
    await expect(
      featureProvider.create({ appId: APP, appName: "zscalerbyz", name: "INBOUND_PROVISIONING" }),
    ).rejects.toThrow(/Zscaler 2\.0 \(zscalerbyz\) has no INBOUND_PROVISIONING feature/);
    expect(client.current.requests).toEqual([]);
  });
});
