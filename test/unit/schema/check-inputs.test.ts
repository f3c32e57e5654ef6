/**
 * What a person sees at `pulumi preview` when an input is wrong: the property, what is allowed, and the fix.
 * Examples come from Okta's provisioning guide and the OpenAPI spec's request examples.
 */
import { checkInputs, formatFailures, UNKNOWN, type CheckFailure } from "../../../provider/validation";

const APP_ID = "0oa1gjh63g214q0Hq0g4";

function failuresOf(resource: Parameters<typeof checkInputs>[0], inputs: Record<string, unknown>) {
  return checkInputs(resource, inputs);
}

/** The reason given for `property`, or undefined when it was not refused. */
function reasonFor(failures: CheckFailure[], property: string): string | undefined {
  return failures.find((f) => f.property === property)?.reason;
}

const zscaler = {
  appId: APP_ID,
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: "00NgAPZqUVy8cX9ehNzzahEE5b-On9sImTcInvWp-x",
  baseUrl: "https://scim.zscalerbeta.net/1234567/890/scim",
};

const inboundCapabilities = {
  importSettings: {
    username: { usernameFormat: "EMAIL" },
    schedule: {
      status: "ENABLED",
      fullImport: { expression: "0 0 * * 0", timezone: "America/New_York" },
      incrementalImport: { expression: "0 */3 * * *", timezone: "America/New_York" },
    },
  },
  importRules: {
    userCreateAndMatch: {
      exactMatchCriteria: "EMAIL",
      allowPartialMatch: false,
      autoConfirmPartialMatch: false,
      autoConfirmExactMatch: false,
      autoConfirmNewUsers: false,
      autoActivateNewUsers: false,
    },
  },
};

describe("valid inputs pass", () => {
  test.each([
    ["Zscaler 2.0 with a token and its SCIM base URL (guide)", zscaler],
    [
      "Okta Org2Org with a token (guide)",
      { appId: APP_ID, appName: "okta_org2org", authScheme: "TOKEN", token: "t" },
    ],
    ["Google Workspace with OAuth 2.0 (guide)", { appId: APP_ID, appName: "google", authScheme: "OAUTH2" }],
    [
      "Microsoft 365 with admin credentials (guide)",
      {
        appId: APP_ID,
        appName: "office365",
        authScheme: "OAUTH2",
        settings: { adminUsername: "admin@contoso.example", adminPassword: "pw" },
      },
    ],
    [
      "Okta Org2Org with two-legged OAuth 2.0 and key rotation (spec)",
      {
        appId: APP_ID,
        appName: "okta_org2org",
        authScheme: "OAUTH2",
        clientId: "0oa2h6su6bVFyJzIf1d7",
        signing: { rotationMode: "AUTO" },
      },
    ],
    [
      "no app name hint, disabled, adopted, in a named org",
      { appId: APP_ID, authScheme: "TOKEN", token: "t", enabled: false, adopt: true, org: "emea.prod-1" },
    ],
    ["a loopback emulator as the SCIM base", { ...zscaler, baseUrl: "http://127.0.0.1:8080/scim" }],
    // The same loopback rule as org URLs (provider/orgs.ts): all of 127.0.0.0/8.
    ["another loopback address as the SCIM base", { ...zscaler, baseUrl: "http://127.5.6.7:8080/scim" }],
  ])("ProvisioningConnection: %s", (_, inputs) => {
    expect(failuresOf("ProvisioningConnection", inputs)).toEqual([]);
  });

  test.each([
    [
      "USER_PROVISIONING, every capability (spec's update example)",
      {
        name: "USER_PROVISIONING",
        capabilities: {
          create: { lifecycleCreate: { status: "ENABLED" } },
          update: {
            lifecycleDeactivate: { status: "ENABLED" },
            profile: { status: "ENABLED" },
            password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
          },
        },
      },
    ],
    [
      "INBOUND_PROVISIONING on Org2Org (spec's response)",
      { name: "INBOUND_PROVISIONING", appName: "okta_org2org", capabilities: inboundCapabilities },
    ],
    [
      "Okta's own cron example with day names, a custom username, UTC",
      {
        name: "INBOUND_PROVISIONING",
        capabilities: {
          importSettings: {
            username: { usernameFormat: "CUSTOM", userNameExpression: "source.login" },
            schedule: {
              status: "ENABLED",
              fullImport: { expression: "00 21 * * Mon,Thu,Fri,Sat", timezone: "UTC" },
            },
          },
        },
      },
    ],
    [
      "a schedule explicitly emptied with null, as in the spec's request example",
      {
        name: "INBOUND_PROVISIONING",
        capabilities: { importSettings: { schedule: { status: "DISABLED", fullImport: null } } },
      },
    ],
    ["no capabilities at all", { name: "USER_PROVISIONING" }],
  ])("ProvisioningFeature: %s", (_, inputs) => {
    expect(failuresOf("ProvisioningFeature", { appId: APP_ID, ...inputs })).toEqual([]);
  });

  test("OAuthConsent: defaults and explicit values", () => {
    expect(failuresOf("OAuthConsent", { appId: APP_ID, appName: "slack" })).toEqual([]);
    expect(
      failuresOf("OAuthConsent", {
        appId: APP_ID,
        appName: "zoomus",
        timeoutSeconds: 86400,
        activate: false,
        org: "us",
      }),
    ).toEqual([]);
  });

  test("the serialized provider the dynamic-provider host adds is not an input", () => {
    expect(failuresOf("ProvisioningConnection", { ...zscaler, __provider: "exports.handler = …" })).toEqual(
      [],
    );
  });
});

