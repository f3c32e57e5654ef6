/**
 * Credentials the emulator accepts for a provisioning connection, the way a person gets real ones: Okta verifies a
 * connection's credentials against its target (issue 27), and so does the emulator. Tests take them from here
 * instead of inventing tokens.
 *
 * - Zscaler 2.0: an emulated SCIM tenant's base URL and a token it issued (`okta-provisioning emulator` prints them).
 * - Okta Org2Org, token: the target org's URL (`baseUrl`) and one of its API tokens — another org of the emulator,
 *   or the same org when there is only one.
 * - Okta Org2Org, OAuth 2.0: the client id of a service app registered in the target org (the seeded app's own org).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Emulator, EmulatorOrg } from "../../emulator";

export interface TokenCredentials {
  token: string;
  baseUrl: string;
}

/** A Zscaler tenant of the emulator: its SCIM base URL and a token it issued. */
export function zscalerCredentials(emulator: Emulator, tenant = 0): TokenCredentials {
  const t = emulator.zscalerTenants[tenant];
  if (!t) throw new Error(`the emulator has no Zscaler tenant #${tenant}`);
  return { baseUrl: t.baseUrl, token: t.token };
}

/** The org an Org2Org app of `source` provisions to: the next org of the emulator, or `source` itself. */
export function org2orgTarget(emulator: Emulator, source: EmulatorOrg = emulator.orgs[0]): EmulatorOrg {
  const i = emulator.orgs.indexOf(source);
  return emulator.orgs.length > 1 ? emulator.orgs[(i + 1) % emulator.orgs.length] : source;
}

/** An Org2Org token connection's target: that org's URL and one of its API tokens. */
export function org2orgCredentials(emulator: Emulator, source?: EmulatorOrg): TokenCredentials {
  const target = org2orgTarget(emulator, source);
  return { baseUrl: target.url, token: target.apiToken };
}

let publicKey: string | undefined;

/**
 * Registers a service app in `org` (where its seeded Org2Org app provisions to) and returns its client id, which
 * an Org2Org OAuth 2.0 connection of that org then names. Okta's client ids look like app ids.
 */
export function org2orgClientId(
  emulator: Emulator,
  org: EmulatorOrg = emulator.orgs[0],
  clientId = `0oa${randomBytes(12).toString("hex").slice(0, 17)}`,
): string {
  publicKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
  emulator.registerServiceApp(org.name, { clientId, publicKey });
  return clientId;
}
