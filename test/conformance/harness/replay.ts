/**
 * Replays recorded requests against the emulator and compares its answers with Okta's: the status, the body (after
 * the recorded hosts, ids and redacted secrets are mapped to the emulator's), the error fields, and what the
 * rate-limit headers mean. The emulator's clock is set to each recorded Date, so Resets can be compared exactly.
 */
import type { EmulatorOrg } from "../../../emulator";
import { bucketOf, pathOf, substitute, type RecordedInteraction, type RecordedResponse } from "./recordings";

export interface Clock {
  now: number;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function send(
  org: EmulatorOrg,
  method: string,
  path: string,
  body?: unknown,
  token = org.apiToken,
): Promise<Answer> {
  const res = await fetch(`${org.url}${path}`, {
    method,
    headers: {
      authorization: `SSWS ${token}`,
      accept: "application/json",
      ...(body !== undefined && body !== null ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined || body === null ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `body` as the recording has it: errorIds are unique per answer, so only their shape is compared. */
function comparable(body: unknown, recorded: unknown): unknown {
  if (isObject(body) && isObject(recorded) && typeof recorded.errorId === "string") {
    expect(body.errorId).toMatch(/^oae[A-Za-z0-9_-]{10,}$/);
    return { ...body, errorId: recorded.errorId };
  }
  return body;
}

/** App bodies were cut to a few fields when trimmed: those must match, the rest is the emulator's. */
function cutToRecorded(body: unknown, recorded: unknown): unknown {
  if (!isObject(body) || !isObject(recorded)) return body;
  return Object.fromEntries(Object.keys(recorded).map((k) => [k, body[k]]));
}

export interface ReplayOptions {
  /** Recorded value → the emulator's: hosts, app ids, the target org, redacted tokens. Grows as apps are made. */
  map: Map<string, string>;
  clock: Clock;
  /** Interactions whose recorded body was cut to a few fields (app creation). */
  cutBodies?: number[];
}

/** Replays one interaction and checks the answer; returns it (the caller maps ids of apps it made). */
export async function replayOne(
  org: EmulatorOrg,
  recorded: RecordedInteraction,
  options: ReplayOptions,
): Promise<Answer> {
  const { request, response } = recorded;
  const date = response.headers.date;
  if (date) options.clock.now = Date.parse(date);
  const got = await send(
    org,
    request.method,
    substitute(pathOf(request.url), options.map),
    substitute(request.body, options.map),
  );
  // Apps this replay made get the emulator's ids: learn them from the create answer.
  if (request.method === "POST" && /\/api\/v1\/apps$/.test(new URL(request.url).pathname)) {
    const recordedId = (response.body as { id?: string } | null)?.id;
    const madeId = (got.body as { id?: string } | null)?.id;
    if (recordedId && madeId) options.map.set(recordedId, madeId);
  }
  const label = `#${recorded.interaction} ${request.method} ${pathOf(request.url)}`;
  // On a different status, the emulator's body is shown too: it says why.
  const why = got.status === response.status ? undefined : got.body;
  expect({ at: label, status: got.status, why }).toEqual({
    at: label,
    status: response.status,
    why: undefined,
  });
  const expected = substitute(response.body, options.map);
  const body = options.cutBodies?.includes(recorded.interaction)
    ? cutToRecorded(got.body, expected)
    : comparable(got.body, expected);
  expect({ at: label, body }).toEqual({ at: label, body: expected });
  expectHeaderSemantics(label, got.headers, response);
  return got;
}

/** Content-Type's media type, and every rate-limit header the recording kept, by value. */
function expectHeaderSemantics(label: string, headers: Headers, recorded: RecordedResponse): void {
  const want = recorded.headers;
  if (want["content-type"]) {
    expect({ at: label, type: headers.get("content-type")?.split(";")[0] }).toEqual({
      at: label,
      type: want["content-type"].split(";")[0],
    });
  }
  if (want.date) expect({ at: label, date: headers.get("date") }).toEqual({ at: label, date: want.date });
  for (const name of ["x-rate-limit-limit", "x-rate-limit-remaining"]) {
    if (want[name] !== undefined)
      expect({ at: label, [name]: headers.get(name) }).toEqual({ at: label, [name]: want[name] });
  }
  if (want["x-rate-limit-reset"] !== undefined) {
    // Okta's Date is cut to the second while its window opened within it: Reset may read one second earlier.
    const delta = Number(headers.get("x-rate-limit-reset")) - Number(want["x-rate-limit-reset"]);
    expect({ at: label, resetOffBy: Math.abs(delta) <= 1 }).toEqual({ at: label, resetOffBy: true });
  }
  expect({ at: label, retryAfter: headers.get("retry-after") }).toEqual({
    at: label,
    retryAfter: want["retry-after"] ?? null,
  });
}

/**
 * Before a recording that starts in the middle of a rate-limit window, spends what earlier requests (not recorded
 * here) had spent, at the time that window opened, so that Remaining and Reset compare exactly.
 */
export async function spendEarlierRequests(
  org: EmulatorOrg,
  interactions: RecordedInteraction[],
  clock: Clock,
  spareAppId: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const { request, response } of interactions) {
    const bucket = bucketOf(request.method, request.url);
    if (seen.has(bucket)) continue;
    seen.add(bucket);
    const limit = Number(response.headers["x-rate-limit-limit"]);
    const remaining = Number(response.headers["x-rate-limit-remaining"]);
    const reset = Number(response.headers["x-rate-limit-reset"]);
    if (!limit || Number.isNaN(remaining) || !reset) continue;
    const spent = limit - 1 - remaining + (response.status === 429 ? 1 : 0);
    if (spent <= 0) continue;
    clock.now = (reset - 60) * 1000;
    const path = bucket === "app" ? `/api/v1/apps/${spareAppId}` : "/api/v1/apps?limit=1";
    for (let i = 0; i < spent; i++) await send(org, "GET", path);
  }
}