describe("the schema's shape", () => {
  test("refuses an unknown property and lists the allowed ones", () => {
    const reason = reasonFor(
      failuresOf("ProvisioningConnection", { ...zscaler, activate: true }),
      "activate",
    );
    expect(reason).toMatch(/unknown property/);
    expect(reason).toMatch(/`enabled`/);
  });

  test("names a value outside an enum and the allowed values", () => {
    const failures = failuresOf("ProvisioningConnection", { ...zscaler, authScheme: "BASIC" });
    expect(reasonFor(failures, "authScheme")).toMatch(/"BASIC" is not allowed: use one of "TOKEN", "OAUTH2"/);
  });

  test("suggests the right case of an enum value", () => {
    const failures = failuresOf("ProvisioningConnection", { ...zscaler, authScheme: "token" });
    expect(reasonFor(failures, "authScheme")).toMatch(/did you mean "TOKEN"/);
    expect(failures).toHaveLength(1);
  });

  test("suggests the right spelling of a mistyped key instead of also calling the real one missing", () => {
    const { token, ...rest } = zscaler;
    const failures = failuresOf("ProvisioningConnection", { ...rest, tokn: token });
    expect(failures).toEqual([{ property: "tokn", reason: expect.stringMatching(/did you mean `token`\?/) }]);
  });

  test("names missing required inputs", () => {
    const failures = failuresOf("ProvisioningFeature", { capabilities: {} });
    expect(reasonFor(failures, "appId")).toBe("is required");
    expect(reasonFor(failures, "name")).toBe("is required");
  });

  test("names the expected type", () => {
    expect(reasonFor(failuresOf("ProvisioningConnection", { ...zscaler, enabled: "yes" }), "enabled")).toBe(
      "must be true or false",
    );
    expect(
      reasonFor(
        failuresOf("OAuthConsent", { appId: APP_ID, appName: "google", timeoutSeconds: 1.5 }),
        "timeoutSeconds",
      ),
    ).toBe("must be a whole number");
  });

  test("names nested properties by their dotted path", () => {
    const failures = failuresOf("ProvisioningFeature", {
      appId: APP_ID,
      name: "USER_PROVISIONING",
      capabilities: { update: { password: { seed: "PASSWORD" } } },
    });
    expect(reasonFor(failures, "capabilities.update.password.seed")).toMatch(/use one of "OKTA", "RANDOM"/);
  });
});

