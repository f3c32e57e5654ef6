/**
 * sdk/types.ts restates schema.json by hand for TypeScript users; these checks make drift between them fail.
 * Each key list below is checked against the TypeScript type at compile time (`satisfies` a record over exactly
 * its keys, so a missing or extra key is a type error in `npm run lint`) and against schema.json here.
 */
import schema from "../../../schema.json";
import type * as sdk from "../../../sdk/types";

/** Every key of every member of a union. */
type AllKeys<T> = T extends unknown ? keyof T : never;
type KeysOf<T> = Record<AllKeys<T>, true>;
type ValuesOf<T extends string> = Record<T, true>;

type SchemaProperties = Record<string, { $ref?: string }>;
const types = schema.types as Record<string, { properties?: SchemaProperties; enum?: { value: string }[] }>;
const resources = schema.resources as Record<string, { inputProperties: SchemaProperties }>;

const token = (name: string) => `okta-provisioning:index:${name}`;
const sorted = (keys: object) => Object.keys(keys).sort();
const schemaKeys = (properties: SchemaProperties | undefined) => Object.keys(properties ?? {}).sort();

/** Inputs the SDK takes that the provider never sees: it turns them into schema inputs first. */
const SDK_ONLY = ["connection"];

describe("resource args", () => {
  const args: [string, object][] = [
    [
      "ProvisioningConnection",
      {
        appId: true,
        appName: true,
        authScheme: true,
        token: true,
        baseUrl: true,
        clientId: true,
        signing: true,
        settings: true,
        enabled: true,
        adopt: true,
        org: true,
      } satisfies KeysOf<sdk.ProvisioningConnectionArgs>,
    ],
    [
      "ProvisioningFeature",
      {
        appId: true,
        connection: true,
        appName: true,
        name: true,
        capabilities: true,
        adopt: true,
        org: true,
      } satisfies KeysOf<sdk.ProvisioningFeatureArgs>,
    ],
    [
      "OAuthConsent",
      {
        appId: true,
        appName: true,
        connection: true,
        timeoutSeconds: true,
        activate: true,
        org: true,
        profileRevision: true,
      } satisfies KeysOf<sdk.OAuthConsentArgs>,
    ],
  ];

  test.each(args)("%sArgs has the schema's inputs", (resource, keys) => {
    const sdkKeys = sorted(keys).filter((k) => !SDK_ONLY.includes(k));
    expect(sdkKeys).toEqual(schemaKeys(resources[token(resource)].inputProperties));
  });
});

describe("object types", () => {
  const objects: [string, object][] = [
    [
      "ProvisioningConnectionSigning",
      { rotationMode: true } satisfies KeysOf<sdk.ProvisioningConnectionSigningArgs>,
    ],
    [
      "Office365ProvisioningSettings",
      { adminUsername: true, adminPassword: true } satisfies KeysOf<sdk.Office365ProvisioningSettingsArgs>,
    ],
    ["CapabilitiesCreate", { lifecycleCreate: true } satisfies KeysOf<sdk.CapabilitiesCreateArgs>],
    ["LifecycleCreateSetting", { status: true } satisfies KeysOf<sdk.LifecycleCreateSettingArgs>],
    [
      "CapabilitiesUpdate",
      {
        profile: true,
        lifecycleDeactivate: true,
        password: true,
      } satisfies KeysOf<sdk.CapabilitiesUpdateArgs>,
    ],
    ["ProfileSetting", { status: true } satisfies KeysOf<sdk.ProfileSettingArgs>],
    ["LifecycleDeactivateSetting", { status: true } satisfies KeysOf<sdk.LifecycleDeactivateSettingArgs>],
    ["PasswordSetting", { status: true, seed: true, change: true } satisfies KeysOf<sdk.PasswordSettingArgs>],
    [
      "CapabilitiesImportSettings",
      { username: true, schedule: true } satisfies KeysOf<sdk.CapabilitiesImportSettingsArgs>,
    ],
    [
      "ImportUsername",
      { usernameFormat: true, userNameExpression: true } satisfies KeysOf<sdk.ImportUsernameArgs>,
    ],
    [
      "ImportSchedule",
      { status: true, fullImport: true, incrementalImport: true } satisfies KeysOf<sdk.ImportScheduleArgs>,
    ],
    [
      "ImportScheduleSettings",
      { expression: true, timezone: true } satisfies KeysOf<sdk.ImportScheduleSettingsArgs>,
    ],
    [
      "CapabilitiesImportRules",
      { userCreateAndMatch: true } satisfies KeysOf<sdk.CapabilitiesImportRulesArgs>,
    ],
    [
      "ImportRulesUserCreateAndMatch",
      {
        exactMatchCriteria: true,
        allowPartialMatch: true,
        autoConfirmPartialMatch: true,
        autoConfirmExactMatch: true,
        autoConfirmNewUsers: true,
        autoActivateNewUsers: true,
      } satisfies KeysOf<sdk.ImportRulesUserCreateAndMatchArgs>,
    ],
  ];

  test.each(objects)("%sArgs has the schema type's properties", (name, keys) => {
    expect(sorted(keys)).toEqual(schemaKeys(types[token(name)].properties));
  });

  test("every object type of the resources' inputs has its Args", () => {
    const covered = new Set(objects.map(([name]) => name));
    const referenced = new Set<string>();
    const visit = (properties: SchemaProperties | undefined) => {
      for (const p of Object.values(properties ?? {})) {
        const name = p.$ref?.split(":").pop();
        if (!name || referenced.has(name) || types[token(name)].enum) continue;
        referenced.add(name);
        visit(types[token(name)].properties);
      }
    };
    for (const r of Object.values(resources)) visit(r.inputProperties);
    // The feature's capabilities are one schema type, split per feature name in TypeScript (tested below).
    referenced.delete("ApplicationFeatureCapabilities");
    expect([...referenced].filter((n) => !covered.has(n))).toEqual([]);
  });

  test("the two capability shapes together are the schema's ApplicationFeatureCapabilities", () => {
    const user = { create: true, update: true } satisfies KeysOf<sdk.UserProvisioningCapabilities>;
    const inbound = {
      importSettings: true,
      importRules: true,
    } satisfies KeysOf<sdk.InboundProvisioningCapabilities>;
    expect(sorted({ ...user, ...inbound })).toEqual(
      schemaKeys(types[token("ApplicationFeatureCapabilities")].properties),
    );
  });
});

