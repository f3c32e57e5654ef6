/**
 * One client per org and credential for the whole process. Pulumi runs every dynamic resource of a stack in one
 * provider process, so sharing the client shares its rate limiter: fifty resources pace themselves as one
 * caller, which is what Okta counts. The cache key is a hash, so no secret sits in clear in a map key.
 */
import { createHash } from "node:crypto";
import { createOktaClient } from "./client";
import type { ClientOptions, OktaClient, OrgConnection } from "./types";

const clients = new Map<string, OktaClient>();
/**
 * The same resolved org object (provider/runtime.ts keeps one per alias) finds its client without hashing its
 * credentials again on every call.
 */
let byObject = new WeakMap<OrgConnection, OktaClient>();

/** The shared client for `org`; options apply when it is first created. */
export function clientFor(org: OrgConnection, options?: ClientOptions): OktaClient {
  const known = byObject.get(org);
  if (known) return known;
  const key = identityOf(org);
  let client = clients.get(key);
  if (!client) {
    client = createOktaClient(org, options);
    clients.set(key, client);
  }
  byObject.set(org, client);
  return client;
}

/** Forgets every shared client (tests; a CLI that rotates credentials). */
export function resetSharedClients(): void {
  clients.clear();
  byObject = new WeakMap();
}

function identityOf(org: OrgConnection): string {
  const auth = org.auth;
  const credential =
    auth.kind === "apiToken"
      ? ["ssws", auth.token]
      : ["jwt", auth.clientId, auth.privateKeyId ?? "", auth.privateKey, [...auth.scopes].sort().join(" ")];
  return createHash("sha256")
    .update(JSON.stringify([org.url, ...credential]))
    .digest("hex");
}
