/**
 * Import ids (`pulumi import TYPE NAME ID`): the resource's own id (`appId`, `appId/NAME`), or `<alias>:<id>` for
 * a resource of a named org of the provider's config (`okta-provisioning:orgs.<alias>`), so that Pulumi's import
 * through the default provider reaches that org. The alias becomes the imported resource's `org` input; the id in
 * the state is the resource's own. A colon is in no app id, feature name or alias, so the form cannot be misread.
 */
const ALIAS = /^[A-Za-z0-9_.-]{1,64}$/;

export interface ImportId {
  /** The named org's alias, when the id names one. */
  org?: string;
  /** The resource's own id. */
  id: string;
}

/** Splits `emea:0oa…` into the alias and the id; an id without a colon is the default org's. */
export function parseImportId(raw: string): ImportId {
  const colon = raw.indexOf(":");
  if (colon < 0) return { id: raw };
  const org = raw.slice(0, colon);
  if (!ALIAS.test(org)) {
    throw new Error(
      `the id "${raw.slice(0, 80)}" starts with "${org.slice(0, 64)}:", which is not an org alias (letters, digits, ` +
        "_, . and -, at most 64): use <alias>:<id>, the alias of okta-provisioning:orgs, or the id alone",
    );
  }
  return { org, id: raw.slice(colon + 1) };
}

/** The import id of `id` in the named org `org` (or the default org). */
export function importIdOf(id: string, org?: string): string {
  return org ? `${org}:${id}` : id;
}

/**
 * A resource's `get` (`ProvisioningConnection.get(name, id, { org })`, YAML's `get:`): the engine reads it with a state
 * that holds only what the program gave, which is never a resource's `status` (an output every state has). It is
 * then read as an import, its `org` taken from that state (or from an `<alias>:` id).
 */
export function lookedUp(props: { status?: unknown; org?: unknown }): boolean {
  return props.status === undefined;
}

/** The import id a `get` of `id` reads: the state's `org`, unless the id names an org itself. */
export function lookupId(id: string, props: { org?: unknown }): string {
  return typeof props.org === "string" && props.org && !id.includes(":") ? importIdOf(id, props.org) : id;
}
