/**
 * The schema's `replaceOnChanges` and `default`s as every provider applies them (provider/schema-tables.ts is
 * generated from schema.json), so that diff and check follow the schema instead of restating it.
 */
import { sameOrg } from "./same-org";
import { INPUT_DEFAULTS, REPLACE_ON_CHANGES, type ResourceName } from "./schema-tables";

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The replace-on-change inputs that differ between `olds` and `news`. A move between two aliases of the same org
 * replaces nothing: nothing moves in Okta, the state just records the new alias. `except` names inputs a resource
 * does not replace on although the schema marks them (they follow another input).
 */
export function replacedInputs(
  resource: ResourceName,
  olds: object,
  news: object,
  except: readonly string[] = [],
): string[] {
  const o = olds as Record<string, unknown>;
  const n = news as Record<string, unknown>;
  return REPLACE_ON_CHANGES[resource]
    .filter((k) => !except.includes(k))
    .filter((k) => (k === "org" ? !sameOrg(o.org, n.org) : !same(o[k] || undefined, n[k] || undefined)));
}

type Widened<V> = V extends boolean ? boolean : V extends number ? number : V extends string ? string : V;
type Defaults<R extends ResourceName> = {
  -readonly [K in keyof (typeof INPUT_DEFAULTS)[R]]-?: Widened<(typeof INPUT_DEFAULTS)[R][K]>;
};

/** The schema's default of each input the program left unset (or null), for `check` to make explicit. */
export function withDefaults<R extends ResourceName, T extends object>(
  resource: R,
  news: T,
): T & Defaults<R> {
  const filled = { ...news } as Record<string, unknown>;
  for (const [k, v] of Object.entries(INPUT_DEFAULTS[resource])) filled[k] = filled[k] ?? v;
  return filled as T & Defaults<R>;
}
