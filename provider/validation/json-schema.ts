/**
 * schema.json (a Pulumi package schema) turned into plain JSON Schema for ajv, so that the published schema and
 * the validation cannot drift apart. Objects refuse unknown keys: a misspelt setting would otherwise be dropped
 * silently and Okta would keep its old value.
 */
import schema from "../../schema.json";

import type { FunctionName, ResourceName } from "../schema-tables";

export type { FunctionName, ResourceName };

/** The subset of Pulumi's property spec this package uses. */
export interface PulumiTypeRef {
  type?: string;
  $ref?: string;
  items?: PulumiTypeRef;
  additionalProperties?: PulumiTypeRef;
}

interface PulumiObjectType {
  type: string;
  properties?: Record<string, PulumiTypeRef>;
  required?: string[];
  enum?: { value: string | number | boolean }[];
}

export type JsonSchema = Record<string, unknown>;

const PACKAGE = "okta-provisioning";
const TYPES = schema.types as Record<string, PulumiObjectType>;
const RESOURCES = schema.resources as Record<
  string,
  { inputProperties: Record<string, PulumiTypeRef>; requiredInputs?: string[] }
>;

const FUNCTIONS = ((schema as { functions?: unknown }).functions ?? {}) as Record<
  string,
  { inputs: { properties: Record<string, PulumiTypeRef>; required?: string[] } }
>;

function resourceToken(resource: ResourceName): string {
  return `${PACKAGE}:index:${resource}`;
}

/** A function's arguments, as a resource's inputs are described. */
function functionInputs(name: FunctionName): {
  inputProperties: Record<string, PulumiTypeRef>;
  requiredInputs?: string[];
} {
  const spec = FUNCTIONS[`${PACKAGE}:index:${name}`];
  if (!spec) throw new Error(`schema.json has no function ${PACKAGE}:index:${name}`);
  return { inputProperties: spec.inputs.properties, requiredInputs: spec.inputs.required };
}

const isFunction = (name: string): name is FunctionName => `${PACKAGE}:index:${name}` in FUNCTIONS;

/** The inputs of a resource, or the arguments of a function. */
function inputsOf(name: ResourceName | FunctionName) {
  return isFunction(name) ? functionInputs(name) : RESOURCES[resourceToken(name)];
}

function definitionName(ref: string): string {
  const prefix = "#/types/";
  if (!ref.startsWith(prefix) || !TYPES[ref.slice(prefix.length)]) {
    throw new Error(`schema.json: ${ref} does not name a type of this package`);
  }
  return ref.slice(prefix.length).split(":").pop() as string;
}

function typeRef(spec: PulumiTypeRef): JsonSchema {
  if (spec.$ref === "pulumi.json#/Any") return {};
  if (spec.$ref) return { $ref: `#/definitions/${definitionName(spec.$ref)}` };
  if (spec.type === "array") return { type: "array", items: typeRef(spec.items ?? { type: "string" }) };
  if (spec.type === "object") {
    return { type: "object", additionalProperties: typeRef(spec.additionalProperties ?? { type: "string" }) };
  }
  return { type: spec.type };
}

function objectSchema(properties: Record<string, PulumiTypeRef>, required: string[] | undefined): JsonSchema {
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(properties).map(([name, spec]) => [name, typeRef(spec)])),
    ...(required?.length ? { required } : {}),
    additionalProperties: false,
  };
}

function definition(type: PulumiObjectType): JsonSchema {
  if (type.enum) return { type: type.type, enum: type.enum.map((e) => e.value) };
  return objectSchema(type.properties ?? {}, type.required);
}

/** JSON Schema of one resource's inputs (or a function's arguments), with every type of the package under `definitions`. */
export function inputJsonSchema(resource: ResourceName | FunctionName): JsonSchema {
  const spec = inputsOf(resource);
  if (!spec) throw new Error(`schema.json has no resource ${resource}`);
  return {
    ...objectSchema(spec.inputProperties, spec.requiredInputs),
    definitions: Object.fromEntries(
      Object.entries(TYPES).map(([token, type]) => [token.split(":").pop() as string, definition(type)]),
    ),
  };
}

/** The allowed property names of the object at `path` of a resource's inputs (dotted; "" is the top level). */
export function allowedKeys(resource: ResourceName | FunctionName, path: string): string[] {
  let properties: Record<string, PulumiTypeRef> | undefined = inputsOf(resource)?.inputProperties;
  for (const key of path.split(".").filter(Boolean)) {
    const next: PulumiTypeRef | undefined = properties?.[key];
    const ref: string | undefined = next?.$ref ?? next?.additionalProperties?.$ref;
    properties = ref ? TYPES[ref.slice("#/types/".length)]?.properties : undefined;
  }
  return Object.keys(properties ?? {});
}

/**
 * The required properties of every object on the way to `path` (dotted, under a resource's inputs), as dotted
 * paths: what must travel with a value at `path` for its enclosing objects to be whole.
 * `capabilities.importSettings.schedule.fullImport.timezone` → `[…fullImport.expression]`.
 */
export function requiredAlong(resource: ResourceName, path: string): string[] {
  const out: string[] = [];
  let properties: Record<string, PulumiTypeRef> | undefined =
    RESOURCES[resourceToken(resource)]?.inputProperties;
  let prefix = "";
  for (const key of path.split(".").slice(0, -1)) {
    const ref: string | undefined = properties?.[key]?.$ref;
    const type: PulumiObjectType | undefined = ref ? TYPES[ref.slice("#/types/".length)] : undefined;
    prefix = prefix ? `${prefix}.${key}` : key;
    for (const name of type?.required ?? []) out.push(`${prefix}.${name}`);
    properties = type?.properties;
  }
  return out;
}
