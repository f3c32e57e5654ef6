/** OAuthConsent is for the apps whose OAuth 2.0 connection waits for a person's consent in the third party. */
import { appOf, PROVISIONING_APPS } from "../apps";
import { INPUT_DEFAULTS } from "../schema-tables";
import type { CheckFailure } from "./failures";
import { at, knownString, type Inputs } from "./inputs";
import { closest } from "./suggest";
import { isKnown } from "./unknowns";

const MAX_TIMEOUT_SECONDS = 86_400;
const DEFAULT = INPUT_DEFAULTS.OAuthConsent.timeoutSeconds;

const THREE_LEGGED = Object.entries(PROVISIONING_APPS)
  .filter(([, app]) => app.threeLeggedOAuth)
  .map(([name]) => name);

export function checkConsent(inputs: Inputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const appName = knownString(inputs, "appName");
  if (appName !== undefined && !THREE_LEGGED.includes(appName)) {
    const near = closest(appName, THREE_LEGGED);
    const why =
      appOf(appName) !== undefined
        ? `${appName} needs no consent: its connection is enabled by the ProvisioningConnection alone; remove this OAuthConsent`
        : `must be one of ${THREE_LEGGED.join(", ")} (the apps whose OAuth 2.0 connection needs a person's consent)` +
          (near ? `; did you mean \`${near}\`?` : "");
    failures.push({ property: "appName", reason: why });
  }
  const timeout = at(inputs, "timeoutSeconds");
  if (isKnown(timeout) && typeof timeout === "number" && (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS)) {
    failures.push({
      property: "timeoutSeconds",
      reason: `must be between 1 and ${MAX_TIMEOUT_SECONDS} seconds (24 hours); the default is ${DEFAULT} (${DEFAULT / 60} minutes)`,
    });
  }
  return failures;
}
