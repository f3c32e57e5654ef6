/**
 * Fault injection for reliability tests. Each rule fires at a probability (from a seeded PRNG, so a run repeats)
 * or on the Nth API request of the org after the rules were set. Kinds:
 *   latency      delay the request by `ms`, then serve it normally
 *   500/502/503  answer that status with an Okta-style body, before anything is applied
 *   5xx          as above, status picked from 500/502/503
 *   429          answer 429 E0000047 to this and the next `burst - 1` requests, before anything is applied
 *   drop         destroy the socket with no response, before anything is applied
 *   reset-after  apply the request (a write really happens), then destroy the socket with no response
 *
 * String syntax (CLI `--faults`, control API): comma-separated `kind=trigger`, trigger a probability `0.2` or
 * `#N` for the Nth request; latency as `latency=200ms@0.1` (`@` trigger optional: always); a 429 burst as
 * `429=0.1x5`; `seed=42` seeds the PRNG. Example: `5xx=0.2,drop=0.05,latency=200ms@0.1,429=#3x5,seed=42`.
 */
export type FaultKind = "latency" | "5xx" | "500" | "502" | "503" | "429" | "drop" | "reset-after";

export interface FaultRule {
  kind: FaultKind;
  /** Probability 0..1 per request. */
  rate?: number;
  /** Fire on exactly the Nth API request (1-based) counted from when the rules were set. */
  nth?: number;
  /** latency: delay in ms. */
  ms?: number;
  /** 429: how many consecutive requests the burst refuses. Default 1. */
  burst?: number;
}

export interface FaultSpec {
  seed?: number;
  rules: FaultRule[];
}

export type FaultDecision =
  | { kind: "none"; latencyMs: number }
  | { kind: "status"; status: number; latencyMs: number }
  | { kind: "429"; latencyMs: number }
  | { kind: "drop"; latencyMs: number }
  | { kind: "reset-after"; latencyMs: number };

const KINDS: FaultKind[] = ["latency", "5xx", "500", "502", "503", "429", "drop", "reset-after"];

/** mulberry32: tiny, fast and good enough to make a seeded run repeat exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function parseFaults(text: string): FaultSpec {
  const spec: FaultSpec = { rules: [] };
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, raw] = part.split("=", 2).map((s) => s.trim());
    if (!raw) throw new Error(`faults: "${part}" needs a value (kind=trigger)`);
    if (key === "seed") {
      spec.seed = Number(raw);
      if (!Number.isInteger(spec.seed)) throw new Error(`faults: seed must be an integer, got "${raw}"`);
      continue;
    }
    if (!KINDS.includes(key as FaultKind))
      throw new Error(`faults: unknown kind "${key}" (one of ${KINDS.join(", ")}, seed)`);
    const rule: FaultRule = { kind: key as FaultKind };
    let trigger = raw;
    if (rule.kind === "latency") {
      const m = /^(\d+)ms(?:@(.+))?$/.exec(raw);
      if (!m) throw new Error(`faults: latency is written like 200ms or 200ms@0.1, got "${raw}"`);
      rule.ms = Number(m[1]);
      trigger = m[2] ?? "1";
    }
    const burst = /^(.+)x(\d+)$/.exec(trigger);
    if (burst) {
      if (rule.kind !== "429") throw new Error(`faults: only 429 takes a burst (x N), got "${part}"`);
      rule.burst = Number(burst[2]);
      trigger = burst[1];
    }
    if (trigger.startsWith("#")) {
      rule.nth = Number(trigger.slice(1));
      if (!Number.isInteger(rule.nth) || rule.nth < 1)
        throw new Error(`faults: #N needs a positive integer, got "${trigger}"`);
    } else {
      rule.rate = Number(trigger);
      if (!(rule.rate >= 0 && rule.rate <= 1))
        throw new Error(`faults: a rate is between 0 and 1, got "${trigger}"`);
    }
    spec.rules.push(rule);
  }
  return spec;
}

export function normalizeFaults(spec: FaultSpec | string | undefined): FaultSpec {
  if (!spec) return { rules: [] };
  if (typeof spec === "string") return parseFaults(spec);
  for (const rule of spec.rules ?? []) {
    if (!KINDS.includes(rule.kind)) throw new Error(`faults: unknown kind "${rule.kind}"`);
  }
  return { seed: spec.seed, rules: [...(spec.rules ?? [])] };
}

/** The fault state of one org. */
export class FaultInjector {
  private spec: FaultSpec = { rules: [] };
  private random: () => number = prng(0);
  private count = 0;
  private burstLeft = 0;

  constructor(spec?: FaultSpec | string) {
    this.set(spec);
  }

  set(spec: FaultSpec | string | undefined): void {
    this.spec = normalizeFaults(spec);
    this.random = prng(this.spec.seed ?? 1);
    this.count = 0;
    this.burstLeft = 0;
  }

  get(): FaultSpec {
    return structuredClone(this.spec);
  }

  private fires(rule: FaultRule): boolean {
    // Draw for every rate rule on every request, so one rule's outcome does not shift another's sequence.
    const draw = rule.rate !== undefined ? this.random() : 1;
    if (rule.nth !== undefined) return this.count === rule.nth;
    return rule.rate !== undefined && draw < rule.rate;
  }

  /** Decides what happens to the next API request. */
  next(): FaultDecision {
    this.count++;
    let latencyMs = 0;
    let decision: FaultDecision | undefined;
    for (const rule of this.spec.rules) {
      if (!this.fires(rule)) continue;
      if (rule.kind === "latency") latencyMs += rule.ms ?? 0;
      else if (decision) continue;
      else if (rule.kind === "429") {
        this.burstLeft = Math.max(this.burstLeft, (rule.burst ?? 1) - 1);
        decision = { kind: "429", latencyMs: 0 };
      } else if (rule.kind === "drop") decision = { kind: "drop", latencyMs: 0 };
      else if (rule.kind === "reset-after") decision = { kind: "reset-after", latencyMs: 0 };
      else {
        const status =
          rule.kind === "5xx" ? [500, 502, 503][Math.floor(this.random() * 3)] : Number(rule.kind);
        decision = { kind: "status", status, latencyMs: 0 };
      }
    }
    if (!decision && this.burstLeft > 0) {
      this.burstLeft--;
      decision = { kind: "429", latencyMs: 0 };
    }
    return { ...(decision ?? { kind: "none" }), latencyMs } as FaultDecision;
  }
}
