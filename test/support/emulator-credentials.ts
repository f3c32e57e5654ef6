/**
 * Credentials the emulator accepts for a provisioning connection, the way a person gets real ones: Okta verifies a
 * connection's credentials against its target (issue 27), and so does the emulator. Tests take them from here
 * instead of inventing tokens.
 *
 * - Zscaler 2.0: an emulated SCIM tenant's base URL and a token it issued (`okta-provisioning emulator` prints them).
 * - Okta Org2Org, token: the target org's URL (`baseUrl`) and one of its API tokens — another org of the emulator,
 *   or the same org when there is only one.
 * - Okta Org2Org, OAuth 2.0: the client id of a service app of the target org (the seeded app's own org), which the
 *   emulator makes with each org and prints as `org2orgClientId`.
 */
import { generateKeyPairSync } from "node:crypto";
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
 * A client id an Okta Org2Org OAuth 2.0 connection of `org`'s seeded app may name: by default the service app the
 * emulator made with the org (printed as `org2orgClientId`); with `clientId`, a further one registered in `org`.
 */
export function org2orgClientId(
  emulator: Emulator,
  org: EmulatorOrg = emulator.orgs[0],
  clientId?: string,
): string {
  if (!clientId) return org.org2orgClientId;
  publicKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
  emulator.registerServiceApp(org.name, { clientId, publicKey });
  return clientId;
}
