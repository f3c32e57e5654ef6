/**
 * The property, as code: after every `up`, (1) the org equals the program on every managed property, (2) a refresh
 * followed by a diff shows no change, (3) the state equals the org (a refresh changes nothing in it). Each returns
 * the divergences it found, as sentences, so a shrunk failure reads as what went wrong.
 */
import { DISABLED_DEFAULTS } from "../../provider/feature";
import { leavesOf } from "../../provider/capabilities";
import { capabilitiesFromWire } from "../../provider/okta-api";
import type { Engine, StateResource } from "./engine";
import { declare, type Program } from "./program";
import { APP_NAME, SLOTS, THREE_LEGGED, type Slot, type World } from "./world";

type Json = Record<string, unknown>;

/** What the program no longer manages but must have left behind: deleted connections off, deleted features reset. */
export interface Released {
  connections: Set<Slot>;
  /** `${slot}/${FEATURE}` reset to Okta's defaults, checked once the connection is enabled again. */
  features: Set<string>;
}

export async function orgDivergences(program: Program, world: World, released: Released): Promise<string[]> {
  const out: string[] = [];
  for (const slot of SLOTS) {
    const s = program[slot];
    const appId = world.appIds.get(slot)!;
    const live = (await world.admin("GET", `/api/v1/apps/${appId}/connections/default`)).body as Json & {
      profile?: Json;
      authScheme?: string;
      status: string;
    };
    if (!s) {
      if (released.connections.has(slot) && live.status !== "DISABLED")
        out.push(`${slot}: its connection was deleted from the program but is ${live.status} in Okta`);
      continue;
    }
    const scheme =
      slot === "org2org" ? (s.oauth ? "OAUTH2" : "TOKEN") : slot === "zscaler" ? "TOKEN" : "OAUTH2";
    // A new Org2Org connection answers its scheme at the top, without a profile (recorded).
    const liveScheme = live.profile?.authScheme ?? live.authScheme;
    if (liveScheme !== scheme) out.push(`${slot}: authScheme ${String(liveScheme)}, program ${scheme}`);
    if (slot === "zscaler" && live.baseUrl !== world.zscaler[s.variant].baseUrl)
      out.push(`${slot}: baseUrl ${String(live.baseUrl)} in Okta, variant ${s.variant} in the program`);
    if (slot === "org2org" && s.oauth) {
      if (!String(live.profile?.clientId).endsWith(String(s.variant)))
        out.push(`${slot}: clientId ${String(live.profile?.clientId)}, program variant ${s.variant}`);
      const mode = (live.profile?.signing as Json | undefined)?.rotationMode;
      if (s.signing && mode !== s.signing) out.push(`${slot}: signing ${String(mode)}, program ${s.signing}`);
    }
    const want = s.enabled ? "ENABLED" : "DISABLED";
    if (live.status !== want)
      out.push(`${slot}: connection ${live.status} in Okta, program enabled: ${s.enabled}`);
    if (live.status !== "ENABLED") continue;
    for (const [key, name] of [
      ["user", "USER_PROVISIONING"],
      ["inbound", "INBOUND_PROVISIONING"],
    ] as const) {
      const f = s[key];
      const feature = (await world.admin("GET", `/api/v1/apps/${appId}/features/${name}`)).body as Json;
      // In the program's words: Okta spells the username format `userNameFormat` (provider/okta-api.ts).
      const now = leavesOf(capabilitiesFromWire(feature.capabilities));
      const wanted = f
        ? leavesOf(f.capabilities)
        : released.features.has(`${slot}/${name}`)
          ? leavesOf(DISABLED_DEFAULTS[name])
          : new Map();
      for (const [path, value] of wanted) {
        if (now.get(path) !== value)
          out.push(
            `${slot} ${name}: ${path} is ${String(now.get(path))} in Okta, ${f ? "the program says" : "reset means"} ${String(value)}`,
          );
      }
    }
  }
  return out;
}

/** A refresh followed by a diff: every resource of the program must be `same`. */
export async function refreshedPreviewDivergences(
  engine: Engine,
  program: Program,
  world: World,
): Promise<string[]> {
  const preview = await engine.preview(declare(program, world), { refresh: true });
  if (!preview.ok) return [`preview --refresh failed: ${preview.error}`];
  return Object.entries(preview.ops)
    .filter(([, op]) => op !== "same")
    .map(([name, op]) => `preview --refresh after up: ${name} would ${op}`);
}

/**
 * The state equals the org: refreshing it changes no recorded value. One exception, by design: a three-legged
 * connection's `status` is what Okta answered when that resource last wrote or read it (DISABLED before consent);
 * its OAuthConsent, which activates it behind its back, holds the live status (docs/reliability.md).
 */
export async function stateDivergences(engine: Engine): Promise<string[]> {
  const before = engine.stack.map((r) => ({ ...r }));
  const saved = engine.stack;
  await engine.refresh();
  const after = engine.stack;
  engine.stack = saved;
  const out: string[] = [];
  for (const r of before) {
    const a = after.find((x) => x.name === r.name);
    if (!a) {
      out.push(`${r.name}: in state, gone from Okta`);
      continue;
    }
    for (const [label, x, y] of [
      ["outputs", r.outputs, a.outputs],
      ["inputs", r.inputs, a.inputs],
    ] as const) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (key === "status" && isThreeLeggedConnection(r)) continue;
        // Not Okta's data, and no diff looks at them: `adopt` acts at create only (an existing resource keeps the
        // value it was created with in its outputs), and the provider resolves `appName` when the program leaves
        // it out (read then records it among the inputs).
        if (label === "inputs" && key === "appName" && y[key] === r.outputs.appName) continue;
        if (key === "adopt") continue;
        if (JSON.stringify(x[key]) !== JSON.stringify(y[key]))
          out.push(
            `${r.name}: state ${label}.${key} ${JSON.stringify(x[key])}, Okta ${JSON.stringify(y[key])}`,
          );
      }
    }
  }
  return out;
}

function isThreeLeggedConnection(r: StateResource): boolean {
  return (
    r.kind === "ProvisioningConnection" &&
    (THREE_LEGGED as string[]).includes(String(r.outputs.appName ?? ""))
  );
}

export { APP_NAME };
