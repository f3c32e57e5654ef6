/**
 * What the emulator saw, for tests and benchmarks: a bounded request log and per-org counters by operation.
 * Neither ever holds headers or bodies; query strings keep only parameters that cannot be secrets.
 */
export interface RequestLogEntry {
  time: string;
  org: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  /** Set when an injected fault decided the outcome. */
  fault?: string;
}

export interface Counters {
  /** Served requests per operationId (429s and injected faults excluded, except reset-after, which was applied). */
  operations: Record<string, number>;
  reads: number;
  writes: number;
  rateLimited: number;
  faults: number;
}

const SAFE_QUERY = new Set(["activate", "limit", "after", "expand", "filter", "q"]);
const MAX_LOG = 10_000;

export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const kept = [...params.keys()].map((k) =>
    SAFE_QUERY.has(k) ? `${k}=${encodeURIComponent(params.get(k) ?? "")}` : `${k}=…`,
  );
  return `${url.slice(0, q)}?${kept.join("&")}`;
}

export function emptyCounters(): Counters {
  return { operations: {}, reads: 0, writes: 0, rateLimited: 0, faults: 0 };
}

export function addCounters(into: Counters, from: Counters): Counters {
  for (const [op, n] of Object.entries(from.operations)) into.operations[op] = (into.operations[op] ?? 0) + n;
  into.reads += from.reads;
  into.writes += from.writes;
  into.rateLimited += from.rateLimited;
  into.faults += from.faults;
  return into;
}

/** fault-429: an injected 429 counts as rate limited and as a fault; fault-applied: reset-after, the write happened. */
export type Outcome = "served" | "rateLimited" | "fault" | "fault-429" | "fault-applied";

export class Observer {
  private readonly log: RequestLogEntry[] = [];
  private readonly counters = new Map<string, Counters>();

  record(entry: RequestLogEntry, outcome: Outcome, write: boolean): void {
    this.log.push(entry);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    let c = this.counters.get(entry.org);
    if (!c) this.counters.set(entry.org, (c = emptyCounters()));
    if (outcome === "rateLimited" || outcome === "fault-429") c.rateLimited++;
    if (outcome === "fault" || outcome === "fault-429" || outcome === "fault-applied") c.faults++;
    if (outcome === "served" || outcome === "fault-applied") {
      c.operations[entry.operation] = (c.operations[entry.operation] ?? 0) + 1;
      if (write) c.writes++;
      else c.reads++;
    }
  }

  countersFor(org?: string): Counters {
    if (org) return structuredClone(this.counters.get(org) ?? emptyCounters());
    const total = emptyCounters();
    for (const c of this.counters.values()) addCounters(total, c);
    return total;
  }

  requestLog(org?: string): RequestLogEntry[] {
    return this.log.filter((e) => !org || e.org === org).map((e) => ({ ...e }));
  }

  reset(org?: string): void {
    if (org) {
      this.counters.delete(org);
      for (let i = this.log.length - 1; i >= 0; i--) if (this.log[i].org === org) this.log.splice(i, 1);
    } else {
      this.counters.clear();
      this.log.length = 0;
    }
  }
}