describe("the guide's spellings, which no recording shows, and Okta's own", () => {
  const inbound = (importSettings: unknown) =>
    failuresOf("ProvisioningFeature", {
      appId: APP_ID,
      name: "INBOUND_PROVISIONING",
      capabilities: { importSettings },
    });

  test('"change": "CYCLE" is refused with the values Okta takes, not called a known slip', () => {
    const failures = failuresOf("ProvisioningFeature", {
      appId: APP_ID,
      name: "USER_PROVISIONING",
      capabilities: { update: { password: { status: "ENABLED", seed: "RANDOM", change: "CYCLE" } } },
    });
    const reason = reasonFor(failures, "capabilities.update.password.change");
    expect(reason).toMatch(/use one of "CHANGE", "KEEP_EXISTING"/);
    expect(reason).not.toMatch(/slip/);
  });

  test("timeZone gets the near-miss hint, not a known-slip claim", () => {
    const failures = inbound({
      schedule: { fullImport: { expression: "0 2 * * *", timeZone: "Europe/Berlin" } },
    });
    expect(failures).toEqual([
      {
        property: "capabilities.importSettings.schedule.fullImport.timeZone",
        reason: expect.stringMatching(/did you mean `timezone`\?/),
      },
    ]);
  });

  test("userNameFormat, Okta's wire spelling, names this package's input and says it is sent so", () => {
    const failures = inbound({ username: { userNameFormat: "EMAIL" } });
    expect(failures).toEqual([
      {
        property: "capabilities.importSettings.username.userNameFormat",
        reason: expect.stringMatching(
          /use `usernameFormat`: this package's name for it, sent to Okta as `userNameFormat`/,
        ),
      },
    ]);
  });
});

describe("authentication schemes and apps", () => {
  const connection = (inputs: Record<string, unknown>) =>
    failuresOf("ProvisioningConnection", { appId: APP_ID, ...inputs });

  test("TOKEN needs a token and refuses OAuth-only settings", () => {
    const failures = connection({
      authScheme: "TOKEN",
      clientId: "0oa2h6su6bVFyJzIf1d7",
      settings: { adminUsername: "a", adminPassword: "b" },
    });
    expect(reasonFor(failures, "token")).toMatch(/required with authScheme TOKEN/);
    expect(reasonFor(failures, "clientId")).toMatch(/only for authScheme OAUTH2/);
    expect(reasonFor(failures, "settings")).toMatch(/only for authScheme OAUTH2/);
  });

  test("OAUTH2 refuses a token", () => {
    expect(reasonFor(connection({ authScheme: "OAUTH2", token: "t" }), "token")).toMatch(
      /only for authScheme TOKEN/,
    );
  });

  test("signing needs OAUTH2 with a clientId", () => {
    expect(
      reasonFor(connection({ authScheme: "OAUTH2", signing: { rotationMode: "AUTO" } }), "signing"),
    ).toMatch(/OAUTH2 with a clientId/);
    expect(
      reasonFor(
        connection({ authScheme: "TOKEN", token: "t", signing: { rotationMode: "MANUAL" } }),
        "signing",
      ),
    ).toMatch(/OAUTH2 with a clientId/);
  });

  test("refuses a TOKEN connection for an OAuth-only app, and OAUTH2 for a token-only app", () => {
    expect(
      reasonFor(connection({ appName: "google", authScheme: "TOKEN", token: "t" }), "authScheme"),
    ).toMatch(/does not support TOKEN.*use authScheme "OAUTH2"/);
    expect(reasonFor(connection({ appName: "zscalerbyz", authScheme: "OAUTH2" }), "authScheme")).toMatch(
      /does not support OAUTH2.*use authScheme "TOKEN"/,
    );
  });

  test("two-legged OAuth on Org2Org needs a clientId; other apps refuse one", () => {
    expect(reasonFor(connection({ appName: "okta_org2org", authScheme: "OAUTH2" }), "clientId")).toMatch(
      /required for Okta Org2Org/,
    );
    expect(
      reasonFor(connection({ appName: "slack", authScheme: "OAUTH2", clientId: "x" }), "clientId"),
    ).toMatch(/only for Okta Org2Org/);
  });

  test("Zscaler 2.0 needs an https SCIM base URL", () => {
    const { baseUrl, ...noBase } = zscaler;
    expect(baseUrl).toBeDefined();
    expect(reasonFor(failuresOf("ProvisioningConnection", noBase), "baseUrl")).toMatch(
      /required for Zscaler 2.0/,
    );
    expect(
      reasonFor(
        failuresOf("ProvisioningConnection", { ...zscaler, baseUrl: "http://scim.example.com/scim" }),
        "baseUrl",
      ),
    ).toMatch(/must use https/);
    expect(
      reasonFor(failuresOf("ProvisioningConnection", { ...zscaler, baseUrl: "scim.example.com" }), "baseUrl"),
    ).toMatch(/absolute URL/);
  });

  test("Microsoft 365 needs the admin username and password", () => {
    const failures = connection({ appName: "office365", authScheme: "OAUTH2" });
    expect(reasonFor(failures, "settings.adminUsername")).toMatch(/required for Microsoft 365/);
    expect(reasonFor(failures, "settings.adminPassword")).toMatch(/required for Microsoft 365/);
    const half = connection({ appName: "office365", authScheme: "OAUTH2", settings: { adminUsername: "a" } });
    expect(half.map((f) => f.property)).toEqual(["settings.adminPassword"]);
  });

  test("names a near miss of a known app name", () => {
    expect(
      reasonFor(connection({ appName: "zscalerby", authScheme: "TOKEN", token: "t" }), "appName"),
    ).toMatch(/did you mean `zscalerbyz`/);
  });
});

