/**
 * The bad-input corpus: invalid programs, each one resource with inputs that must be refused at preview, and the
 * property the refusal must name. Built from a valid resource with one fault each (the guide's spellings, wrong
 * enums and types, missing inputs, scheme/app mismatches, features an app lacks, bad cron and time zones, oversized
 * and control-character strings, app ids that are not Okta ids).
 */
export type ResourceName = "ProvisioningConnection" | "ProvisioningFeature" | "OAuthConsent";

export interface BadInput {
  /** Also the Pulumi resource name when the case runs through `pulumi preview`. */
  name: string;
  resource: ResourceName;
  args: Record<string, unknown>;
  /** The property the refusal names (a dotted path). */
  property: string;
}

export const APP_ID = "0oa1gjh63g214q0Hq0g4";
/** A secret inside bad inputs: the refusal must never quote it. */
export const CORPUS_TOKEN = "corpus-secret-token-91c4e7";
const LONG = "x".repeat(3000);

const ZSCALER = {
  appId: APP_ID,
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: CORPUS_TOKEN,
  baseUrl: "https://scim.zscalerbeta.net/1234567/890/scim",
};
const GOOGLE = { appId: APP_ID, appName: "google", authScheme: "OAUTH2" };
const PUSH = {
  appId: APP_ID,
  name: "USER_PROVISIONING",
  capabilities: {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: { profile: { status: "ENABLED" } },
  },
};
const schedule = (fullImport: Record<string, unknown>) => ({
  appId: APP_ID,
  appName: "okta_org2org",
  name: "INBOUND_PROVISIONING",
  capabilities: { importSettings: { schedule: { status: "ENABLED", fullImport } } },
});
const cron = (expression: string) => schedule({ expression, timezone: "UTC" });
const zone = (timezone: string) => schedule({ expression: "0 2 * * 0", timezone });
const inbound = (capabilities: Record<string, unknown>) => ({
  appId: APP_ID,
  appName: "okta_org2org",
  name: "INBOUND_PROVISIONING",
  capabilities,
});
const password = (p: Record<string, unknown>) => ({ ...PUSH, capabilities: { update: { password: p } } });
const matching = (rules: Record<string, unknown>) => inbound({ importRules: { userCreateAndMatch: rules } });
const CONSENT = { appId: APP_ID, appName: "google" };

function without(args: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([k]) => k !== key));
}

/** Bad Okta app ids: path walks, queries, other Okta ids, near misses, wrong types. */
export const BAD_APP_IDS: unknown[] = [
  "../users",
  "0oa1?x=1",
  "",
  `${APP_ID}/../../users`,
  "00u1gjh63g214q0Hq0g4",
  "0oa1gjh63g214q0Hq0g",
  `${APP_ID} `,
  `${APP_ID}%2F..`,
  `https://acme.okta.com/api/v1/apps/${APP_ID}`,
  `${APP_ID}\n`,
  LONG,
  123,
  [APP_ID],
];

const c = (
  name: string,
  resource: ResourceName,
  args: Record<string, unknown>,
  property: string,
): BadInput => ({
  name,
  resource,
  args,
  property,
});
const conn = (name: string, args: Record<string, unknown>, property: string) =>
  c(`conn-${name}`, "ProvisioningConnection", args, property);
const feat = (name: string, args: Record<string, unknown>, property: string) =>
  c(`feature-${name}`, "ProvisioningFeature", args, property);
const consent = (name: string, args: Record<string, unknown>, property: string) =>
  c(`consent-${name}`, "OAuthConsent", args, property);

