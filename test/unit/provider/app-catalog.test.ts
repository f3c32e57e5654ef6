/**
 * A new app is one entry in provider/apps.ts: its rules at preview, the consent check and adopt's classification
 * and questions come from the entry, not from code that names the app.
 */
import { PROVISIONING_APPS } from "../../../provider/apps";
import { checkInputs } from "../../../provider/validation";
import { classifyConnection, configValues } from "../../../cli/adopt/classify";

const APP_ID = "0oa1gjh63g214q0Hq0g4";

beforeAll(() => {
  // A SCIM app like Zscaler 2.0: token, and a base URL Okta shows once it is configured.
  PROVISIONING_APPS.acme_scim = {
    label: "Acme SCIM",
    schemes: ["TOKEN"],
    threeLeggedOAuth: false,
    features: ["USER_PROVISIONING"],
    settings: [
      {
        path: "baseUrl",
        scheme: "TOKEN",
        required: "is required for Acme SCIM (acme_scim): its SCIM base URL",
        notConfiguredWithout: "no SCIM base URL",
      },
    ],
    writeOnly: ["token"],
  };
  // A token app that takes no base URL.
  PROVISIONING_APPS.acme_token = {
    label: "Acme Token",
    schemes: ["TOKEN"],
    threeLeggedOAuth: false,
    features: ["USER_PROVISIONING"],
    settings: [],
    writeOnly: ["token"],
  };
});

afterAll(() => {
  delete PROVISIONING_APPS.acme_scim;
  delete PROVISIONING_APPS.acme_token;
});

const reasonFor = (inputs: Record<string, unknown>, property: string) =>
  checkInputs("ProvisioningConnection", inputs).find((f) => f.property === property)?.reason;

test("refuses a connection without the setting the new app requires, and OAUTH2 for it", () => {
  const base = { appId: APP_ID, appName: "acme_scim", authScheme: "TOKEN", token: "t" };
  expect(reasonFor(base, "baseUrl")).toBe("is required for Acme SCIM (acme_scim): its SCIM base URL");
  expect(reasonFor({ ...base, baseUrl: "https://scim.acme.example/v2" }, "baseUrl")).toBeUndefined();
  expect(reasonFor({ ...base, authScheme: "OAUTH2", token: undefined }, "authScheme")).toMatch(
    /Acme SCIM \(acme_scim\) does not support OAUTH2/,
  );
});

test("names the new app among those a base URL is for, on an app that takes none", () => {
  const other = {
    appId: APP_ID,
    appName: "acme_token",
    authScheme: "TOKEN",
    token: "t",
    baseUrl: "https://scim.acme.example/v2",
  };
  expect(reasonFor(other, "baseUrl")).toBe(
    "is only for Okta Org2Org (okta_org2org) or Zscaler 2.0 (zscalerbyz) or Acme SCIM (acme_scim), not acme_token: remove it",
  );
});

test("an OAuthConsent for it is refused: its connection needs no consent", () => {
  const failures = checkInputs("OAuthConsent", { appId: APP_ID, appName: "acme_scim" });
  expect(failures.find((f) => f.property === "appName")?.reason).toMatch(/acme_scim needs no consent/);
});

test("adopt skips it until Okta shows its base URL, then asks only for the token", () => {
  const live = { status: "DISABLED" as const, profile: { authScheme: "TOKEN" as const } };
  expect(classifyConnection("acme_scim", live, true)).toEqual({
    skip: "provisioning not configured (no SCIM base URL)",
  });
  const shown = classifyConnection("acme_scim", { ...live, baseUrl: "https://scim.acme.example/v2" }, true);
  if (!("adopt" in shown)) throw new Error(shown.skip);
  expect(
    configValues("acme", "acme_scim", "Acme", shown.adopt).map((v) => [v.key, v.property, v.secret]),
  ).toEqual([["acmeToken", "token", true]]);
});
