/**
 * Every request body is checked against the spec's `requestBody` schema of the operation its route serves (found by
 * operationId, so an operation added to the spec and the routes gets the check with nothing else to do), before a
 * handler can merge or store anything: required fields, enums and types, as Okta's API validation would.
 *
 * Two OpenAPI-isms need a reading of their own (docs/emulator.md, "Where the emulator is more lenient"):
 * - a top-level `oneOf` whose branches carry a `title` equal to a path parameter (the feature PUT: `CapabilitiesObject`
 *   is titled USER_PROVISIONING, `CapabilitiesInboundProvisioningObject` INBOUND_PROVISIONING) is checked against that
 *   branch only. Read literally, the first branch (no required fields, open to any property) matches every object,
 *   so an INBOUND_PROVISIONING body would match both and `oneOf` would refuse the spec's own example;
 * - a `null` property clears an optional object (the spec's INBOUND_PROVISIONING example sends `fullImport: null`),
 *   although no schema there is marked `nullable`: nulls are left out of the check.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { loadSpec, resolveSchema, specAsJsonSchema, toJsonSchema, type JsonSchema } from "./spec";

interface Branch {
  title?: string;
  validate: ValidateFunction;
}

interface BodyRule {
  required: boolean;
  branches: Branch[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

let ajv: Ajv | undefined;
const rules = new Map<string, BodyRule | null>();

function compiler(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, verbose: true });
    // The spec's formats (date-time, password, …): unknown, ajv would print a warning per use on stderr.
    addFormats(ajv);
    ajv.addSchema(specAsJsonSchema());
  }
  return ajv;
}

interface SpecOperation {
  operationId?: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

function findOperation(operationId: string): SpecOperation | undefined {
  for (const item of Object.values(loadSpec().paths)) {
    for (const op of Object.values(item)) {
      if ((op as SpecOperation)?.operationId === operationId) return op as SpecOperation;
    }
  }
  return undefined;
}

function titleOf(schema: JsonSchema): string | undefined {
  const title = resolveSchema(schema).title;
  return typeof title === "string" ? title : undefined;
}

function ruleFor(operationId: string): BodyRule | null {
  if (rules.has(operationId)) return rules.get(operationId)!;
  const op = findOperation(operationId);
  const schema = op?.requestBody?.content?.["application/json"]?.schema;
  let rule: BodyRule | null = null;
  if (op && schema) {
    const parts = Array.isArray(schema.oneOf) ? (schema.oneOf as JsonSchema[]) : [schema];
    rule = {
      required: op.requestBody?.required === true,
      branches: parts.map((part) => ({
        title: titleOf(part),
        validate: compiler().compile(toJsonSchema(part) as JsonSchema),
      })),
    };
  }
  rules.set(operationId, rule);
  return rule;
}

/** The body as the check sees it: `null` means "clear this", which the schemas do not describe. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function where(path: string): string {
  return path.replace(/^\//, "").replace(/\//g, ".");
}

function describe(error: ErrorObject): string | undefined {
  const at = where(error.instancePath);
  const name = (child: string) => (at ? `${at}.${child}` : child);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${name(String(params.missingProperty))}: is required.`;
    case "enum":
      return `${at || "body"}: ${JSON.stringify(error.data)} is not one of ${(params.allowedValues as unknown[]).join(", ")}.`;
    case "type": {
      const type = String(params.type);
      const wanted = type === "boolean" ? "true or false" : type === "object" ? "an object" : `a ${type}`;
      return `${at || "body"}: must be ${wanted}.`;
    }
    case "minLength":
      return `${at}: must not be empty.`;
    case "maxLength":
      return `${at}: is too long (at most ${String(params.limit)} characters).`;
    // allOf/if-then wrappers repeat what the errors inside them already said.
    case "if":
    case "allOf":
    case "anyOf":
    case "oneOf":
      return undefined;
    default:
      return `${at || "body"}: ${error.message ?? "is not valid"}.`;
  }
}

function causesOf(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return [];
  const out = (validate.errors ?? []).map(describe).filter((c): c is string => !!c);
  return [...new Set(out)];
}

/** Whether the spec requires a body for `operationId`. */
export function bodyRequired(operationId: string): boolean {
  return ruleFor(operationId)?.required === true;
}

/**
 * Why the spec refuses this body for `operationId` (empty when it does not, or when the operation takes no body).
 * `params` are the request's path parameters, which pick a titled `oneOf` branch.
 */
export function requestBodyProblems(
  operationId: string,
  body: unknown,
  params: Record<string, unknown> = {},
): string[] {
  const rule = ruleFor(operationId);
  if (!rule) return [];
  if (body === undefined) return rule.required ? ["The request body is required."] : [];
  const checked = withoutNulls(body);
  const values = new Set(Object.values(params).map(String));
  const chosen = rule.branches.filter((b) => b.title !== undefined && values.has(b.title));
  const branches = chosen.length === 1 ? chosen : rule.branches;
  if (branches.length === 1) return causesOf(branches[0].validate, checked);
  const results = branches.map((b) => causesOf(b.validate, checked));
  if (results.some((causes) => causes.length === 0)) return [];
  return unionOfBranches(results);
}

/**
 * No branch matched. Where every branch refused the same field's enum (`authScheme`: TOKEN in one, OAUTH2 in the
 * other) that is one cause listing every allowed value; otherwise the causes of the branch that came closest.
 */
function unionOfBranches(results: string[][]): string[] {
  const enumCause = /^(\S+): (.*) is not one of (.*)\.$/;
  const firsts = results.map((causes) => causes.map((c) => enumCause.exec(c)).find(Boolean));
  if (firsts.every((m) => m && m[1] === firsts[0]![1])) {
    const allowed = [...new Set(firsts.flatMap((m) => m![3].split(", ")))];
    return [`${firsts[0]![1]}: ${firsts[0]![2]} is not one of ${allowed.join(", ")}.`];
  }
  return [...results].sort((a, b) => a.length - b.length)[0];
}
