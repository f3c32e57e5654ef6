/**
 * Property paths and values from two states. Pulumi's JSON gives no `detailedDiff` for dynamic resources, so the
 * review compares the states itself, leaf by leaf.
 */
import type { PropertyChange } from "./types";

/** Pulumi's marker of a secret value in serialized state, should one reach us unprinted. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET = "[secret]";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A secret never leaves as its value, whatever shape it arrived in. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (!isObject(value)) return value;
  if (SECRET_SIG in value) return SECRET;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
}

function join(prefix: string, key: string | number): string {
  if (typeof key === "number") return `${prefix}[${key}]`;
  return prefix ? `${prefix}.${key}` : key;
}

/** Every leaf of a value as `[path, value]`; an empty object or array counts as a leaf. */
export function leaves(value: unknown, prefix = ""): Array<[string, unknown]> {
  if (Array.isArray(value) && value.length > 0) return value.flatMap((v, i) => leaves(v, join(prefix, i)));
  if (isObject(value) && Object.keys(value).length > 0)
    return Object.keys(value)
      .sort()
      .flatMap((k) => leaves(value[k], join(prefix, k)));
  return prefix ? [[prefix, value]] : [];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The leaves that differ between `before` and `after` (objects at the top), sorted by path. Arrays compare whole:
 * an element inserted in the middle is one change, not a cascade of index shifts. Keys in `ignore` are skipped.
 */
export function diffProperties(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  ignore: ReadonlySet<string> = new Set(),
): PropertyChange[] {
  const out: PropertyChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (same(a, b)) return;
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) if (!(path === "" && ignore.has(k))) walk(a[k], b[k], join(path, k));
      return;
    }
    // One side is absent or not an object: report its leaves so every path ends at a value.
    if (isObject(a) && b === undefined) {
      for (const [p, v] of leaves(a, path)) out.push({ path: p, before: v, after: null });
      return;
    }
    if (isObject(b) && a === undefined) {
      for (const [p, v] of leaves(b, path)) out.push({ path: p, before: null, after: v });
      return;
    }
    out.push({ path, before: a ?? null, after: b ?? null });
  };
  walk(redact(before ?? {}), redact(after ?? {}), "");
  return out.sort((x, y) => x.path.localeCompare(y.path));
}

/** Every leaf of `state` as a property that appears (create) or disappears (delete). */
export function allProperties(
  state: Record<string, unknown> | undefined,
  side: "before" | "after",
  ignore: ReadonlySet<string> = new Set(),
): PropertyChange[] {
  const kept = Object.fromEntries(
    Object.entries(redact(state ?? {}) as object).filter(([k]) => !ignore.has(k)),
  );
  return leaves(kept).map(([path, v]) =>
    side === "after" ? { path, before: null, after: v } : { path, before: v, after: null },
  );
}

/** The paths whose value is a secret: a change to them shows as `[secret]` → `[secret]`. */
export function secretPaths(state: Record<string, unknown> | undefined): string[] {
  return leaves(redact(state ?? {}))
    .filter(([, v]) => v === SECRET)
    .map(([p]) => p);
}
