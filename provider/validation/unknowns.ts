/**
 * Pulumi's unknown values. During preview an input computed from another resource's output (an app id from a
 * resource not yet created, a secret from a promise) reaches `check` as this sentinel string, anywhere in the
 * tree. A check that depends on such a value is skipped rather than failed: it runs again at `up`, when the value
 * is known.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Set and known: the value a check may inspect. */
export function isKnown(value: unknown): boolean {
  return value !== undefined && value !== null && value !== UNKNOWN;
}

/** Set, known or not: what a "requires X" or "refuses X" check looks at. */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export interface KnownInputs {
  /** The inputs with unknown and null values removed: what JSON Schema validation sees. */
  known: Record<string, unknown>;
  /** Dotted paths whose values are unknown. */
  unknownPaths: Set<string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Pulumi sends an unset optional input as null or not at all; both mean "not set". */
export function splitUnknowns(value: Record<string, unknown>): KnownInputs {
  const unknownPaths = new Set<string>();
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}.${i}`));
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (child === undefined || child === null) continue;
      if (isUnknown(child)) unknownPaths.add(childPath);
      else out[key] = walk(child, childPath);
    }
    return out;
  };
  return { known: walk(value, "") as Record<string, unknown>, unknownPaths };
}

/** Whether `path` is unknown or lies under an unknown value. */
export function underUnknown(path: string, unknownPaths: Set<string>): boolean {
  for (const unknown of unknownPaths) {
    if (path === unknown || path.startsWith(`${unknown}.`)) return true;
  }
  return false;
}
