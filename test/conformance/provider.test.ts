/**
 * (b) Okta's recorded answers fed through the provider and adopt, over HTTP from a stand-in org that serves only
 * recorded bodies: read, import, adopt's classification and code generation, refresh, diff and update must give no
 * error and no perpetual diff, and what the provider sends back must be what Okta reads.
 */
import { classifyConnection } from "../../cli/adopt/classify";
import { pruneCapabilities } from "../../cli/adopt/capabilities";
import { renderApp } from "../../cli/adopt/codegen";
import type { AdoptedApp } from "../../cli/adopt/model";
import { connectionProvider, type ConnectionOutputs } from "../../provider/connection";
import { featureProvider, type FeatureOutputs } from "../../provider/feature";
import * as okta from "../../provider/okta-api";
import { oktaClient } from "../../provider/runtime";
import { RecordedOrg } from "./harness/recorded-org";
import { interaction, substitute, type RecordedResponse } from "./harness/recordings";

let org: RecordedOrg;
afterEach(async () => {
  await org?.close();
});

/** The recorded body with the recorded org's host made this stand-in's. */
function answer(name: string, index: number, host: string): RecordedResponse {
  return substitute(interaction(name, index).response, new Map([[host, org.url]]));
}

const TF_APP = "0oarblaf7hWdLawNg1d7";
const TF_HOST = "https://classic-00.dne-okta.com";
const TARGET_ORG = "https://integrator-8357679-admin.okta.com";

/** An Okta Org2Org app object as Okta recorded one (okta-sdk-python), for the app-name lookup import makes. */
function org2orgApp(id: string): RecordedResponse {
  const recorded = interaction("py-org2org-never-configured", 0).response;
  return { ...recorded, body: { ...(recorded.body as object), id } };
}

function adopted(
  appName: string,
  connection: AdoptedApp["connection"],
  features: AdoptedApp["features"] = [],
) {
  const app: AdoptedApp = {
    app: { id: TF_APP, name: appName, label: "Recorded app" },
    names: { resource: "recorded", variable: "recorded" } as AdoptedApp["names"],
    connection,
    features,
    config: [],
  };
  return renderApp(app);
}

