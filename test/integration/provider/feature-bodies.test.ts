/**
 * The feature PUTs the provider sends are bodies the spec allows (issue 18, defect 7): the emulator now refuses,
 * before merging, what the spec's request schema refuses, so a body Okta would reject fails here.
 */
import { startEmulator, type Emulator } from "../../../emulator";
import { resetSharedClients } from "../../../provider/client";
import { connectionProvider } from "../../../provider/connection";
import { featureProvider, type FeatureInputs } from "../../../provider/feature";
import { setConfigSource } from "../../../provider/runtime";
import { recording } from "../../conformance/harness/recordings";

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
  // The org is its own Org2Org target here: its URL and API token are what Okta verifies.
  await connectionProvider.create({
    appId,
    appName: "okta_org2org",
    authScheme: "TOKEN",
    token: org.apiToken,
    baseUrl: org.url,
  });
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

  it("a destroyed INBOUND_PROVISIONING reads as Okta's untouched one does (recorded), whatever was set", async () => {
    const { outs } = await featureProvider.create(
      inbound({
        importSettings: {
          username: { usernameFormat: "CUSTOM", userNameExpression: "source.login" },
          schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: "UTC" } },
        },
        importRules: {
          userCreateAndMatch: {
            exactMatchCriteria: "EMAIL",
            allowPartialMatch: false,
            autoActivateNewUsers: true,
          },
        },
      }),
    );
    await featureProvider.delete(`${appId}/INBOUND_PROVISIONING`, outs);
    const org = emulator.orgs[0];
    const after = await fetch(`${org.url}/api/v1/apps/${appId}/features/INBOUND_PROVISIONING`, {
      headers: { authorization: `SSWS ${org.apiToken}` },
    });
    const recorded = recording("tf-inbound-feature-read").interactions[0].response.body as {
      capabilities: unknown;
    };
    const { capabilities } = (await after.json()) as {
      capabilities: { importSettings: { username: unknown } };
    };
    // The username expression is not part of the untouched feature: a reset leaves it, EMAIL ignores it.
    expect({
      ...capabilities,
      importSettings: { ...capabilities.importSettings, username: { userNameFormat: "EMAIL" } },
    }).toEqual(recorded.capabilities);
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