describe("provisioning features", () => {
  const feature = (inputs: Record<string, unknown>) =>
    failuresOf("ProvisioningFeature", { appId: APP_ID, ...inputs });

  test("refuses To Okta capabilities on USER_PROVISIONING, and To App ones on INBOUND_PROVISIONING", () => {
    expect(
      reasonFor(
        feature({ name: "USER_PROVISIONING", capabilities: inboundCapabilities }),
        "capabilities.importSettings",
      ),
    ).toMatch(/belongs to INBOUND_PROVISIONING.*separate ProvisioningFeature/);
    expect(
      reasonFor(
        feature({
          name: "INBOUND_PROVISIONING",
          capabilities: { create: { lifecycleCreate: { status: "ENABLED" } } },
        }),
        "capabilities.create",
      ),
    ).toMatch(/belongs to USER_PROVISIONING/);
  });

  test.each(["google", "office365", "slack", "zoomus"])(
    "accepts INBOUND_PROVISIONING on %s: the guide's OAuth section gives these apps both features",
    (appName) => {
      expect(reasonFor(feature({ name: "INBOUND_PROVISIONING", appName }), "name")).toBeUndefined();
    },
  );

  test("refuses INBOUND_PROVISIONING on an app that only pushes users", () => {
    expect(reasonFor(feature({ name: "INBOUND_PROVISIONING", appName: "zscalerbyz" }), "name")).toMatch(
      /has no INBOUND_PROVISIONING feature/,
    );
  });

  const schedule = (fullImport: Record<string, unknown>) =>
    feature({
      name: "INBOUND_PROVISIONING",
      capabilities: { importSettings: { schedule: { status: "ENABLED", fullImport } } },
    });
  const where = "capabilities.importSettings.schedule.fullImport";

  test.each([
    ["0 0 2 * * *", /6 fields, and a seconds field is not accepted/],
    ["@daily", /macros such as @daily/],
    ["0 2 * *", /it has 4 fields/],
    ["61 2 * * *", /expected range 0-59/],
    ["0 2 ? * MON#1", /Quartz/],
  ])("refuses the cron expression %s", (expression, why) => {
    expect(reasonFor(schedule({ expression }), `${where}.expression`)).toMatch(why);
  });

  test.each([
    ["Mars/Olympus_Mons", /IANA time zone name/],
    ["america/new_york", /case-sensitive: did you mean `America\/New_York`/],
    ["+05:00", /IANA time zone name/],
  ])("refuses the time zone %s", (timezone, why) => {
    expect(reasonFor(schedule({ expression: "0 2 * * *", timezone }), `${where}.timezone`)).toMatch(why);
  });

  test("accepts IANA aliases Node knows under another name", () => {
    expect(schedule({ expression: "0 2 * * *", timezone: "Asia/Kolkata" })).toEqual([]);
  });

  test("a custom username format needs its expression, and only it takes one", () => {
    const username = (u: unknown) =>
      feature({ name: "INBOUND_PROVISIONING", capabilities: { importSettings: { username: u } } });
    const path = "capabilities.importSettings.username.userNameExpression";
    expect(reasonFor(username({ usernameFormat: "CUSTOM" }), path)).toMatch(
      /required with usernameFormat CUSTOM/,
    );
    expect(reasonFor(username({ usernameFormat: "EMAIL", userNameExpression: "x" }), path)).toMatch(
      /only used with usernameFormat CUSTOM/,
    );
  });
});