describe("enums", () => {
  const enums: [string, object][] = [
    [
      "ProvisioningConnectionAuthScheme",
      { TOKEN: true, OAUTH2: true } satisfies ValuesOf<sdk.ProvisioningConnectionAuthScheme>,
    ],
    [
      "ProvisioningConnectionStatus",
      { ENABLED: true, DISABLED: true, UNKNOWN: true } satisfies ValuesOf<sdk.ProvisioningConnectionStatus>,
    ],
    ["SigningRotationMode", { AUTO: true, MANUAL: true } satisfies ValuesOf<sdk.SigningRotationMode>],
    [
      "ApplicationFeatureType",
      { USER_PROVISIONING: true, INBOUND_PROVISIONING: true } satisfies ValuesOf<sdk.ApplicationFeatureType>,
    ],
    ["EnabledStatus", { ENABLED: true, DISABLED: true } satisfies ValuesOf<sdk.EnabledStatus>],
    ["PasswordSeed", { OKTA: true, RANDOM: true } satisfies ValuesOf<sdk.PasswordSeed>],
    ["PasswordChange", { CHANGE: true, KEEP_EXISTING: true } satisfies ValuesOf<sdk.PasswordChange>],
    ["UsernameFormat", { EMAIL: true, CUSTOM: true } satisfies ValuesOf<sdk.UsernameFormat>],
    ["ExactMatchCriteria", { EMAIL: true, USERNAME: true } satisfies ValuesOf<sdk.ExactMatchCriteria>],
  ];

  test.each(enums)("%s has the schema's values", (name, values) => {
    expect(sorted(values)).toEqual((types[token(name)].enum ?? []).map((e) => e.value).sort());
  });

  test("every enum of the schema has its TypeScript union", () => {
    const schemaEnums = Object.entries(types)
      .filter(([, t]) => t.enum)
      .map(([t]) => t.split(":").pop());
    expect(schemaEnums.sort()).toEqual(enums.map(([name]) => name).sort());
  });
});

// Compile-time only: capabilities are typed by feature name, so the wrong half is a type error.
export const typedByName: sdk.ProvisioningFeatureArgs[] = [
  {
    appId: "0oa1gjh63g214q0Hq0g4",
    name: "USER_PROVISIONING",
    capabilities: { update: { password: { change: "CHANGE" } } },
  },
  // @ts-expect-error importSettings belongs to INBOUND_PROVISIONING
  { appId: "0oa1gjh63g214q0Hq0g4", name: "USER_PROVISIONING", capabilities: { importSettings: {} } },
  {
    appId: "0oa1gjh63g214q0Hq0g4",
    name: "USER_PROVISIONING",
    // @ts-expect-error the guide's CYCLE is not a value
    capabilities: { update: { password: { change: "CYCLE" } } },
  },
  // @ts-expect-error either appId or connection is needed
  { name: "INBOUND_PROVISIONING" },
];
