/**
 * What this process created in Okta, by resource kind, org and id. A connection is one per app and a feature one
 * per `appId/NAME`: a replacement that keeps the app is the same object in Okta, so it must delete the old one
 * before creating the new. The providers ask for that in their diff, but the engine does not always ask them: it
 * creates first and deletes after for `pulumi up --replace`, a tainted resource, or a resource renamed without an
 * alias. The old one's delete then finds the object its replacement created a moment ago in the same deployment
 * (Pulumi runs a stack's resources of one provider in one process) and leaves it as the replacement set it up,
 * instead of deactivating or resetting it under a state that says it is on.
 */
export type CreatedKind = "ProvisioningConnection" | "ProvisioningFeature";

const created = new Set<string>();
/**
 * Only a process Pulumi started for one deployment (the plugin, the dynamic-provider host) may conclude that a
 * delete after a create is a replacement's: tests and tools that drive the CRUD through many deployments in one
 * process (the convergence model) do not turn it on.
 */
let tracking = false;

const key = (kind: CreatedKind, orgUrl: string, id: string) => JSON.stringify([kind, orgUrl, id]);

/** This process runs one deployment: remember what it creates. */
export function trackCreations(): void {
  tracking = true;
}

/** Records that `id` of `kind` was created in the org at `orgUrl()` (asked only while tracking). */
export function recordCreated(kind: CreatedKind, id: string, orgUrl: () => string): void {
  if (tracking) created.add(key(kind, orgUrl(), id));
}

/** Whether this process created `id` of `kind` in the org at `orgUrl()` (its replacement, when it is deleted now). */
export function createdHere(kind: CreatedKind, id: string, orgUrl: () => string): boolean {
  return tracking && created.has(key(kind, orgUrl(), id));
}

/** For tests: back to a process that tracks nothing. */
export function forgetCreated(): void {
  created.clear();
  tracking = false;
}