describe("values bound for URL paths and text fields", () => {
  test.each(["../users", "0oa1?x=1", "", "0oa1gjh63g214q0Hq0g4/../x", "0oa1gjh63g214q0Hq0g45"])(
    "refuses the app id %j before it reaches a URL",
    (appId) => {
      for (const [resource, inputs] of [
        ["ProvisioningConnection", { ...zscaler, appId }],
        ["ProvisioningFeature", { appId, name: "USER_PROVISIONING" }],
        ["OAuthConsent", { appId, appName: "google" }],
      ] as const) {
        expect(reasonFor(failuresOf(resource, inputs), "appId")).toMatch(
          /`0oa` followed by 17 letters or digits/,
        );
      }
    },
  );

  test("refuses an org alias that could not name a config key", () => {
    expect(reasonFor(failuresOf("ProvisioningConnection", { ...zscaler, org: "emea/../us" }), "org")).toMatch(
      /okta-provisioning:orgs/,
    );
  });

  test("refuses over-long strings and control characters wherever they are", () => {
    const long = failuresOf("ProvisioningConnection", { ...zscaler, token: "x".repeat(5000) });
    expect(reasonFor(long, "token")).toMatch(/5000 characters long; at most 2048/);
    const feature = failuresOf("ProvisioningFeature", {
      appId: APP_ID,
      name: "INBOUND_PROVISIONING",
      capabilities: {
        importSettings: { username: { usernameFormat: "CUSTOM", userNameExpression: "a\nb" } },
      },
    });
    expect(reasonFor(feature, "capabilities.importSettings.username.userNameExpression")).toMatch(
      /control character/,
    );
  });

  test("refuses an app name that could not be an Okta app's", () => {
    expect(
      reasonFor(failuresOf("OAuthConsent", { appId: APP_ID, appName: "google/../x" }), "appName"),
    ).toMatch(/letters, digits and `_`/);
  });
});

describe("OAuthConsent", () => {
  test("is only for apps whose OAuth connection needs consent", () => {
    expect(
      reasonFor(failuresOf("OAuthConsent", { appId: APP_ID, appName: "okta_org2org" }), "appName"),
    ).toMatch(/needs no consent/);
    expect(reasonFor(failuresOf("OAuthConsent", { appId: APP_ID, appName: "gogle" }), "appName")).toMatch(
      /did you mean `google`/,
    );
  });

  test.each([0, 86401, -5])("refuses a timeout of %d seconds", (timeoutSeconds) => {
    expect(
      reasonFor(
        failuresOf("OAuthConsent", { appId: APP_ID, appName: "google", timeoutSeconds }),
        "timeoutSeconds",
      ),
    ).toMatch(/between 1 and 86400/);
  });
});

