/**
 * Property changes from the engine's `detailedDiff`: the provider's own word on which properties an update or
 * replace changes. The native provider plugin (and most packages) send one; the dynamic resources cannot (ENGINE.md),
 * so for them the review compares states instead (property-diff.ts). The engine names a property by its path
 * (`capabilities.update.profile`, `scopes[1]`, `tags["a.b"]`); where it names an object, its changed leaves are
 * listed, so a reviewer sees the same depth through either door.
 */
import { diffProperties, redact } from "./property-diff";
import type { ResourceState } from "./preview-json";
import type { PropertyChange } from "./types";

export type DetailedDiff = Record<string, { kind?: string; inputDiff?: boolean }>;

export type Key = string | number;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `a.b[0]["c.d"]` → `["a", "b", 0, "c.d"]`; undefined when it is not a property path. */
export function parsePath(path: string): Key[] | undefined {
  const keys: Key[] = [];
  const token = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;
  let rest = path;
  while (rest.length > 0) {
    const m = token.exec(rest);
    if (!m) return undefined;
    // A name after the first comes after a dot; the first has none.
    if (m[1] !== undefined && (keys.length === 0) === rest.startsWith(".")) return undefined;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(JSON.parse(`"${m[3]}"`) as string);
    rest = rest.slice(m[0].length);
  }
  return keys.length > 0 ? keys : undefined;
}

/** The review's notation, as property-diff.ts writes it: dots between names, `[n]` for elements. */
export function formatPath(keys: Key[]): string {
  return keys.reduce<string>((out, k) => {
    if (typeof k === "number") return `${out}[${k}]`;
    if (!/^[A-Za-z_$][\w$-]*$/.test(k)) return `${out}[${JSON.stringify(k)}]`;
    return out ? `${out}.${k}` : k;
  }, "");
}

function valueAt(value: unknown, keys: Key[]): unknown {
  let v = value;
  for (const k of keys) {
    if (typeof k === "number") v = Array.isArray(v) ? v[k] : undefined;
    else v = isObject(v) ? v[k] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** What a change at `prefix` is made of: its leaves when it is an object, else the value itself. */
function leavesOf(path: string, before: unknown, after: unknown): PropertyChange[] {
  const objects = (isObject(before) || before === undefined) && (isObject(after) || after === undefined);
  if (objects && (before !== undefined || after !== undefined)) {
    const inner = diffProperties(before as Record<string, unknown>, after as Record<string, unknown>);
    if (inner.length > 0)
      return inner.map((c) => ({
        ...c,
        path: /^[[]/.test(c.path) ? `${path}${c.path}` : `${path}.${c.path}`,
      }));
  }
  return [{ path, before: redact(before) ?? null, after: redact(after) ?? null }];
}

/**
 * The planned changes the engine's detailed diff names, valued from the live state (`before`) and the desired
 * inputs (`after`). A difference against the last outputs rather than the inputs (`inputDiff: false`) is valued
 * from the outputs. Keys in `ignore` (machinery) are left out.
 */
export function changesFromDetailedDiff(
  detailed: DetailedDiff,
  live: ResourceState | undefined,
  desired: Record<string, unknown> | undefined,
  ignore: ReadonlySet<string> = new Set(),
  liveOutputPath: (keys: Key[]) => Key[] | undefined = () => undefined,
): PropertyChange[] {
  const out: PropertyChange[] = [];
  for (const [raw, diff] of Object.entries(detailed)) {
    const keys = parsePath(raw) ?? [raw];
    if (typeof keys[0] === "string" && ignore.has(keys[0])) continue;
    const fromOutputs = diff.inputDiff === false && live?.outputs !== undefined;
    let before = valueAt(fromOutputs ? live?.outputs : live?.inputs, keys) ?? valueAt(live?.inputs, keys);
    const after = diff.kind?.startsWith("delete") ? undefined : valueAt(desired, keys);
    // The input is as declared, yet the provider names it: Okta's value differs, and the state keeps it elsewhere.
    const elsewhere = liveOutputPath(keys);
    if (elsewhere && JSON.stringify(before) === JSON.stringify(after))
      before = valueAt(live?.outputs, elsewhere);
    out.push(...leavesOf(formatPath(keys), before, after));
  }
  const seen = new Set<string>();
  return out
    .filter((c) => !seen.has(c.path) && seen.add(c.path))
    .sort((x, y) => x.path.localeCompare(y.path));
}
