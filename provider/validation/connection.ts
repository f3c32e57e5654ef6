/**
 * What a provisioning connection's authentication scheme requires and refuses, and (when `appName` is given) what
 * the app supports, following Okta's guide: TOKEN for Okta Org2Org and Zscaler 2.0; OAUTH2 three-legged for Google
 * Workspace, Microsoft 365, Slack and Zoom, two-legged (with `clientId`) for Okta Org2Org.
 */
import { PROVISIONING_APPS, schemeProblem } from "../apps";
import type { CheckFailure } from "./failures";
import { baseUrlProblem } from "./formats";
import { at, knownString, oneOf, type Inputs } from "./inputs";
import { closest } from "./suggest";
import { isGiven } from "./unknowns";

export function checkConnection(inputs: Inputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const given = (path: string) => isGiven(at(inputs, path));
  // A scheme outside the enum is reported by the schema; rules keyed on it wait until it is one of Okta's.
  const scheme = oneOf(knownString(inputs, "authScheme"), ["TOKEN", "OAUTH2"] as const);
  const appName = knownString(inputs, "appName");

  const baseUrl = knownString(inputs, "baseUrl");
  if (baseUrl !== undefined) {
    const problem = baseUrlProblem(baseUrl);
    if (problem) fail("baseUrl", problem);
  }

  if (scheme === "TOKEN") {
    if (!given("token")) {
      fail(
        "token",
        'is required with authScheme TOKEN: set it from a secret, e.g. `config.requireSecret("token")`',
      );
    }
    if (given("clientId"))
      fail("clientId", "is only for authScheme OAUTH2 (Okta Org2Org): remove it, or use OAUTH2");
    if (given("settings"))
      fail("settings", "is only for authScheme OAUTH2 (Microsoft 365): remove it, or use OAUTH2");
  }
  if (scheme === "OAUTH2") {
    if (given("token"))
      fail("token", "is only for authScheme TOKEN: remove it (OAuth 2.0 connections need no token)");
    if (given("baseUrl")) fail("baseUrl", "is only for authScheme TOKEN (Zscaler 2.0): remove it");
  }
  if (given("signing") && (scheme === "TOKEN" || (scheme === "OAUTH2" && !given("clientId")))) {
    fail("signing", "is only for authScheme OAUTH2 with a clientId (Okta Org2Org): remove it, or set both");
  }

  if (appName === undefined || !knownApp(appName, fail) || scheme === undefined) return failures;
  const problem = schemeProblem(appName, scheme);
  if (problem) {
    fail("authScheme", problem);
    return failures;
  }
  if (appName === "zscalerbyz" && !given("baseUrl")) {
    fail("baseUrl", "is required for Zscaler 2.0 (zscalerbyz): the tenant's SCIM base URL, https://…/scim");
  }
  if (appName !== "zscalerbyz" && given("baseUrl") && scheme === "TOKEN") {
    fail("baseUrl", `is only used for Zscaler 2.0 (zscalerbyz), not ${appName}: remove it`);
  }
  if (appName === "office365") {
    for (const key of ["adminUsername", "adminPassword"]) {
      if (!given(`settings.${key}`) && !isUnknownObject(inputs, "settings")) {
        fail(
          `settings.${key}`,
          `is required for Microsoft 365 (office365): a global administrator's ${key === "adminUsername" ? "username" : "password (from a secret)"}`,
        );
      }
    }
  } else if (given("settings") && scheme === "OAUTH2") {
    fail("settings", `is only for Microsoft 365 (office365), not ${appName}: remove it`);
  }
  if (scheme === "OAUTH2" && appName === "okta_org2org" && !given("clientId")) {
    fail(
      "clientId",
      "is required for Okta Org2Org with OAUTH2 (two-legged): the client id of the OAuth 2.0 service app in the target org",
    );
  }
  if (scheme === "OAUTH2" && appName !== "okta_org2org" && given("clientId")) {
    fail("clientId", `is only for Okta Org2Org (okta_org2org), not ${appName}: remove it`);
  }
  return failures;
}

function isUnknownObject(inputs: Inputs, path: string): boolean {
  const value = at(inputs, path);
  return isGiven(value) && typeof value !== "object";
}

/**
 * Whether the app-specific rules apply. An app this package does not know may still answer Okta's API (it is
 * checked there), but a near miss of a known name is most likely a typo and is named now.
 */
export function knownApp(appName: string, fail: (property: string, reason: string) => void): boolean {
  if (Object.prototype.hasOwnProperty.call(PROVISIONING_APPS, appName)) return true;
  const near = closest(appName, Object.keys(PROVISIONING_APPS));
  if (near) fail("appName", `is not an app name Okta knows for provisioning: did you mean \`${near}\`?`);
  return false;
}