describe("values unknown during preview", () => {
  test("skip the checks that depend on them", () => {
    expect(
      failuresOf("ProvisioningFeature", {
        appId: UNKNOWN,
        appName: UNKNOWN,
        name: "INBOUND_PROVISIONING",
        capabilities: UNKNOWN,
      }),
    ).toEqual([]);
    expect(
      failuresOf("ProvisioningConnection", {
        appId: APP_ID,
        authScheme: UNKNOWN,
        token: UNKNOWN,
        clientId: "c",
      }),
    ).toEqual([]);
    expect(
      failuresOf("ProvisioningConnection", {
        appId: APP_ID,
        appName: "office365",
        authScheme: "OAUTH2",
        settings: UNKNOWN,
      }),
    ).toEqual([]);
    expect(
      failuresOf("ProvisioningConnection", {
        appId: APP_ID,
        appName: "office365",
        authScheme: "OAUTH2",
        settings: { adminUsername: "a", adminPassword: UNKNOWN },
      }),
    ).toEqual([]);
    expect(failuresOf("OAuthConsent", { appId: UNKNOWN, appName: UNKNOWN, timeoutSeconds: UNKNOWN })).toEqual(
      [],
    );
  });

  test("count as given for what a scheme requires or refuses", () => {
    expect(
      reasonFor(
        failuresOf("ProvisioningConnection", { appId: APP_ID, authScheme: "OAUTH2", token: UNKNOWN }),
        "token",
      ),
    ).toMatch(/only for authScheme TOKEN/);
  });

  test("do not hide failures elsewhere", () => {
    const failures = failuresOf("ProvisioningConnection", {
      appId: UNKNOWN,
      authScheme: "TOKEN",
      token: UNKNOWN,
      baseUrl: "ftp://x",
    });
    expect(failures.map((f) => f.property)).toEqual(["baseUrl"]);
  });
});

describe("secrets", () => {
  const SECRET = "s3cr3t-Zq9-never-shown";
  const cases: [Parameters<typeof checkInputs>[0], Record<string, unknown>][] = [
    ["ProvisioningConnection", { ...zscaler, token: `${SECRET}\n` }],
    ["ProvisioningConnection", { ...zscaler, token: SECRET.repeat(200) }],
    ["ProvisioningConnection", { ...zscaler, token: { value: SECRET } }],
    ["ProvisioningConnection", { appId: APP_ID, authScheme: "OAUTH2", token: SECRET }],
    ["ProvisioningConnection", { appId: APP_ID, appName: "google", authScheme: "TOKEN", token: SECRET }],
    [
      "ProvisioningConnection",
      {
        appId: APP_ID,
        appName: "office365",
        authScheme: "OAUTH2",
        settings: { adminPassword: `${SECRET}\t`, adminUser: SECRET },
      },
    ],
    ["ProvisioningConnection", { appId: APP_ID, authScheme: "TOKEN", tokenn: SECRET }],
  ];

  test.each(cases)("never appear in %s failures", (resource, inputs) => {
    const failures = failuresOf(resource, inputs);
    expect(failures.length).toBeGreaterThan(0);
    const text = formatFailures(`${resource} "x"`, failures);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("s3cr3t");
  });
});

test("formatFailures gives one message naming the resource and every property", () => {
  const text = formatFailures('ProvisioningConnection "zscaler"', [
    { property: "token", reason: "is required" },
    { property: "baseUrl", reason: "must use https" },
  ]);
  expect(text).toBe(
    'ProvisioningConnection "zscaler" has 2 invalid inputs:\n  - token: is required\n  - baseUrl: must use https',
  );
});
