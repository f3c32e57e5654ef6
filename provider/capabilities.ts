/**
 * Feature capabilities as leaves (dotted path → value). Okta merges a partial PUT body into the current
 * capabilities, so the provider manages only the leaves a program sets: it compares those, sends those that
 * differ, and reports the live value of those on refresh.
 */
export type Leaves = Map<string, unknown>;
type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function leavesOf(tree: unknown, prefix = "", into: Leaves = new Map()): Leaves {
  if (!isTree(tree)) return into;
  for (const [key, value] of Object.entries(tree)) {
    if (value === undefined || value === null) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) leavesOf(value, path, into);
    else into.set(path, value);
  }
  return into;
}

export function treeOf(leaves: Leaves): Tree {
  const root: Tree = {};
  for (const [path, value] of leaves) {
    const keys = path.split(".");
    let node = root;
    for (const key of keys.slice(0, -1)) {
      if (!isTree(node[key])) node[key] = {};
      node = node[key] as Tree;
    }
    node[keys[keys.length - 1]] = value;
  }
  return root;
}

/** The leaves of `desired` whose value differs from `current` (missing in `current` counts as different). */
export function differingLeaves(desired: unknown, current: unknown): Leaves {
  const now = leavesOf(current);
  const out: Leaves = new Map();
  for (const [path, value] of leavesOf(desired)) {
    if (now.get(path) !== value) out.set(path, value);
  }
  return out;
}

/** `live` cut to the shape of `desired`: what a refresh reports for the leaves a program manages. */
export function projectOnto(desired: unknown, live: unknown): Tree {
  const now = leavesOf(live);
  const out: Leaves = new Map();
  for (const path of leavesOf(desired).keys()) {
    if (now.has(path)) out.set(path, now.get(path));
  }
  return treeOf(out);
}
