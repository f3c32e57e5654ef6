/** Reading raw inputs that may hold unknowns, nulls or values of the wrong type (reported elsewhere). */
import { isKnown } from "./unknowns";

export type Inputs = Record<string, unknown>;

/** The value at a dotted path, or undefined when a step on the way is not an object. */
export function at(inputs: Inputs, path: string): unknown {
  let node: unknown = inputs;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = (node as Inputs)[key];
  }
  return node;
}

/** The string at `path` when it is known; unknowns and other types yield undefined. */
export function knownString(inputs: Inputs, path: string): string | undefined {
  const value = at(inputs, path);
  return isKnown(value) && typeof value === "string" ? value : undefined;
}

/** Every known string in the inputs with its dotted path. */
export function strings(node: unknown, path = ""): [string, string][] {
  if (typeof node === "string") return isKnown(node) ? [[path, node]] : [];
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, child]) => strings(child, path ? `${path}.${key}` : key));
}

/** `value` when it is one of `allowed`, for rules that only make sense on a valid enum value. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value as string) ? (value as T) : undefined;
}
