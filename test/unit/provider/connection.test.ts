import { fakeClient, apiError } from "./fake-okta";

const client = { current: fakeClient(() => ({})) };
jest.mock("../../../provider/runtime", () => ({
  oktaClient: () => client.current,
  orgFor: () => ({ url: "https://acme.okta.com", auth: { kind: "apiToken", token: "t" } }),
}));

import {
  connectionProvider,
  type ConnectionInputs,
  type ConnectionOutputs,
} from "../../../provider/connection";

const APP = "0oa1gjh63g214q0Hq0g4";
const zscaler: ConnectionInputs = {
  appId: APP,
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: "scim-token",
  baseUrl: "https://scim.zscalerbeta.net/1/2/scim",
};
const enabledTokenConnection = {
  status: "ENABLED",
  authScheme: "TOKEN",
  baseUrl: zscaler.baseUrl,
  profile: { authScheme: "TOKEN" },
};

describe("ProvisioningConnection provider", () => {
  it("creates and activates a token connection in one POST", async () => {
    client.current = fakeClient(() => ({ data: enabledTokenConnection }));
    const { id, outs } = await connectionProvider.create(zscaler);
    expect(id).toBe(APP);
    expect(outs).toMatchObject({ status: "ENABLED", appName: "zscalerbyz", enabled: true });
    expect(client.current.requests).toHaveLength(1);
    expect(client.current.requests[0]).toMatchObject({
      method: "POST",
      query: { activate: "TRUE" },
      body: { baseUrl: zscaler.baseUrl, profile: { authScheme: "TOKEN", token: "scim-token" } },
    });
  });

  it("looks the app name up once when the program does not give it", async () => {
    client.current = fakeClient((req) =>
      req.operation === "getApplication"
        ? { data: { id: APP, name: "zscalerbyz", label: "Zscaler" } }
        : { data: enabledTokenConnection },
    );
    const { outs } = await connectionProvider.create({ ...zscaler, appName: undefined });
    expect(outs.appName).toBe("zscalerbyz");
    expect(client.current.requests.map((r) => r.operation)).toEqual([
      "getApplication",
      "updateDefaultProvisioningConnectionForApplication",
    ]);
  });

  it("refuses TOKEN on Google Workspace before writing anything", async () => {
    client.current = fakeClient(() => ({ data: { id: APP, name: "google", label: "Google" } }));
    await expect(
      connectionProvider.create({ ...zscaler, appName: undefined, baseUrl: undefined }),
    ).rejects.toThrow(
      /Google Workspace \(google\) does not support TOKEN.*use authScheme "OAUTH2".*Nothing was changed/,
    );
    expect(client.current.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("does not activate a three-legged OAuth connection: that waits for OAuthConsent", async () => {
    client.current = fakeClient(() => ({
      data: {
        status: "DISABLED",
        profile: { authScheme: "OAUTH2" },
        _links: { authorize: { href: "https://accounts.example/authorize?state=s1" } },
      },
    }));
    const { outs } = await connectionProvider.create({ appId: APP, appName: "google", authScheme: "OAUTH2" });
    expect(client.current.requests[0].query).toEqual({ activate: "FALSE" });
    expect(outs).toMatchObject({
      status: "DISABLED",
      authorizeUrl: "https://accounts.example/authorize?state=s1",
    });
  });

  it("adopts a matching live connection without writing", async () => {
    client.current = fakeClient(() => ({ data: enabledTokenConnection }));
    const { outs } = await connectionProvider.create({ ...zscaler, adopt: true });
    expect(outs.status).toBe("ENABLED");
    expect(client.current.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("adopts a connection that is only deactivated with one activate call", async () => {
    client.current = fakeClient((req) =>
      req.method === "GET" ? { data: { ...enabledTokenConnection, status: "DISABLED" } } : { status: 204 },
    );
    const { outs } = await connectionProvider.create({ ...zscaler, adopt: true });
    expect(outs.status).toBe("ENABLED");
    expect(client.current.requests.map((r) => r.operation)).toEqual([
      "getDefaultProvisioningConnectionForApplication",
      "activateDefaultProvisioningConnectionForApplication",
    ]);
  });

  const state: ConnectionOutputs = {
    ...zscaler,
    enabled: true,
    adopt: false,
    status: "ENABLED",
    appName: "zscalerbyz",
  };

  it("diffs from state alone: a new token is an update, a new app id a replace", async () => {
    expect(await connectionProvider.diff(APP, state, { ...zscaler })).toMatchObject({
      changes: false,
      replaces: [],
    });
    expect(await connectionProvider.diff(APP, state, { ...zscaler, token: "rotated" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(
      await connectionProvider.diff(APP, state, { ...zscaler, appId: "0oa1gjh63g214q0Hq0g5" }),
    ).toMatchObject({ replaces: ["appId"] });
    expect(await connectionProvider.diff(APP, state, { ...zscaler, enabled: false })).toMatchObject({
      changes: true,
    });
  });

  it("disables with one deactivate call and no POST of the profile", async () => {
    client.current = fakeClient(() => ({ status: 204 }));
    const { outs } = await connectionProvider.update(APP, state, { ...zscaler, enabled: false });
    expect(outs.status).toBe("DISABLED");
    expect(client.current.requests.map((r) => r.operation)).toEqual([
      "deactivateDefaultProvisioningConnectionForApplication",
    ]);
  });

  it("reads live status and scheme into the inputs, keeping the token it cannot read", async () => {
    client.current = fakeClient(() => ({
      data: { ...enabledTokenConnection, status: "DISABLED", baseUrl: "https://other/scim" },
    }));
    const read = await connectionProvider.read(APP, state);
    expect(read.inputs).toMatchObject({ enabled: false, baseUrl: "https://other/scim", token: "scim-token" });
    expect(read.props).toMatchObject({ status: "DISABLED" });
    expect(client.current.requests).toHaveLength(1);
  });

  it("drops the resource when the app was deleted", async () => {
    client.current = fakeClient(() => apiError(404, "E0000007"));
    expect((await connectionProvider.read(APP, state)).id).toBe("");
  });

  it("deletes by deactivating, and tolerates an app that is gone", async () => {
    client.current = fakeClient(() => ({ status: 204 }));
    await connectionProvider.delete(APP, state);
    expect(client.current.requests.map((r) => r.path)).toEqual([
      `/api/v1/apps/${APP}/connections/default/lifecycle/deactivate`,
    ]);
    client.current = fakeClient(() => apiError(404, "E0000007"));
    await expect(connectionProvider.delete(APP, state)).resolves.toBeUndefined();
  });

  it("errors name the resource, in one line with no stack", async () => {
    client.current = fakeClient(() => apiError(403, "E0000006"));
    const err = (await connectionProvider.create(zscaler).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^ProvisioningConnection of app 0oa1gjh63g214q0Hq0g4: /);
    // What Pulumi's dynamic-provider host prints for a failure: `${err}: ${err.stack}`. The message, exactly: no
    // class name in front, no trace, no ": " left dangling at the end.
    expect(`${err}: ${err.stack}`).toBe(err.message);
  });
});
