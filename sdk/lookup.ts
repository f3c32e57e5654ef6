import type * as pulumi from "@pulumi/pulumi";
import { OUTPUT_KEYS, type ResourceName } from "../provider/schema-tables";

/**
 * What a resource's `get` may say besides its id: the named org (`okta-provisioning:orgs.<alias>`) to read it from.
 * An id may name one too (`emea:0oa…`), as for `pulumi import`.
 */
export interface ResourceLookupState {
  org?: pulumi.Input<string>;
}

/**
 * The properties of a `get`: every output of the resource (so each becomes an Output of the object), and the org.
 * The engine hands these to the provider's read, which reads the resource from Okta as an import does.
 */
export function lookupProps(
  kind: ResourceName,
  state: ResourceLookupState | undefined,
): Record<string, unknown> {
  return {
    ...Object.fromEntries(OUTPUT_KEYS[kind].map((key) => [key, undefined])),
    ...(state?.org !== undefined ? { org: state.org } : {}),
  };
}
