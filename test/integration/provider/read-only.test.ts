/**
 * Read-only access, as users of `@pulumi/okta` expect it (issue 30 item 10): the functions that read a connection
 * and a feature without managing them (`getProvisioningConnection`, `getProvisioningFeature`), and a resource's
 * `get` (a read whose state has only what the program gave: nothing, or its `org`). The core, against the emulator,
 * as both doors call it.
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type Emulator } from "../../../emulator";
import { resetSharedClients } from "../../../provider/client";
import { connectionProvider } from "../../../provider/connection";
import { consentProvider } from "../../../provider/consent/provider";
import { featureProvider } from "../../../provider/feature";
import { FunctionArgsError, invokeFunction } from "../../../provider/functions";
import { setConfigSource } from "../../../provider/runtime";
import * as sdk from "../../../sdk";
import { zscalerCredentials } from "../../support/emulator-credentials";

let emulator: Emulator;

function app(name: string, org = 0) {
  const found = emulator.orgs[org].apps.find((a) => a.name === name);
  if (!found) throw new Error(name);
  return found.id;
}

async function okta(method: string, path: string, body?: unknown, org = 0) {
  const { url, apiToken } = emulator.orgs[org];
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `SSWS ${apiToken}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** A Zscaler connection and its To App feature, configured by hand in org `org` (as an admin would). */
async function configuredByHand(org = 0) {
  const zscaler = app("zscalerbyz", org);
  const { baseUrl, token } = zscalerCredentials(emulator);
  await okta(
    "POST",
    `/api/v1/apps/${zscaler}/connections/default?activate=TRUE`,
    {
      baseUrl,
      profile: { authScheme: "TOKEN", token },
    },
    org,
  );
  await okta(
    "PUT",
    `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`,
    {
      update: { profile: { status: "ENABLED" } },
    },
    org,
  );
  return { zscaler, baseUrl, token };
}

const calls = () => emulator.counters().reads + emulator.counters().writes;

beforeEach(async () => {
  emulator = await startEmulator({ orgs: 2 });
  resetSharedClients();
  const [org1, org2] = emulator.orgs;
  const config: Record<string, string> = {
    "okta-provisioning:orgUrl": org1.url,
    "okta:apiToken": org1.apiToken,
    "okta-provisioning:orgs": JSON.stringify({ emea: { orgUrl: org2.url, apiToken: org2.apiToken } }),
  };
  setConfigSource({ get: (key) => config[key] });
});
afterEach(async () => {
  await emulator.close();
  resetSharedClients();
});

