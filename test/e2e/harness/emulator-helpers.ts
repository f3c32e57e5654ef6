import type { Counters, Emulator, EmulatorOrg } from "../../../emulator";
import { org2orgCredentials, zscalerCredentials } from "../../support/emulator-credentials";

export { org2orgClientId, org2orgCredentials, zscalerCredentials } from "../../support/emulator-credentials";

export type { Emulator };

export function appOf(org: EmulatorOrg, name: string) {
  const app = org.apps.find((a) => a.name === name);
  if (!app) throw new Error(`the emulator org has no ${name} app`);
  return app;
}

/** Calls the emulated Okta API directly, as an admin clicking in the Admin Console would change things. */
export async function okta(org: EmulatorOrg, method: string, path: string, body?: unknown) {
  const res = await fetch(`${org.url}${path}`, {
    method,
    headers: {
      authorization: `SSWS ${org.apiToken}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

export function snapshot(emulator: Emulator): Counters {
  return JSON.parse(JSON.stringify(emulator.counters())) as Counters;
}

export function writesSince(emulator: Emulator, mark: Counters): number {
  return emulator.counters().writes - mark.writes;
}

export function callsSince(emulator: Emulator, mark: Counters): number {
  const now = emulator.counters();
  return now.reads + now.writes - (mark.reads + mark.writes);
}

/**
 * Stack config for a program's token connections (`<ns>:zscalerToken`, `<ns>:zscalerBaseUrl`, `<ns>:org2orgToken`,
 * `<ns>:org2orgBaseUrl`) with credentials the emulator accepts: it verifies them as Okta does, so none is invented.
 */
export function tokenConnectionConfig(emulator: Emulator, namespace: string, org = emulator.orgs[0]) {
  const zscaler = zscalerCredentials(emulator);
  const org2org = org2orgCredentials(emulator, org);
  return {
    config: {
      [`${namespace}:zscalerBaseUrl`]: zscaler.baseUrl,
      [`${namespace}:org2orgBaseUrl`]: org2org.baseUrl,
    },
    secrets: { [`${namespace}:zscalerToken`]: zscaler.token, [`${namespace}:org2orgToken`]: org2org.token },
    zscaler,
    org2org,
  };
}
