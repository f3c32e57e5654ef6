/**
 * The suite's deployment: N Zscaler 2.0 apps in one emulator org, each with a token ProvisioningConnection and its
 * USER_PROVISIONING ProvisioningFeature (programs/fleet). Also: whether the org equals the program, and whether the
 * stack's state equals the org — judged through the emulator's Okta API, as an admin would look.
 */
import * as path from "node:path";
import type { EmulatorOptions, EmulatorOrg } from "../../../emulator";
import { startEmulator } from "../../../emulator";
import { okta, type Emulator } from "../../e2e/harness/emulator-helpers";
import { PulumiProject } from "../../e2e/harness/project";

export const FLEET_PROGRAM = path.join(__dirname, "..", "programs", "fleet");

export interface Fleet {
  emulator: Emulator;
  org: EmulatorOrg;
  appIds: string[];
}

/** One org, no rate limit (the suite measures faults, not pacing), and `apps` extra zscalerbyz instances. */
export async function startFleet(apps: number, options: EmulatorOptions = {}): Promise<Fleet> {
  const emulator = await startEmulator({ orgs: 1, rateLimit: false, concurrency: 0, ...options });
  const org = emulator.orgs[0];
  const appIds = Array.from(
    { length: apps },
    (_, i) => emulator.addApp(org.name, { name: "zscalerbyz", label: `Zscaler ${i}` }).id,
  );
  return { emulator, org, appIds };
}

export function fleetProject(fleet: Fleet, appIds = fleet.appIds): Promise<PulumiProject> {
  return PulumiProject.create({
    programDir: FLEET_PROGRAM,
    // Every app's connection goes to the emulated Zscaler tenant, whose token the emulator verifies as Okta does.
    config: {
      "okta-provisioning:orgUrl": fleet.org.url,
      "okta-provisioning-fleet:apps": JSON.stringify(appIds),
      "okta-provisioning-fleet:scimBaseUrl": fleet.emulator.zscalerTenants[0].baseUrl,
    },
    secrets: {
      "okta:apiToken": fleet.org.apiToken,
      "okta-provisioning-fleet:scimToken": fleet.emulator.zscalerTenants[0].token,
    },
  });
}

interface LiveApp {
  connection: { status?: string; baseUrl?: string; profile?: { authScheme?: string } };
  feature?: { status?: string; capabilities?: Record<string, unknown> };
}

/** The app's connection and (when provisioning is on) its USER_PROVISIONING feature, read directly. */
export async function liveApp(org: EmulatorOrg, appId: string): Promise<LiveApp> {
  const connection = (await okta(org, "GET", `/api/v1/apps/${appId}/connections/default`))
    .body as LiveApp["connection"];
  if (connection.status !== "ENABLED") return { connection };
  const feature = (await okta(org, "GET", `/api/v1/apps/${appId}/features/USER_PROVISIONING`))
    .body as LiveApp["feature"];
  return { connection, feature };
}

function leaf(tree: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((t, k) => (t as Record<string, unknown> | undefined)?.[k], tree);
}

const MANAGED = [
  "create.lifecycleCreate.status",
  "update.profile.status",
  "update.lifecycleDeactivate.status",
];

/** What differs between the org and the fleet program (empty when the org equals the program). */
export async function orgVersusProgram(fleet: Fleet, profilePush = "ENABLED"): Promise<string[]> {
  const problems: string[] = [];
  const want: Record<string, string> = {
    "create.lifecycleCreate.status": "ENABLED",
    "update.profile.status": profilePush,
    "update.lifecycleDeactivate.status": "ENABLED",
  };
  for (const appId of fleet.appIds) {
    const live = await liveApp(fleet.org, appId);
    if (live.connection.status !== "ENABLED") problems.push(`${appId}: connection ${live.connection.status}`);
    if (live.connection.profile?.authScheme !== "TOKEN") problems.push(`${appId}: authScheme not TOKEN`);
    if (live.connection.baseUrl !== fleet.emulator.zscalerTenants[0].baseUrl)
      problems.push(`${appId}: baseUrl ${live.connection.baseUrl}`);
    for (const key of MANAGED) {
      const value = leaf(live.feature?.capabilities, key);
      if (value !== want[key]) problems.push(`${appId}: ${key} is ${String(value)}, not ${want[key]}`);
    }
  }
  return problems;
}

/**
 * What differs between the stack's state and the org: every resource in state exists live with the recorded
 * status and capabilities, and every app the org has provisioning on for is in state (nothing orphaned).
 */
export async function stateVersusOrg(project: PulumiProject, fleet: Fleet): Promise<string[]> {
  const problems: string[] = [];
  const resources = (await project.resources()).filter((r) =>
    r.type.startsWith("pulumi-nodejs:dynamic/okta-provisioning:"),
  );
  const connections = resources.filter((r) => r.type.endsWith(":ProvisioningConnection"));
  const features = resources.filter((r) => r.type.endsWith(":ProvisioningFeature"));
  const inState = new Set(connections.map((r) => r.id));
  for (const appId of fleet.appIds) {
    const live = await liveApp(fleet.org, appId);
    if (live.connection.status === "ENABLED" && !inState.has(appId))
      problems.push(`${appId}: orphaned in Okta`);
  }
  for (const r of connections) {
    const live = await liveApp(fleet.org, String(r.id));
    if (live.connection.status !== r.outputs?.status)
      problems.push(`${r.id}: state says ${String(r.outputs?.status)}, Okta ${live.connection.status}`);
    if (live.connection.baseUrl !== r.outputs?.baseUrl) problems.push(`${r.id}: baseUrl differs`);
  }
  for (const r of features) {
    const appId = String(r.outputs?.appId);
    const live = await liveApp(fleet.org, appId);
    for (const key of MANAGED) {
      const recorded = leaf(r.outputs?.capabilities, key);
      const actual = leaf(live.feature?.capabilities, key);
      if (recorded !== actual)
        problems.push(`${r.id}: ${key} state ${String(recorded)}, Okta ${String(actual)}`);
    }
  }
  return problems;
}
