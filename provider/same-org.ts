/** Whether a change of `org` moves a resource to another Okta org, or only renames how the program names it. */
import { orgFor } from "./runtime";
import { UNKNOWN } from "./validation";

/**
 * Whether two `org` aliases name the same Okta org (the same URL): renaming the alias of an org, or moving a
 * resource between two aliases of one org, changes nothing in Okta and must not replace anything. Undecidable
 * (an alias not configured, still unknown at preview) counts as different.
 */
export function sameOrg(a: unknown, b: unknown): boolean {
  if ((a || undefined) === (b || undefined)) return true;
  if ((a !== undefined && typeof a !== "string") || (b !== undefined && typeof b !== "string")) return false;
  if (a === UNKNOWN || b === UNKNOWN) return false;
  try {
    return orgFor(a as string | undefined).url === orgFor(b as string | undefined).url;
  } catch {
    return false;
  }
}
