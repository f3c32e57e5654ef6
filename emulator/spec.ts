/**
 * The OpenAPI slice the emulator answers to. It is read at run time from the package's own copy
 * (`emulator/openapi/provisioning-openapi.yaml`) because tsc does not copy yaml into dist: we find it by walking up
 * from this file to the directory that holds package.json, which works from the sources and from dist alike.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, JsonSchema> };
}

/** The `$id` under which the converted spec is registered with ajv, so `okta#/components/schemas/X` resolves. */
export const SPEC_ID = "okta-provisioning-openapi";

let cached: OpenApiDocument | undefined;

function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "emulator", "openapi")))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("emulator: cannot find the package root holding emulator/openapi");
    dir = parent;
  }
}

export function specPath(): string {
  return path.join(packageRoot(), "emulator", "openapi", "provisioning-openapi.yaml");
}

/** The spec as published (OpenAPI 3.0, yaml anchors resolved by the parser). */
export function loadSpec(): OpenApiDocument {
  if (!cached) cached = parse(fs.readFileSync(specPath(), "utf8"), { maxAliasCount: -1 }) as OpenApiDocument;
  return cached;
}

/**
 * OpenAPI 3.0 schemas are not quite JSON Schema: `nullable` widens a type, `discriminator` selects one branch of a
 * `oneOf` by a property's value, and a discriminator on a base schema that its own subtypes `allOf` would recurse
 * if followed. This turns the spec into a document ajv (draft-07, strict off) compiles faithfully.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const input = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "discriminator" || key === "nullable" || key === "example" || key === "examples") continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/")) {
      out.$ref = `${SPEC_ID}${value}`;
      continue;
    }
    out[key] = toJsonSchema(value);
  }
  if (input.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (!out.type) return out;
    else return { anyOf: [out, { type: "null" }] };
  }
  const discriminator = input.discriminator as
    { propertyName: string; mapping?: Record<string, string> } | undefined;
  if (discriminator?.mapping && Array.isArray(input.oneOf)) {
    delete out.oneOf;
    const prop = discriminator.propertyName;
    const values = Object.keys(discriminator.mapping);
    out.required = [...((out.required as string[]) ?? []), prop];
    out.properties = { ...((out.properties as JsonSchema) ?? {}), [prop]: { enum: values } };
    out.allOf = [
      ...((out.allOf as unknown[]) ?? []),
      ...values.map((value) => ({
        if: { properties: { [prop]: { const: value } } },
        then: { $ref: `${SPEC_ID}${discriminator.mapping![value]}` },
      })),
    ];
  }
  return out;
}

let converted: JsonSchema | undefined;

/** The whole spec as one JSON Schema document with `$id` = SPEC_ID; add it to an ajv instance once. */
export function specAsJsonSchema(): JsonSchema {
  if (!converted) {
    const spec = loadSpec();
    converted = { $id: SPEC_ID, components: toJsonSchema(spec.components) as JsonSchema };
  }
  return converted;
}

/** A schema of `components/schemas`, allOf branches merged, for code that walks it (the feature PUT check). */
export function componentSchema(name: string): JsonSchema {
  const schema = loadSpec().components.schemas[name];
  if (!schema) throw new Error(`emulator: the spec has no schema ${name}`);
  return schema;
}

/** Follows a local `$ref` and flattens `allOf` into one object schema (properties, required, enum, type). */
export function resolveSchema(schema: JsonSchema): JsonSchema {
  let current = schema;
  while (typeof current.$ref === "string") {
    current = componentSchema((current.$ref as string).split("/").pop()!);
  }
  if (!Array.isArray(current.allOf)) return current;
  const merged: JsonSchema = { ...current };
  delete merged.allOf;
  for (const part of current.allOf as JsonSchema[]) {
    const resolved = resolveSchema(part);
    for (const [key, value] of Object.entries(resolved)) {
      if (key === "properties")
        merged.properties = { ...((merged.properties as JsonSchema) ?? {}), ...(value as JsonSchema) };
      else if (key === "required")
        merged.required = [...((merged.required as string[]) ?? []), ...(value as string[])];
      else if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}