describe("getProvisioningConnection", () => {
  it("reads a connection an admin configured, writing nothing and returning no secret", async () => {
    const { zscaler, baseUrl, token } = await configuredByHand();
    const writes = emulator.counters().writes;
    const before = calls();
    const result = await invokeFunction("getProvisioningConnection", { appId: zscaler });
    expect(result).toEqual({
      appId: zscaler,
      appName: "zscalerbyz",
      authScheme: "TOKEN",
      status: "ENABLED",
      enabled: true,
      baseUrl,
    });
    expect(calls() - before).toBe(2); // the connection, and the app for its name
    expect(emulator.counters().writes).toBe(writes);
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("reads the named org given as org", async () => {
    const { zscaler } = await configuredByHand(1);
    const result = await invokeFunction("getProvisioningConnection", { appId: zscaler, org: "emea" });
    expect(result).toMatchObject({ appId: zscaler, status: "ENABLED", org: "emea" });
  });

  it("leaves out a three-legged connection's authorize link, which carries its consent's state", async () => {
    const google = app("google");
    await okta("POST", `/api/v1/apps/${google}/connections/default`, { profile: { authScheme: "OAUTH2" } });
    const result = await invokeFunction("getProvisioningConnection", { appId: google });
    expect(result).toEqual({
      appId: google,
      appName: "google",
      authScheme: "OAUTH2",
      status: "DISABLED",
      enabled: false,
    });
    expect(JSON.stringify(result)).not.toMatch(/authorize|state=/);
  });

  it("refuses bad arguments naming them, before any call", async () => {
    const before = calls();
    const err = (await invokeFunction("getProvisioningConnection", {
      appId: "not-an-app",
      org: "apac",
    }).catch((e: Error) => e)) as FunctionArgsError;
    expect(err).toBeInstanceOf(FunctionArgsError);
    expect(err.failures.map((f) => f.property).sort()).toEqual(["appId", "org"]);
    expect(err.message).toMatch(/^getProvisioningConnection: appId: .*0oa.*; org: Unknown org "apac"/);
    expect(calls()).toBe(before);
  });

  it("says the app was not found, in one line naming the function", async () => {
    const err = (await invokeFunction("getProvisioningConnection", { appId: "0oa00000000000000000" }).catch(
      (e: Error) => e,
    )) as Error;
    expect(err.message).toMatch(
      /^getProvisioningConnection of app 0oa00000000000000000: The app 0oa0+ was not found/,
    );
  });
});

describe("getProvisioningFeature", () => {
  it("reads every capability Okta reports, writing nothing", async () => {
    const { zscaler } = await configuredByHand();
    const writes = emulator.counters().writes;
    const result = await invokeFunction("getProvisioningFeature", {
      appId: zscaler,
      name: "USER_PROVISIONING",
    });
    expect(result).toMatchObject({
      appId: zscaler,
      name: "USER_PROVISIONING",
      status: "ENABLED",
      capabilities: { update: { profile: { status: "ENABLED" }, password: { seed: "RANDOM" } } },
    });
    expect(typeof result.description).toBe("string");
    expect(emulator.counters().writes).toBe(writes);
  });

  it("names the features an app has when it lacks the one asked for", async () => {
    const { zscaler } = await configuredByHand();
    const err = (await invokeFunction("getProvisioningFeature", {
      appId: zscaler,
      name: "INBOUND_PROVISIONING",
    }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /Okta has no INBOUND_PROVISIONING feature for this app \(its features: USER_PROVISIONING\)/,
    );
  });

  it("says why Okta hides the features of an app whose connection is not enabled", async () => {
    const err = (await invokeFunction("getProvisioningFeature", {
      appId: app("zscalerbyz"),
      name: "USER_PROVISIONING",
    }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/provisioning is not enabled for this app/);
  });

  it("refuses a name Okta does not have, with the right spelling", async () => {
    const err = (await invokeFunction("getProvisioningFeature", {
      appId: app("zscalerbyz"),
      name: "USER_PROVISIONNING",
    }).catch((e: Error) => e)) as FunctionArgsError;
    expect(err.failures).toEqual([{ property: "name", reason: expect.stringMatching(/USER_PROVISIONING/) }]);
  });
});

describe("a resource's get: a read whose state has only what the program gave", () => {
  it("reads a connection by its id alone, as an import would, without a token", async () => {
    const { zscaler, baseUrl, token } = await configuredByHand();
    const got = await connectionProvider.read(zscaler, {} as never);
    expect(got.id).toBe(zscaler);
    expect(got.props).toMatchObject({ appId: zscaler, appName: "zscalerbyz", status: "ENABLED", baseUrl });
    expect(JSON.stringify(got)).not.toContain(token);
  });

  it("reads a named org's connection when the state names the org (and the dynamic host's __provider is ignored)", async () => {
    const { zscaler } = await configuredByHand(1);
    const got = await connectionProvider.read(zscaler, { org: "emea", __provider: "…" } as never);
    expect(got.props).toMatchObject({ appId: zscaler, status: "ENABLED", org: "emea" });
  });

  it("reads a feature by appId/NAME, and a consent by its app id", async () => {
    const { zscaler } = await configuredByHand();
    const feature = await featureProvider.read(`${zscaler}/USER_PROVISIONING`, {} as never);
    expect(feature.props).toMatchObject({
      appId: zscaler,
      name: "USER_PROVISIONING",
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    const consent = await consentProvider.read(zscaler, {} as never);
    expect(consent.props).toMatchObject({ appId: zscaler, appName: "zscalerbyz", status: "ENABLED" });
  });

  it("fails in one line for an app the org does not have, instead of returning nothing", async () => {
    const err = (await connectionProvider
      .read("0oa00000000000000000", {} as never)
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^ProvisioningConnection of app 0oa0+: The app 0oa0+ was not found/);
  });
});

describe("the dynamic door's TypeScript functions, as a program calls them", () => {
  /** The stack config as Pulumi hands it to a program (secrets decrypted). */
  function programConfig() {
    const [org1, org2] = emulator.orgs;
    pulumi.runtime.setAllConfig({
      "okta-provisioning:orgUrl": org1.url,
      "okta:apiToken": org1.apiToken,
      "okta-provisioning:orgs": JSON.stringify({ emea: { orgUrl: org2.url, apiToken: org2.apiToken } }),
    });
  }
  const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

  it("reads with the program's stack config, in the Promise and the Output forms", async () => {
    programConfig();
    const { zscaler, token } = await configuredByHand();
    const { zscaler: inEmea } = await configuredByHand(1);
    const plain = await sdk.getProvisioningConnection({ appId: zscaler });
    expect(plain).toMatchObject({ appId: zscaler, appName: "zscalerbyz", status: "ENABLED", enabled: true });
    expect(JSON.stringify(plain)).not.toContain(token);
    const output = sdk.getProvisioningFeatureOutput({
      appId: pulumi.output(inEmea),
      name: "USER_PROVISIONING",
      org: "emea",
    });
    expect(await valueOf(output)).toMatchObject({ appId: inEmea, org: "emea", status: "ENABLED" });
  });

  it("fails with a one-line RunError (Pulumi prints it alone, no stack trace)", async () => {
    programConfig();
    const err = (await sdk
      .getProvisioningFeature({ appId: "0oa00000000000000000", name: "USER_PROVISIONING" })
      .catch((e: Error) => e)) as Error;
    expect(pulumi.RunError.isInstance(err)).toBe(true);
    expect(err.message).toMatch(/^getProvisioningFeature of app 0oa0+: The app 0oa0+ was not found/);
    const bad = (await sdk
      .getProvisioningConnection({
        appId: "https://acme-admin.okta.com/admin/app/x/instance/0oa00000000000000000",
      })
      .catch((e: Error) => e)) as Error;
    expect(bad.message).toMatch(/^getProvisioningConnection: appId: .*0oa00000000000000000/);
  });
});