describe("an enabled Okta Org2Org TOKEN connection with the target org's baseUrl (tf-org2org-connection-read)", () => {
  beforeEach(async () => {
    org = await RecordedOrg.start();
    org
      .serve(
        "GET",
        `/api/v1/apps/${TF_APP}/connections/default`,
        answer("tf-org2org-connection-read", 0, TF_HOST),
      )
      .serve("GET", `/api/v1/apps/${TF_APP}`, org2orgApp(TF_APP));
  });

  it("imports with its baseUrl, and the imported program (plus its token) passes preview with no diff", async () => {
    const imported = await connectionProvider.import!(TF_APP);
    expect(imported.inputs).toMatchObject({
      appName: "okta_org2org",
      authScheme: "TOKEN",
      baseUrl: TARGET_ORG,
      enabled: true,
    });
    const program = { ...imported.inputs, token: "the target org's API token" };
    const checked = await connectionProvider.check(undefined, program);
    expect(checked.failures).toEqual([]);
    const diff = await connectionProvider.diff(
      TF_APP,
      { ...imported.props, token: program.token },
      checked.inputs,
    );
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  it("refreshes to the same inputs: no drift, nothing written", async () => {
    const program = {
      appId: TF_APP,
      appName: "okta_org2org",
      authScheme: "TOKEN" as const,
      token: "t",
      baseUrl: TARGET_ORG,
    };
    const { inputs } = await connectionProvider.check(undefined, program);
    const state = { ...inputs, status: "ENABLED", appName: "okta_org2org" } as ConnectionOutputs;
    const refreshed = await connectionProvider.read(TF_APP, state);
    expect(refreshed.inputs).toEqual(inputs);
    expect(
      (await connectionProvider.diff(TF_APP, refreshed.props as ConnectionOutputs, inputs)).changes,
    ).toBe(false);
    expect(org.writes()).toEqual([]);
  });

  it("adopt takes it with its baseUrl, and the generated program declares it", async () => {
    const live = (await okta.getConnection(oktaClient(undefined), TF_APP)).data;
    const decision = classifyConnection("okta_org2org", live, false);
    expect(decision).toEqual({
      adopt: { authScheme: "TOKEN", enabled: true, threeLegged: false, baseUrl: TARGET_ORG },
    });
    const source = adopted("okta_org2org", (decision as { adopt: AdoptedApp["connection"] }).adopt);
    expect(source).toContain(`baseUrl: "${TARGET_ORG}"`);
    const checked = await connectionProvider.check(undefined, {
      appId: TF_APP,
      appName: "okta_org2org",
      authScheme: "TOKEN",
      token: "from stack config",
      baseUrl: TARGET_ORG,
      adopt: true,
    });
    expect(checked.failures).toEqual([]);
  });
});

describe("a new Okta Org2Org connection that answers without a profile (py-org2org-never-configured)", () => {
  const APP = "0oa3rk3ioj9S6PkjL5d7";
  beforeEach(async () => {
    org = await RecordedOrg.start();
    org
      .serve(
        "GET",
        `/api/v1/apps/${APP}/connections/default`,
        answer("py-org2org-never-configured", 1, "https://test.okta.com"),
      )
      .serve("GET", `/api/v1/apps/${APP}`, org2orgApp(APP));
  });

  it("adopt skips it as not configured (it can provision), not as an app that cannot", async () => {
    const live = (await okta.getConnection(oktaClient(undefined), APP)).data;
    expect(classifyConnection("okta_org2org", live, false)).toEqual({
      skip: "provisioning not configured (connection disabled; --include-disabled adopts it anyway)",
    });
    expect(classifyConnection("okta_org2org", live, true)).toEqual({
      adopt: { authScheme: "TOKEN", enabled: false, threeLegged: false },
    });
  });

  it("imports as a disabled TOKEN connection, and a refresh of a disabled program sees no drift", async () => {
    const imported = await connectionProvider.import!(APP);
    expect(imported.inputs).toMatchObject({ authScheme: "TOKEN", enabled: false });
    const program = {
      appId: APP,
      appName: "okta_org2org",
      authScheme: "TOKEN" as const,
      token: "t",
      enabled: false,
    };
    const { inputs } = await connectionProvider.check(undefined, program);
    const refreshed = await connectionProvider.read(APP, {
      ...inputs,
      status: "DISABLED",
      appName: "okta_org2org",
    } as ConnectionOutputs);
    expect(refreshed.inputs).toEqual(inputs);
  });
});

describe("a bookmark app, which cannot provision (py-bookmark-connection-*)", () => {
  const APP = "0oaqgq8pvkLC8oSMh1d7";
  const HOST = "https://test.okta.com";
  beforeEach(async () => {
    org = await RecordedOrg.start();
    const created = interaction("py-bookmark-connection-post", 0).response;
    org
      .serve("GET", `/api/v1/apps/${APP}`, created)
      .serve("GET", `/api/v1/apps/${APP}/connections/default`, answer("py-bookmark-connection-post", 1, HOST))
      .serve(
        "POST",
        `/api/v1/apps/${APP}/connections/default`,
        answer("py-bookmark-connection-post", 3, HOST),
      )
      .serve(
        "POST",
        `/api/v1/apps/${APP}/connections/default/lifecycle/activate`,
        answer("py-bookmark-connection-lifecycle", 2, HOST),
      );
  });

  it("is refused at preview when the program names the app, before any call", async () => {
    const { failures } = await connectionProvider.check(undefined, {
      appId: APP,
      appName: "bookmark",
      authScheme: "TOKEN",
      token: "t",
    });
    expect(failures).toEqual([
      {
        property: "appName",
        reason: expect.stringMatching(/bookmark.*cannot provision|not an app .* provision/),
      },
    ]);
    expect(org.received).toEqual([]);
  });

  it("fails clearly at up when only Okta can tell (Okta answers the POST UNKNOWN), and never records ENABLED", async () => {
    await expect(
      connectionProvider.create({
        appId: APP,
        authScheme: "TOKEN",
        token: "t",
        enabled: true,
        profileRevision: 1,
      }),
    ).rejects.toThrow(/ProvisioningConnection of app 0oaqgq8pvkLC8oSMh1d7: .*bookmark.* cannot provision/);
  });

  it("reads back after a bare 204 from lifecycle/activate and fails, instead of recording ENABLED", async () => {
    const olds = {
      appId: APP,
      appName: "bookmark",
      authScheme: "TOKEN",
      token: "t",
      enabled: false,
      status: "DISABLED",
      adopt: false,
      profileRevision: 1,
    } as ConnectionOutputs;
    await expect(connectionProvider.update(APP, olds, { ...olds, enabled: true })).rejects.toThrow(
      /cannot provision/,
    );
    expect(org.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /api/v1/apps/${APP}/connections/default/lifecycle/activate`,
      `GET /api/v1/apps/${APP}/connections/default`,
    ]);
  });

  it("adopt skips it: it cannot provision", async () => {
    const live = (await okta.getConnection(oktaClient(undefined), APP)).data;
    expect(classifyConnection("bookmark", live, true)).toEqual({
      skip: expect.stringMatching(/^cannot provision/),
    });
  });
});

describe("INBOUND_PROVISIONING as Okta reads it: userNameFormat, null schedules (tf-inbound-feature-read)", () => {
  const PATH = `/api/v1/apps/${TF_APP}/features/INBOUND_PROVISIONING`;
  const program = {
    appId: TF_APP,
    name: "INBOUND_PROVISIONING" as const,
    capabilities: {
      importSettings: { username: { usernameFormat: "EMAIL" }, schedule: { status: "DISABLED" } },
      importRules: { userCreateAndMatch: { exactMatchCriteria: "USERNAME", autoConfirmNewUsers: false } },
    },
  };

  beforeEach(async () => {
    org = await RecordedOrg.start();
    org.serve("GET", PATH, answer("tf-inbound-feature-read", 0, TF_HOST));
  });

  it("imports every capability, the username format included, into a program that passes preview", async () => {
    const imported = await featureProvider.import!(`${TF_APP}/INBOUND_PROVISIONING`);
    expect(imported.inputs.capabilities).toEqual({
      importSettings: { username: { usernameFormat: "EMAIL" }, schedule: { status: "DISABLED" } },
      importRules: {
        userCreateAndMatch: {
          exactMatchCriteria: "USERNAME",
          allowPartialMatch: true,
          autoConfirmPartialMatch: false,
          autoConfirmExactMatch: false,
          autoConfirmNewUsers: false,
          autoActivateNewUsers: false,
        },
      },
    });
    expect((await featureProvider.check(undefined, imported.inputs)).failures).toEqual([]);
  });

  it("a program managing the username format refreshes with no drift, and an update writes nothing", async () => {
    const { inputs } = await featureProvider.check(undefined, program);
    const created = { ...inputs, status: "ENABLED", effectiveCapabilities: {} } as FeatureOutputs;
    const refreshed = await featureProvider.read(`${TF_APP}/INBOUND_PROVISIONING`, created);
    expect(refreshed.inputs?.capabilities).toEqual(program.capabilities);
    const state = refreshed.props as FeatureOutputs;
    expect((await featureProvider.diff(`${TF_APP}/INBOUND_PROVISIONING`, state, inputs)).changes).toBe(false);
    await featureProvider.update(`${TF_APP}/INBOUND_PROVISIONING`, state, inputs);
    expect(org.writes()).toEqual([]);
  });

  it("writes the username format as Okta reads it back: userNameFormat", async () => {
    org.serve("PUT", PATH, answer("tf-inbound-feature-read", 0, TF_HOST));
    const { inputs } = await featureProvider.check(undefined, program);
    const state = (
      await featureProvider.read(`${TF_APP}/INBOUND_PROVISIONING`, {
        ...inputs,
        status: "ENABLED",
        effectiveCapabilities: {},
      } as FeatureOutputs)
    ).props as FeatureOutputs;
    const custom = {
      ...program,
      capabilities: {
        ...program.capabilities,
        importSettings: {
          ...program.capabilities.importSettings,
          username: { usernameFormat: "CUSTOM", userNameExpression: "source.login" },
        },
      },
    };
    await featureProvider.update(
      `${TF_APP}/INBOUND_PROVISIONING`,
      state,
      (await featureProvider.check(state, custom)).inputs,
    );
    const [put] = org.writes();
    expect(put.body).toMatchObject({
      importSettings: { username: { userNameFormat: "CUSTOM", userNameExpression: "source.login" } },
    });
    expect(JSON.stringify(put.body)).not.toContain("usernameFormat");
  });

  it("adopt keeps the username format (nothing left out) and the generated feature passes preview", async () => {
    const live = (await okta.getFeature(oktaClient(undefined), TF_APP, "INBOUND_PROVISIONING")).data;
    const pruned = pruneCapabilities("INBOUND_PROVISIONING", live.capabilities);
    expect(pruned.leftOut).toEqual([]);
    expect(pruned.capabilities).toMatchObject({ importSettings: { username: { usernameFormat: "EMAIL" } } });
    const source = adopted(
      "okta_org2org",
      { authScheme: "TOKEN", enabled: true, threeLegged: false, baseUrl: TARGET_ORG },
      [{ name: "INBOUND_PROVISIONING", ...pruned }],
    );
    expect(source).toContain('usernameFormat: "EMAIL"');
    expect(
      (await featureProvider.check(undefined, { ...program, capabilities: pruned.capabilities })).failures,
    ).toEqual([]);
  });
});

describe("USER_PROVISIONING PUT whole and read back (tf-user-feature-put)", () => {
  const PATH = `/api/v1/apps/${TF_APP}/features/USER_PROVISIONING`;
  beforeEach(async () => {
    org = await RecordedOrg.start();
    org.serve("GET", PATH, answer("tf-user-feature-put", 1, TF_HOST));
  });

  it("imports, passes preview, refreshes with no drift and writes nothing", async () => {
    const imported = await featureProvider.import!(`${TF_APP}/USER_PROVISIONING`);
    const checked = await featureProvider.check(undefined, imported.inputs);
    expect(checked.failures).toEqual([]);
    const refreshed = await featureProvider.read(`${TF_APP}/USER_PROVISIONING`, imported.props);
    expect(refreshed.inputs?.capabilities).toEqual(imported.inputs.capabilities);
    const state = refreshed.props as FeatureOutputs;
    expect((await featureProvider.diff(`${TF_APP}/USER_PROVISIONING`, state, checked.inputs)).changes).toBe(
      false,
    );
    await featureProvider.update(`${TF_APP}/USER_PROVISIONING`, state, checked.inputs);
    expect(org.writes()).toEqual([]);
  });
});

describe("an app id the org does not have (py-connection-app-not-found, py-features-app-not-found)", () => {
  it("a refresh drops the connection and the feature from the stack, without an error", async () => {
    org = await RecordedOrg.start();
    const id = "0oa6bdwarf0Rq1tSm1d7";
    org
      .serve(
        "GET",
        `/api/v1/apps/${id}/connections/default`,
        answer("py-connection-app-not-found", 0, "https://test.okta.com"),
      )
      .serve(
        "GET",
        `/api/v1/apps/${id}/features/USER_PROVISIONING`,
        answer("py-features-app-not-found", 0, "https://test.okta.com"),
      );
    const connection = await connectionProvider.read(id, {
      appId: id,
      authScheme: "TOKEN",
      status: "ENABLED",
    } as ConnectionOutputs);
    expect(connection.id).toBe("");
    const feature = await featureProvider.read(`${id}/USER_PROVISIONING`, {
      appId: id,
      name: "USER_PROVISIONING",
      status: "ENABLED",
      effectiveCapabilities: {},
    } as FeatureOutputs);
    expect(feature.id).toBe("");
  });
});

describe("a 404 that names a feature, not the app (py-feature-unknown-name, py-features-app-not-found)", () => {
  const id = "0oa6bdwarf0Rq1tSm1d7";
  const OKTA = "https://test.okta.com";

  it("is not read as a missing app: the feature create says the app lacks the feature and names those it has", async () => {
    org = await RecordedOrg.start();
    // Okta's recorded 404 for a feature name it does not have at that app ("(PublicAppFeatureSetName)"); for a name
    // it knows but the app lacks no answer is recorded: assumed the same shape (a 404 naming the feature).
    org
      .serve(
        "PUT",
        `/api/v1/apps/${id}/features/INBOUND_PROVISIONING`,
        answer("py-feature-unknown-name", 0, OKTA),
      )
      .serve("GET", `/api/v1/apps/${id}/features`, {
        ...answer("tf-user-feature-put", 1, TF_HOST),
        body: [answer("tf-user-feature-put", 1, TF_HOST).body],
      });
    const err = (await featureProvider
      .create({ appId: id, name: "INBOUND_PROVISIONING", capabilities: {} })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /Okta has no INBOUND_PROVISIONING feature for this app \(its features: USER_PROVISIONING\)/,
    );
    expect(err.message).not.toMatch(/was not found|check appId/);
  });

  it("while the recorded (AppInstance) 404 still says the app was not found", async () => {
    org = await RecordedOrg.start();
    org.serve(
      "PUT",
      `/api/v1/apps/${id}/features/USER_PROVISIONING`,
      answer("py-features-app-not-found", 0, OKTA),
    );
    const err = (await featureProvider
      .create({ appId: id, name: "USER_PROVISIONING", capabilities: {} })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(new RegExp(`The app ${id} was not found in .*check appId`));
  });
});
