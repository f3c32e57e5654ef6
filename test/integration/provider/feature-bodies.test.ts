/**
 * The feature PUTs the provider sends are bodies the spec allows (issue 18, defect 7): the emulator now refuses,
 * before merging, what the spec's request schema refuses, so a body Okta would reject fails here.
 */
import { startEmulator, type Emulator } from "../../../emulator";
import { resetSharedClients } from "../../../provider/client";
import { connectionProvider } from "../../../provider/connection";
import { featureProvider, type FeatureInputs } from "../../../provider/feature";
import { setConfigSource } from "../../../provider/runtime";

let emulator: Emulator;
let appId: string;

beforeEach(async () => {
  emulator = await startEmulator({ orgs: 1, rateLimit: false });
  const org = emulator.orgs[0];
  resetSharedClients();
  const config: Record<string, string> = {
    "okta-provisioning:orgUrl": org.url,
    "okta:apiToken": org.apiToken,
  };
  setConfigSource({ get: (key) => config[key] });
  appId = org.apps.find((a) => a.name === "okta_org2org")!.id;
  await connectionProvider.create({ appId, appName: "okta_org2org", authScheme: "TOKEN", token: "t" });
});
afterEach(async () => {
  await emulator.close();
  resetSharedClients();
});

const inbound = (capabilities: Record<string, unknown>): FeatureInputs => ({
  appId,
  appName: "okta_org2org",
  name: "INBOUND_PROVISIONING",
  capabilities,
});

describe("feature updates send what the spec allows", () => {
  it("changing a schedule's time zone sends the whole fullImport, with its required expression", async () => {
    const first = inbound({
      importSettings: {
        schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: "UTC" } },
      },
    });
    const { id, outs } = await featureProvider.create(first);
    const next = inbound({
      importSettings: {
        schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: "Europe/Berlin" } },
      },
    });
    const { outs: updated } = await featureProvider.update(id, outs, next);
    expect(updated.capabilities).toEqual(next.capabilities);
    const puts = emulator.requestLog().filter((e) => e.operation === "updateFeatureForApplication");
    expect(puts.map((p) => p.status)).toEqual([200, 200]);
  });

  it("changing a username expression sends its usernameFormat too", async () => {
    const { id, outs } = await featureProvider.create(
      inbound({
        importSettings: { username: { usernameFormat: "CUSTOM", userNameExpression: "source.login" } },
      }),
    );
    const next = inbound({
      importSettings: { username: { usernameFormat: "CUSTOM", userNameExpression: "source.email" } },
    });
    const { outs: updated } = await featureProvider.update(id, outs, next);
    expect(updated.capabilities).toEqual(next.capabilities);
  });

  it("an INBOUND_PROVISIONING program that manages only the import rules still sends both objects", async () => {
    const { outs } = await featureProvider.create(
      inbound({ importRules: { userCreateAndMatch: { exactMatchCriteria: "USERNAME" } } }),
    );
    expect(outs.capabilities).toEqual({
      importRules: { userCreateAndMatch: { exactMatchCriteria: "USERNAME" } },
    });
  });
});
