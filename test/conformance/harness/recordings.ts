/**
 * The recorded exchanges of test/conformance/recordings/: real Okta traffic from Okta's own public test suites,
 * trimmed (each file says how) and kept with its provenance. Nothing in them is ours; the tests read them only.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

export interface RecordedResponse {
  status: number;
  /** Lower-case names; only Date, Content-Type and the X-Rate-Limit-* headers were kept. */
  headers: Record<string, string>;
  body: unknown;
}

export interface RecordedInteraction {
  /** Its index in the cassette. */
  interaction: number;
  request: RecordedRequest;
  response: RecordedResponse;
}

export interface Provenance {
  repository: string;
  path: string;
  /** The commit the file was read at. */
  commit: string;
  lastChangedIn: string;
  /** The day of the first recorded answer (its Date header); null for what is not a recording. */
  recorded: string | null;
  licence: string;
}

export interface Recording {
  title: string;
  kind?: "ci-expectation";
  source: Provenance;
  trimmed: string;
  shows: string[];
  interactions: RecordedInteraction[];
}

export interface CiExpectation {
  it: string;
  request: { method: string; path: string; body?: unknown };
  expect: Record<string, unknown>;
}

export const RECORDINGS_DIR = path.join(__dirname, "..", "recordings");

export function recordingNames(): string[] {
  return fs
    .readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

export function recording(name: string): Recording {
  return JSON.parse(fs.readFileSync(path.join(RECORDINGS_DIR, `${name}.json`), "utf8")) as Recording;
}

export function ciExpectations(name: string): CiExpectation[] {
  const doc = JSON.parse(fs.readFileSync(path.join(RECORDINGS_DIR, `${name}.json`), "utf8")) as {
    expectations: CiExpectation[];
  };
  return doc.expectations;
}

/** One recorded answer by cassette index. */
export function interaction(name: string, index: number): RecordedInteraction {
  const found = recording(name).interactions.find((i) => i.interaction === index);
  if (!found) throw new Error(`${name} has no interaction #${index}`);
  return found;
}

/** Every string in `value` with each key of `map` replaced by its value (recorded hosts, ids, redacted secrets). */
export function substitute<T>(value: T, map: ReadonlyMap<string, string>): T {
  if (typeof value === "string") {
    let out: string = value;
    for (const [from, to] of map) out = out.split(from).join(to);
    return out as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, map)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, substitute(v, map)]),
    ) as T;
  }
  return value;
}

/** `https://test.okta.com/api/v1/apps?activate=true` → `/api/v1/apps?activate=true`. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Which rate-limit bucket a recorded request counted against: exactly `/api/v1/apps/{id}`, or the apps bucket. */
export function bucketOf(method: string, url: string): "app" | "apps" {
  const p = new URL(url).pathname.replace(/\/{2,}/g, "/");
  return /^\/api\/v1\/apps\/[^/]+$/.test(p) && method !== "POST" ? "app" : "apps";
}
