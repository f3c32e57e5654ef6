/**
 * Check failures as Pulumi shows them at preview: the property (a dotted path such as
 * `capabilities.update.password.change`) and a reason that names what is allowed and how to fix it.
 */
import type { ErrorObject } from "ajv";
import { keySuggestion, valueSuggestion } from "./suggest";

export interface CheckFailure {
  property: string;
  reason: string;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  boolean: "true or false",
  integer: "a whole number",
  number: "a number",
  object: "an object",
  array: "a list",
};

function dotted(instancePath: string): string {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function quoteList(values: readonly unknown[], quote: string): string {
  return values.map((v) => `${quote}${String(v)}${quote}`).join(", ");
}

/** A value from the program, safe to repeat: short and printable (enum candidates are never secrets). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 || /[\u0000-\u001f\u007f]/.test(text) ? "this value" : text;
}

/** One ajv error as the failure a person can act on. `allowed` lists the keys of the object at a path. */
export function fromAjvError(error: ErrorObject, allowed: (path: string) => string[]): CheckFailure {
  const path = dotted(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperty":
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const keys = allowed(path);
      const fix = keySuggestion(key, keys);
      const choices = keys.length
        ? `allowed here: ${quoteList(keys, "`")}`
        : "no properties are allowed here";
      return { property: join(path, key), reason: `unknown property${fix ? `; ${fix}` : ""} (${choices})` };
    }
    case "required":
      return { property: join(path, String(params.missingProperty)), reason: "is required" };
    case "enum": {
      const values = (params.allowedValues as unknown[]) ?? [];
      const leaf = path.split(".").pop() ?? path;
      const fix =
        typeof error.data === "string" ? valueSuggestion(leaf, error.data, values.map(String)) : undefined;
      return {
        property: path,
        reason: `${shown(error.data)} is not allowed: use one of ${quoteList(values, '"')}${fix ? `; ${fix}` : ""}`,
      };
    }
    case "type": {
      const wanted = String(params.type)
        .split(",")
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(" or ");
      return { property: path, reason: `must be ${wanted}` };
    }
    default:
      return { property: path, reason: error.message ?? "is not valid" };
  }
}

/** One message for a resource's failures, e.g. for an error thrown outside `check`. */
export function formatFailures(resourceName: string, failures: CheckFailure[]): string {
  if (failures.length === 0) return `${resourceName}: inputs are valid`;
  const lines = failures.map((f) => `  - ${f.property || "(inputs)"}: ${f.reason}`);
  return `${resourceName} has ${failures.length} invalid input${failures.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
}

/**
 * The engine looks a failure's property up among the resource's top-level inputs and prints its value beside it, so a
 * nested path (`capabilities.update.password.change`) printed as `value {<nil>}`. Such a failure names its path at
 * the start of the reason instead: `… has a problem: capabilities.update.password.change: "CYCLE" is not allowed …`.
 */
export function forEngine(failure: CheckFailure): CheckFailure {
  return /[.[]/.test(failure.property)
    ? { property: "", reason: `${failure.property}: ${failure.reason}` }
    : failure;
}
