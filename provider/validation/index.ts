/**
 * Input validation for every resource, run in `check` so bad input fails at preview with the property named,
 * before any call to Okta. The shape comes from schema.json (compiled once with ajv); the rules JSON Schema cannot
 * say — what an authentication scheme or an app requires, cron, time zones, ids that end up in URL paths — follow.
 */
import Ajv from "ajv";
import { checkConnection } from "./connection";
import { checkConsent } from "./consent";
import { fromAjvError, type CheckFailure } from "./failures";
import { checkFeature } from "./feature";
import { appIdProblem, appNameProblem, orgAliasProblem, textProblem } from "./formats";
import { knownString, strings, type Inputs } from "./inputs";
import { allowedKeys, inputJsonSchema, type ResourceName } from "./json-schema";
import { FUNCTION_NAMES, RESOURCE_NAMES, type FunctionName } from "../schema-tables";
import { closest } from "./suggest";
import { splitUnknowns, underUnknown } from "./unknowns";

export type { CheckFailure } from "./failures";
export { formatFailures, forEngine } from "./failures";
export { appIdProblem } from "./formats";
export type { ResourceName } from "./json-schema";
export { UNKNOWN } from "./unknowns";

const RESOURCES = RESOURCE_NAMES;

// `verbose` keeps the offending value on enum errors, so a near miss can be answered with the right spelling.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
const validators = Object.fromEntries(RESOURCES.map((r) => [r, ajv.compile(inputJsonSchema(r))]));
const functionValidators = Object.fromEntries(
  FUNCTION_NAMES.map((f) => [f, ajv.compile(inputJsonSchema(f))]),
);

const SEMANTIC: Record<ResourceName, (inputs: Inputs) => CheckFailure[]> = {
  ProvisioningConnection: checkConnection,
  ProvisioningFeature: checkFeature,
  OAuthConsent: checkConsent,
};

/** The dynamic-provider host adds the serialized provider itself to every resource's inputs. */
const HOST_KEYS = new Set(["__provider"]);

function commonFailures(inputs: Inputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [property, value] of strings(inputs)) {
    const problem = textProblem(value);
    if (problem) failures.push({ property, reason: problem });
  }
  // Only once the text itself is sound: a 3 MB or multi-line "id" needs one reason, not two.
  const shaped: [string, (value: string) => string | undefined][] = [
    ["appId", appIdProblem],
    ["org", orgAliasProblem],
    ["appName", appNameProblem],
  ];
  for (const [property, problemOf] of shaped) {
    const value = knownString(inputs, property);
    if (value === undefined || failures.some((f) => f.property === property)) continue;
    const problem = problemOf(value);
    if (problem) failures.push({ property, reason: problem });
  }
  return failures;
}

function parentOf(path: string): string {
  return path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
}

/** `tokn` given where `token` is required: the "did you mean" is the whole story, "token is required" is noise. */
function misspeltInstead(failure: CheckFailure, failures: CheckFailure[]): boolean {
  if (!failure.reason.startsWith("is required")) return false;
  const parent = parentOf(failure.property);
  const wanted = failure.property.slice(parent ? parent.length + 1 : 0);
  return failures.some(
    (f) =>
      f.reason.startsWith("unknown property") &&
      parentOf(f.property) === parent &&
      closest(f.property.slice(parent ? parent.length + 1 : 0), [wanted]) === wanted,
  );
}

function dedupe(schemaFailures: CheckFailure[], ruleFailures: CheckFailure[]): CheckFailure[] {
  // A rule that names what is required says more than the schema's bare "is required".
  const explained = new Set(ruleFailures.map((f) => f.property));
  const all = [
    ...schemaFailures.filter((f) => !(f.reason === "is required" && explained.has(f.property))),
    ...ruleFailures,
  ].filter((f, _, list) => !misspeltInstead(f, list));
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Why a resource's inputs are invalid (empty when they are valid). Values still unknown during preview are
 * skipped. No reason repeats the value of a secret.
 */
export function checkInputs(resource: ResourceName, inputs: Record<string, unknown>): CheckFailure[] {
  const validate = validators[resource];
  if (!validate) throw new Error(`checkInputs: unknown resource ${String(resource)}`);
  const given: Inputs = Object.fromEntries(
    Object.entries(inputs ?? {}).filter(([key, value]) => !HOST_KEYS.has(key) && value !== undefined),
  );
  const { known, unknownPaths } = splitUnknowns(given);
  const schemaFailures = validate(known)
    ? []
    : (validate.errors ?? [])
        .map((error) => fromAjvError(error, (path) => allowedKeys(resource, path)))
        .filter((f) => !underUnknown(f.property, unknownPaths));
  const ruleFailures = [...commonFailures(known), ...SEMANTIC[resource](given)];
  return dedupe(schemaFailures, ruleFailures);
}

/** Why a function's arguments are invalid (empty when they are valid): the schema's shape, ids and org aliases. */
export function checkFunctionArgs(name: FunctionName, args: Record<string, unknown>): CheckFailure[] {
  const validate = functionValidators[name];
  if (!validate) throw new Error(`checkFunctionArgs: unknown function ${String(name)}`);
  const given: Inputs = Object.fromEntries(
    Object.entries(args ?? {}).filter(([, value]) => value !== undefined),
  );
  const schemaFailures = validate(given)
    ? []
    : (validate.errors ?? []).map((error) => fromAjvError(error, (path) => allowedKeys(name, path)));
  return dedupe(schemaFailures, commonFailures(given));
}
