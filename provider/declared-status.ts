/**
 * What a deployment declares about each app's provisioning connection, as its check saw it. Every resource of a
 * stack is checked in one provider process, and a feature given its `connection` is checked after that connection,
 * so a feature can know at preview that its connection is being switched off in the same run — and that a write to
 * the feature would then fail, since Okta hides an app's features while its provisioning is disabled.
 */
import { UNKNOWN } from "./validation";

const declaredDisabled = new Set<string>();
const declaredEnabled = new Set<string>();

const key = (org: unknown, appId: string) => `${typeof org === "string" ? org : ""}\u0000${appId}`;

/** Check of a ProvisioningConnection: remember whether the program wants it disabled. */
export function declareConnection(org: unknown, appId: unknown, enabled: unknown): void {
  if (typeof appId !== "string" || appId === UNKNOWN || org === UNKNOWN) return;
  const k = key(org, appId);
  if (enabled === false) {
    declaredDisabled.add(k);
    declaredEnabled.delete(k);
  } else {
    declaredEnabled.add(k);
    declaredDisabled.delete(k);
  }
}

/** Whether this run declares the app's connection `enabled: false`. */
export function connectionDeclaredDisabled(org: unknown, appId: unknown): boolean {
  return typeof appId === "string" && declaredDisabled.has(key(org, appId));
}

/** Whether this run declares the app's connection enabled (its update switches it on if it is off). */
export function connectionDeclaredEnabled(org: unknown, appId: unknown): boolean {
  return typeof appId === "string" && declaredEnabled.has(key(org, appId));
}

/** For tests. */
export function forgetDeclaredConnections(): void {
  declaredDisabled.clear();
  declaredEnabled.clear();
}
