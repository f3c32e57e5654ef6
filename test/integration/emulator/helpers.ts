/**
 * Test helpers: real HTTP calls to the emulator, and a validator that checks every JSON body against the spec
 * slice's response schema for the operation and status (OpenAPI-isms converted by the emulator's spec module).
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { loadSpec, specAsJsonSchema, toJsonSchema } from "../../../emulator/spec";
import type { EmulatorOrg } from "../../../emulator";

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function call(
  org: EmulatorOrg,
  method: string,
  path: string,
  options: { body?: unknown; auth?: string | null; form?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `SSWS ${org.apiToken}` : options.auth;
  if (auth) headers.Authorization = auth;
  let body: string | undefined;
  if (options.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const url = path.startsWith("http") ? path : `${org.url}${path}`;
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text && (res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed, text };
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

interface SpecResponse {
  $ref?: string;
  content?: Record<string, { schema: unknown }>;
}

function responseSchema(operationId: string, status: number): unknown {
  const spec = loadSpec() as unknown as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, SpecResponse> }>>;
    components: { responses: Record<string, SpecResponse> };
  };
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (op.operationId !== operationId) continue;
      let response = op.responses?.[String(status)];
      // The spec lists few error statuses per operation (401 almost nowhere, no 400 on activate, which our brief
      // demands); any error the emulator sends must still be Okta's Error shape.
      if (!response && status >= 400) return { $ref: "#/components/schemas/Error" };
      if (!response) throw new Error(`the spec has no ${status} response for ${operationId}`);
      if (response.$ref) response = spec.components.responses[response.$ref.split("/").pop()!];
      const schema = response.content?.["application/json"]?.schema;
      // `content: {}` (the app lifecycle's 200): Okta sends an empty JSON object, and nothing else passes.
      if (!schema && response.content && Object.keys(response.content).length === 0)
        return { type: "object", maxProperties: 0 };
      if (!schema) throw new Error(`${operationId} ${status} has no JSON body in the spec`);
      return schema;
    }
  }
  throw new Error(`no operation ${operationId} in the spec`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Where Okta's recorded answers differ from the spec's response schemas, the recording wins (issue 27): this is the
 * body as the spec would spell it, each difference named with the recording that shows it.
 */
function asSpecSpellsIt(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(asSpecSpellsIt);
  if (!isObject(body)) return body;
  const out = structuredClone(body);
  // tf-inbound-feature-read.json: `userNameFormat`, and null schedule entries.
  const settings = isObject(out.capabilities) ? out.capabilities.importSettings : undefined;
  if (isObject(settings)) {
    const username = settings.username;
    if (isObject(username) && "userNameFormat" in username) {
      username.usernameFormat = username.userNameFormat;
      delete username.userNameFormat;
    }
    const schedule = settings.schedule;
    if (isObject(schedule)) {
      for (const key of ["fullImport", "incrementalImport"]) if (schedule[key] === null) delete schedule[key];
    }
  }
  // py-org2org-never-configured.json: a new Org2Org connection has its authScheme at the top and no profile.
  if (out.profile === undefined && typeof out.authScheme === "string" && typeof out.status === "string")
    out.profile = { authScheme: out.authScheme };
  return out;
}

/** Throws with ajv's errors unless `body` is what the spec says `operationId` answers with `status`. */
export function expectSpecValid(operationId: string, status: number, recorded: unknown): void {
  const body = asSpecSpellsIt(recorded);
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(specAsJsonSchema());
  }
  const key = `${operationId}:${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(responseSchema(operationId, status)) as object);
    compiled.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${operationId} ${status} does not match the spec: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}

/** Calls and validates the JSON answer against the spec in one go. */
export async function callValid(
  org: EmulatorOrg,
  operationId: string,
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {},
): Promise<Reply> {
  const reply = await call(org, method, path, options);
  expect(reply.headers.get("x-okta-request-id")).toBeTruthy();
  if (reply.body !== undefined) expectSpecValid(operationId, reply.status, reply.body);
  return reply;
}

export function appOf(org: EmulatorOrg, name: string): string {
  const app = org.apps.find((a) => a.name === name);
  if (!app) throw new Error(`no ${name} app`);
  return app.id;
}