export const CORPUS: BadInput[] = [
  // ---- wrong enums and types, missing inputs (connections)
  conn("scheme-typo", { ...ZSCALER, authScheme: "TOKN" }, "authScheme"),
  conn("scheme-lowercase", { ...ZSCALER, authScheme: "token" }, "authScheme"),
  conn("scheme-oauth", { ...GOOGLE, authScheme: "OAUTH" }, "authScheme"),
  conn("scheme-basic", { ...ZSCALER, authScheme: "BASIC" }, "authScheme"),
  conn("scheme-number", { ...ZSCALER, authScheme: 1 }, "authScheme"),
  conn("no-app-id", without(ZSCALER, "appId"), "appId"),
  conn("no-scheme", without(ZSCALER, "authScheme"), "authScheme"),
  conn("no-token", without(ZSCALER, "token"), "token"),
  conn("token-number", { ...ZSCALER, token: 12345 }, "token"),
  conn("token-object", { ...ZSCALER, token: { value: CORPUS_TOKEN } }, "token"),
  conn("enabled-string", { ...ZSCALER, enabled: "yes" }, "enabled"),
  conn("enabled-number", { ...ZSCALER, enabled: 1 }, "enabled"),
  conn("adopt-string", { ...ZSCALER, adopt: "true" }, "adopt"),
  conn("unknown-tokn", { ...without(ZSCALER, "token"), tokn: CORPUS_TOKEN }, "tokn"),
  conn("unknown-baseURL", { ...without(ZSCALER, "baseUrl"), baseURL: ZSCALER.baseUrl }, "baseURL"),
  conn("unknown-app-id", { ...ZSCALER, appID: APP_ID }, "appID"),
  conn("settings-string", { ...GOOGLE, appName: "office365", settings: "admin" }, "settings"),
  conn(
    "signing-mode",
    { ...GOOGLE, appName: "okta_org2org", clientId: "0oa-client", signing: { rotationMode: "AUTOMATIC" } },
    "signing.rotationMode",
  ),
  // ---- scheme/app mismatches
  conn("google-token", { ...GOOGLE, authScheme: "TOKEN", token: CORPUS_TOKEN }, "authScheme"),
  conn(
    "slack-token",
    { ...GOOGLE, appName: "slack", authScheme: "TOKEN", token: CORPUS_TOKEN },
    "authScheme",
  ),
  conn(
    "zoom-token",
    { ...GOOGLE, appName: "zoomus", authScheme: "TOKEN", token: CORPUS_TOKEN },
    "authScheme",
  ),
  conn("zscaler-oauth", { appId: APP_ID, appName: "zscalerbyz", authScheme: "OAUTH2" }, "authScheme"),
  conn("token-with-client-id", { ...ZSCALER, clientId: "0oa-client" }, "clientId"),
  conn(
    "token-with-settings",
    { ...ZSCALER, settings: { adminUsername: "a", adminPassword: "b" } },
    "settings",
  ),
  conn("oauth-with-token", { ...GOOGLE, token: CORPUS_TOKEN }, "token"),
  conn("oauth-with-base-url", { ...GOOGLE, baseUrl: ZSCALER.baseUrl }, "baseUrl"),
  conn("token-with-signing", { ...ZSCALER, signing: { rotationMode: "AUTO" } }, "signing"),
  conn("o365-no-settings", { ...GOOGLE, appName: "office365" }, "settings.adminUsername"),
  conn(
    "o365-no-password",
    { ...GOOGLE, appName: "office365", settings: { adminUsername: "admin@acme.onmicrosoft.com" } },
    "settings.adminPassword",
  ),
  conn(
    "o365-password-number",
    { ...GOOGLE, appName: "office365", settings: { adminUsername: "a", adminPassword: 1 } },
    "settings.adminPassword",
  ),
  conn("org2org-oauth-no-client", { ...GOOGLE, appName: "okta_org2org" }, "clientId"),
  conn("google-client-id", { ...GOOGLE, clientId: "0oa-client" }, "clientId"),
  conn("google-settings", { ...GOOGLE, settings: { adminUsername: "a", adminPassword: "b" } }, "settings"),
  conn("zscaler-no-base-url", without(ZSCALER, "baseUrl"), "baseUrl"),
  // Okta Org2Org takes a baseUrl (its target org, recorded), but only https (http to loopback only).
  conn(
    "org2org-base-url-http",
    { ...ZSCALER, appName: "okta_org2org", baseUrl: "http://acme.okta.com" },
    "baseUrl",
  ),
  conn("app-name-near-miss", { ...ZSCALER, appName: "zscalerbz" }, "appName"),
  conn("app-name-dash", { ...ZSCALER, appName: "okta-org2org!" }, "appName"),
  conn("app-name-path", { ...ZSCALER, appName: "../apps" }, "appName"),
  conn("app-name-space", { ...GOOGLE, appName: "Google Workspace" }, "appName"),
  // ---- URLs
  conn("base-url-http", { ...ZSCALER, baseUrl: "http://scim.zscalerbeta.net/1/2/scim" }, "baseUrl"),
  conn("base-url-ftp", { ...ZSCALER, baseUrl: "ftp://scim.zscalerbeta.net/scim" }, "baseUrl"),
  conn("base-url-relative", { ...ZSCALER, baseUrl: "scim.zscalerbeta.net/scim" }, "baseUrl"),
  conn(
    "base-url-credentials",
    { ...ZSCALER, baseUrl: "https://admin:pw@scim.zscalerbeta.net/scim" },
    "baseUrl",
  ),
  conn("base-url-javascript", { ...ZSCALER, baseUrl: "javascript:alert(1)" }, "baseUrl"),
  // ---- oversized and control-character strings
  conn("token-newline", { ...ZSCALER, token: `${CORPUS_TOKEN}\n` }, "token"),
  conn("token-oversized", { ...ZSCALER, token: CORPUS_TOKEN + LONG }, "token"),
  conn("base-url-tab", { ...ZSCALER, baseUrl: `${ZSCALER.baseUrl}\t` }, "baseUrl"),
  conn("base-url-oversized", { ...ZSCALER, baseUrl: `https://scim.zscalerbeta.net/${LONG}` }, "baseUrl"),
  conn("client-id-nul", { ...GOOGLE, appName: "okta_org2org", clientId: "0oa\u0000client" }, "clientId"),
  conn(
    "o365-username-oversized",
    { ...GOOGLE, appName: "office365", settings: { adminUsername: LONG, adminPassword: "p" } },
    "settings.adminUsername",
  ),
  conn(
    "o365-password-escape",
    { ...GOOGLE, appName: "office365", settings: { adminUsername: "a", adminPassword: "pa\u001bss" } },
    "settings.adminPassword",
  ),
  // ---- org aliases
  conn("org-bang", { ...ZSCALER, org: "emea!" }, "org"),
  conn("org-empty", { ...ZSCALER, org: "" }, "org"),
  conn("org-path", { ...ZSCALER, org: "../emea" }, "org"),
  conn("org-oversized", { ...ZSCALER, org: "e".repeat(65) }, "org"),
  conn("org-number", { ...ZSCALER, org: 7 }, "org"),

  // ---- features: enums, the guide's spellings, Okta's wire spelling, types
  feat("name-near-miss", { ...PUSH, name: "USER_PROVISION" }, "name"),
  feat("name-lowercase", { ...PUSH, name: "user_provisioning" }, "name"),
  feat("name-push", { ...PUSH, name: "PUSH" }, "name"),
  feat("name-missing", without(PUSH, "name"), "name"),
  feat("app-id-missing", without(PUSH, "appId"), "appId"),
  feat(
    "password-cycle",
    password({ status: "ENABLED", change: "CYCLE" }),
    "capabilities.update.password.change",
  ),
  feat(
    "password-seed",
    password({ status: "ENABLED", seed: "RANDOMIZE" }),
    "capabilities.update.password.seed",
  ),
  feat("password-status", password({ status: "ENABLE" }), "capabilities.update.password.status"),
  feat(
    "profile-on",
    { ...PUSH, capabilities: { update: { profile: { status: "ON" } } } },
    "capabilities.update.profile.status",
  ),
  feat(
    "profile-true",
    { ...PUSH, capabilities: { update: { profile: { status: true } } } },
    "capabilities.update.profile.status",
  ),
  feat(
    "create-lowercase",
    { ...PUSH, capabilities: { create: { lifecycleCreate: { status: "enabled" } } } },
    "capabilities.create.lifecycleCreate.status",
  ),
  feat(
    "deactivate-string",
    { ...PUSH, capabilities: { update: { lifecycleDeactivate: "ENABLED" } } },
    "capabilities.update.lifecycleDeactivate",
  ),
  feat("create-list", { ...PUSH, capabilities: { create: [] } }, "capabilities.create"),
  feat("capabilities-string", { ...PUSH, capabilities: "ENABLED" }, "capabilities"),
  feat(
    "unknown-profiles",
    { ...PUSH, capabilities: { update: { profiles: { status: "ENABLED" } } } },
    "capabilities.update.profiles",
  ),
  feat(
    "unknown-capability",
    { ...without(PUSH, "capabilities"), capability: PUSH.capabilities },
    "capability",
  ),
  feat("adopt-string", { ...PUSH, adopt: "yes" }, "adopt"),
  feat("import-on-push", { ...PUSH, capabilities: { importSettings: {} } }, "capabilities.importSettings"),
  feat("rules-on-push", { ...PUSH, capabilities: { importRules: {} } }, "capabilities.importRules"),
  feat(
    "create-on-inbound",
    inbound({ create: { lifecycleCreate: { status: "ENABLED" } } }),
    "capabilities.create",
  ),
  feat(
    "time-zone-misspelt",
    schedule({ expression: "0 2 * * 0", timeZone: "UTC" }),
    "capabilities.importSettings.schedule.fullImport.timeZone",
  ),
  feat(
    "user-name-format-wire-spelling",
    inbound({ importSettings: { username: { userNameFormat: "EMAIL" } } }),
    "capabilities.importSettings.username.userNameFormat",
  ),
  feat(
    "username-format",
    inbound({ importSettings: { username: { usernameFormat: "EMAIL_ADDRESS" } } }),
    "capabilities.importSettings.username.usernameFormat",
  ),
  feat(
    "custom-no-expression",
    inbound({ importSettings: { username: { usernameFormat: "CUSTOM" } } }),
    "capabilities.importSettings.username.userNameExpression",
  ),
  feat(
    "email-with-expression",
    inbound({ importSettings: { username: { usernameFormat: "EMAIL", userNameExpression: "user.login" } } }),
    "capabilities.importSettings.username.userNameExpression",
  ),
  feat(
    "schedule-on",
    inbound({ importSettings: { schedule: { status: "ON" } } }),
    "capabilities.importSettings.schedule.status",
  ),
  feat(
    "match-criteria",
    matching({ exactMatchCriteria: "MAIL" }),
    "capabilities.importRules.userCreateAndMatch.exactMatchCriteria",
  ),
  feat(
    "match-string-flag",
    matching({ allowPartialMatch: "false" }),
    "capabilities.importRules.userCreateAndMatch.allowPartialMatch",
  ),
  feat(
    "match-unknown-flag",
    matching({ autoConfirmPartial: true }),
    "capabilities.importRules.userCreateAndMatch.autoConfirmPartial",
  ),
  // ---- features an app lacks
  feat("inbound-on-zscaler", { ...inbound({}), appName: "zscalerbyz" }, "name"),
  // Google Workspace and Slack take INBOUND_PROVISIONING (the guide's OAuth section); what they refuse instead:
  feat(
    "inbound-on-google-with-push-capabilities",
    { ...inbound({ create: { lifecycleCreate: { status: "ENABLED" } } }), appName: "google" },
    "capabilities.create",
  ),
  feat("inbound-on-slack-misspelt", { ...inbound({}), appName: "slak" }, "appName"),
  feat("app-name-near-miss", { ...PUSH, appName: "slak" }, "appName"),
  // ---- cron and time zones
  feat("cron-four-fields", cron("0 2 * *"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-seconds", cron("0 0 2 * * *"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-macro", cron("@daily"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-quartz", cron("0 2 ? * MON"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-minute-61", cron("61 2 * * *"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-hour-25", cron("0 25 * * *"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-words", cron("every day at two"), "capabilities.importSettings.schedule.fullImport.expression"),
  feat("cron-empty", cron(""), "capabilities.importSettings.schedule.fullImport.expression"),
  feat(
    "cron-newline",
    cron("0 2 * * 0\n0 3 * * 0"),
    "capabilities.importSettings.schedule.fullImport.expression",
  ),
  feat(
    "cron-oversized",
    cron(`0 2 * * ${"1,".repeat(1500)}0`),
    "capabilities.importSettings.schedule.fullImport.expression",
  ),
  feat(
    "cron-number",
    schedule({ expression: 2, timezone: "UTC" }),
    "capabilities.importSettings.schedule.fullImport.expression",
  ),
  feat(
    "incremental-seconds",
    inbound({
      importSettings: {
        schedule: { status: "ENABLED", incrementalImport: { expression: "*/5 * * * * *", timezone: "UTC" } },
      },
    }),
    "capabilities.importSettings.schedule.incrementalImport.expression",
  ),
  feat("zone-eastern", zone("Eastern"), "capabilities.importSettings.schedule.fullImport.timezone"),
  feat(
    "zone-lowercase",
    zone("america/new_york"),
    "capabilities.importSettings.schedule.fullImport.timezone",
  ),
  feat("zone-offset", zone("+05:00"), "capabilities.importSettings.schedule.fullImport.timezone"),
  feat("zone-mars", zone("Mars/Olympus_Mons"), "capabilities.importSettings.schedule.fullImport.timezone"),
  feat("zone-utc-plus", zone("UTC+1"), "capabilities.importSettings.schedule.fullImport.timezone"),
  feat("zone-empty", zone(""), "capabilities.importSettings.schedule.fullImport.timezone"),
  feat("zone-tab", zone("Europe/Berlin\t"), "capabilities.importSettings.schedule.fullImport.timezone"),
  feat(
    "expression-oversized",
    inbound({ importSettings: { username: { usernameFormat: "CUSTOM", userNameExpression: LONG } } }),
    "capabilities.importSettings.username.userNameExpression",
  ),
  feat("org-slash", { ...PUSH, org: "a/b" }, "org"),

  // ---- consent
  consent("app-name-missing", without(CONSENT, "appName"), "appName"),
  consent("app-id-missing", without(CONSENT, "appId"), "appId"),
  consent("timeout-zero", { ...CONSENT, timeoutSeconds: 0 }, "timeoutSeconds"),
  consent("timeout-two-days", { ...CONSENT, timeoutSeconds: 172_800 }, "timeoutSeconds"),
  consent("timeout-string", { ...CONSENT, timeoutSeconds: "900" }, "timeoutSeconds"),
  consent("timeout-fraction", { ...CONSENT, timeoutSeconds: 1.5 }, "timeoutSeconds"),
  consent("activate-string", { ...CONSENT, activate: "yes" }, "activate"),
  consent("token-app", { ...CONSENT, appName: "zscalerbyz" }, "appName"),
  consent("org2org-app", { ...CONSENT, appName: "okta_org2org" }, "appName"),
  consent("app-name-near-miss", { ...CONSENT, appName: "gogle" }, "appName"),
  consent("app-name-path", { ...CONSENT, appName: "../users" }, "appName"),
  consent("org-space", { ...CONSENT, org: "em ea" }, "org"),

  // ---- app ids that are not Okta ids, on every resource
  ...BAD_APP_IDS.flatMap((appId, i) => [
    conn(`app-id-${i}`, { ...ZSCALER, appId }, "appId"),
    feat(`app-id-${i}`, { ...PUSH, appId }, "appId"),
    consent(`app-id-${i}`, { ...CONSENT, appId }, "appId"),
  ]),
];
