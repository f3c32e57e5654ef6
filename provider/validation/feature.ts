/**
 * A provisioning feature's capabilities must belong to its name (the API's two capability objects), its import
 * schedules must be UNIX cron in IANA time zones, and INBOUND_PROVISIONING needs an app that imports users.
 */
import { featureProblem } from "../apps";
import { FEATURE_CAPABILITY_KEYS } from "../schema-tables";
import { knownApp } from "./connection";
import type { CheckFailure } from "./failures";
import { cronProblem, timeZoneProblem } from "./formats";
import { at, knownString, oneOf, type Inputs } from "./inputs";
import { isGiven } from "./unknowns";

type FeatureName = keyof typeof FEATURE_CAPABILITY_KEYS;
const FEATURES = Object.keys(FEATURE_CAPABILITY_KEYS) as FeatureName[];

/** Each feature's own capability keys, and the other feature's that it refuses (from schema.json). */
const CAPABILITIES = Object.fromEntries(
  FEATURES.map((name) => {
    const other = FEATURES.find((f) => f !== name) as FeatureName;
    return [name, { own: FEATURE_CAPABILITY_KEYS[name], other, otherKeys: FEATURE_CAPABILITY_KEYS[other] }];
  }),
) as Record<FeatureName, { own: readonly string[]; other: FeatureName; otherKeys: readonly string[] }>;

const SCHEDULES = ["fullImport", "incrementalImport"];

export function checkFeature(inputs: Inputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const name = oneOf(knownString(inputs, "name"), FEATURES);
  const appName = knownString(inputs, "appName");

  const shape = name && CAPABILITIES[name];
  if (shape) {
    for (const key of shape.otherKeys) {
      if (isGiven(at(inputs, `capabilities.${key}`))) {
        fail(
          `capabilities.${key}`,
          `belongs to ${shape.other}, not ${name}: ${name} takes ${shape.own.map((k) => `\`${k}\``).join(" and ")}; ` +
            `declare a separate ProvisioningFeature with name "${shape.other}" for it`,
        );
      }
    }
  }

  if (name && appName !== undefined && knownApp(appName, fail)) {
    const problem = featureProblem(appName, name);
    if (problem) fail("name", problem);
  }

  for (const schedule of SCHEDULES) {
    const base = `capabilities.importSettings.schedule.${schedule}`;
    const expression = knownString(inputs, `${base}.expression`);
    const cron = expression === undefined ? undefined : cronProblem(expression);
    if (cron) fail(`${base}.expression`, cron);
    const timezone = knownString(inputs, `${base}.timezone`);
    const zone = timezone === undefined ? undefined : timeZoneProblem(timezone);
    if (zone) fail(`${base}.timezone`, zone);
  }

  const username = "capabilities.importSettings.username";
  const format = knownString(inputs, `${username}.usernameFormat`);
  const expressionGiven = isGiven(at(inputs, `${username}.userNameExpression`));
  if (format === "CUSTOM" && !expressionGiven) {
    fail(
      `${username}.userNameExpression`,
      "is required with usernameFormat CUSTOM: an Okta Expression Language statement",
    );
  }
  if (format === "EMAIL" && expressionGiven) {
    fail(
      `${username}.userNameExpression`,
      "is only used with usernameFormat CUSTOM: remove it, or set usernameFormat to CUSTOM",
    );
  }
  return failures;
}
