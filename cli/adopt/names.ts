/**
 * Names for the generated program: a Pulumi resource name and a TypeScript variable per app, derived from the
 * app's label so a reviewer recognises the app. They must be unique and stable between runs over the same org,
 * so they depend only on labels and ids — never on list order. Apps sharing a label all get a suffix from their
 * id (not a counter, which would move when an app is added or removed).
 */

export interface AppRef {
  id: string;
  label: string;
  /** The app's Okta name (`zscalerbyz`): the fallback when a label has no letters or digits. */
  name: string;
}

export interface AppNames {
  /** Pulumi resource name of the connection, e.g. `zscaler-2-0`. */
  resource: string;
  /** TypeScript variable of the connection, e.g. `zscaler20`; config keys start with it. */
  variable: string;
}

const MAX_SLUG = 50;

/** Words of TypeScript and names the generated file already uses: never a variable. */
const TAKEN = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "as implements interface let package private protected public static yield any boolean constructor declare " +
    "get module require number set string symbol type from of async await " +
    "pulumi config ProvisioningConnection ProvisioningFeature undefined NaN Infinity arguments eval"
  ).split(" "),
);

/** `Zscaler 2.0 (prod)` → `zscaler-2-0-prod`; accents dropped; empty when nothing readable is left. */
export function slugOf(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, "");
}

/** `zscaler-2-0-prod` → `zscaler20Prod`; prefixed with `app` when it would start with a digit or be taken. */
export function variableOf(resource: string): string {
  const [first, ...rest] = resource.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = (first ?? "app") + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (/^[0-9]/.test(camel) || TAKEN.has(camel)) return `app${camel[0].toUpperCase()}${camel.slice(1)}`;
  return camel;
}

function baseSlug(app: AppRef): string {
  return slugOf(app.label) || slugOf(app.name.replace(/_/g, "-")) || "app";
}

/** An id as it may appear in a name or a TypeScript identifier: Okta's ids are letters and digits; nothing else. */
function idPart(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, "");
}

/** Resource names and variables for `apps`, keyed by app id. Pass every app of the org for stable names. */
export function deriveNames(apps: AppRef[]): Map<string, AppNames> {
  const bySlug = new Map<string, AppRef[]>();
  for (const app of apps) {
    const slug = baseSlug(app);
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), app]);
  }
  const resources = new Map<string, string>();
  for (const [slug, group] of bySlug) {
    if (group.length === 1) {
      resources.set(group[0].id, slug);
      continue;
    }
    // Six characters of the id tell apart all but astronomically unlucky twins; then the whole id does.
    const short = group.map((a) => idPart(a.id).slice(-6));
    const clash = new Set(short).size !== short.length;
    for (const app of group)
      resources.set(app.id, `${slug}-${clash ? idPart(app.id) : idPart(app.id).slice(-6)}`);
  }
  // A suffixed name can equal another app's plain label slug (`slack-ab12cd`): give that one the whole id.
  const used = new Map<string, string>();
  for (const app of [...apps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    let name = resources.get(app.id) as string;
    if (used.has(name)) name = `${baseSlug(app)}-${idPart(app.id)}`;
    used.set(name, app.id);
    resources.set(app.id, name);
  }

  const out = new Map<string, AppNames>();
  const variables = new Set<string>();
  for (const app of [...apps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const resource = resources.get(app.id) as string;
    let variable = variableOf(resource);
    // `a-1` and `a1` are different resources but the same camelCase word.
    if (variables.has(variable)) variable = `${variable}_${idPart(app.id)}`;
    variables.add(variable);
    out.set(app.id, { resource, variable });
  }
  return out;
}
