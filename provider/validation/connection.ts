/**
 * What a provisioning connection's authentication scheme requires and refuses, and (when `appName` is given) what
 * the app supports, following Okta's guide: TOKEN for Okta Org2Org and Zscaler 2.0; OAUTH2 three-legged for Google
 * Workspace, Microsoft 365, Slack and Zoom, two-legged (with `clientId`) for Okta Org2Org.
 */
import {
  appOf,
  appSpecificInputs,
  appTitles,
  PROVISIONING_APPS,
  requiredSettings,
  schemeProblem,
} from "../apps";
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
    const problem = baseUrlProblem(baseUrl, appName);
    if (problem) fail("baseUrl", problem);
  }

  if (scheme === "TOKEN") {
    if (!given("token")) {
      fail(
        "token",
        'is required with authScheme TOKEN: set it from a secret, e.g. `config.requireSecret("token")`',
      );
    }
    for (const key of ["clientId", "settings"]) {
      if (given(key))
        fail(key, `is only for authScheme OAUTH2${ownedBy("OAUTH2", key)}: remove it, or use OAUTH2`);
    }
  }
  if (scheme === "OAUTH2") {
    if (given("token"))
      fail("token", "is only for authScheme TOKEN: remove it (OAuth 2.0 connections need no token)");
    if (given("baseUrl"))
      fail("baseUrl", `is only for authScheme TOKEN${ownedBy("TOKEN", "baseUrl")}: remove it`);
  }
  if (given("signing") && (scheme === "TOKEN" || (scheme === "OAUTH2" && !given("clientId")))) {
    fail(
      "signing",
      `is only for authScheme OAUTH2 with a clientId${ownedBy("OAUTH2", "clientId")}: remove it, or set both`,
    );
  }

  if (appName === undefined || !knownApp(appName, fail) || scheme === undefined) return failures;
  const problem = schemeProblem(appName, scheme);
  if (problem) {
    fail("authScheme", problem);
    return failures;
  }
  for (const setting of requiredSettings(appName, scheme)) {
    const parent = setting.path.includes(".")
      ? setting.path.slice(0, setting.path.lastIndexOf("."))
      : undefined;
    // An object still unknown at preview (a secret from a promise) may hold it: checked again at `up`.
    if (!given(setting.path) && !(parent && isUnknownObject(inputs, parent)))
      fail(setting.path, setting.required);
  }
  for (const [key, owners] of appSpecificInputs(scheme)) {
    if (given(key) && !owners.includes(appName)) {
      fail(key, `is only for ${appTitles(owners)}, not ${appName}: remove it`);
    }
  }
  return failures;
}

/** ` (Zscaler 2.0)`: the apps whose input `key` is under `scheme`, for a reason that names them. */
function ownedBy(scheme: "TOKEN" | "OAUTH2", key: string): string {
  const owners = appSpecificInputs(scheme).get(key) ?? [];
  return owners.length ? ` (${owners.map((n) => PROVISIONING_APPS[n].label).join(", ")})` : "";
}

function isUnknownObject(inputs: Inputs, path: string): boolean {
  const value = at(inputs, path);
  return isGiven(value) && typeof value !== "object";
}

/**
 * Whether the app-specific rules apply: the app is one this package knows how to provision. A name outside the
 * catalog is refused at preview: Okta answers the lifecycle calls of an app that cannot provision with 204 and
 * enables nothing (recorded for a bookmark app: test/conformance/recordings/py-bookmark-connection-lifecycle.json),
 * so its status could not be trusted; a near miss of a known name is named.
 */
export function knownApp(appName: string, fail: (property: string, reason: string) => void): boolean {
  if (appOf(appName)) return true;
  const near = closest(appName, Object.keys(PROVISIONING_APPS));
  fail(
    "appName",
    near
      ? `is not an app name Okta knows for provisioning: did you mean \`${near}\`?`
      : `\`${appName}\` is not an app this package can provision (${Object.keys(PROVISIONING_APPS).join(", ")}): ` +
          "Okta answers such an app's connection with status UNKNOWN, or enables nothing; remove this resource, or fix appName",
  );
  return false;
}
