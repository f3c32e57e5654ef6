#!/usr/bin/env node
// The README's resource reference, from schema.json (the single source of truth): `npm run generate`
// (scripts/generate.js) writes it between the markers <!-- reference:start --> and <!-- reference:end -->.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const START = "<!-- reference:start -->";
const END = "<!-- reference:end -->";

function typeName(prop, schema) {
  if (prop.$ref) {
    const name = prop.$ref.split(":").pop();
    const type = schema.types[prop.$ref.replace("#/types/", "")];
    if (type && type.enum) return type.enum.map((e) => `\`${e.value}\``).join(" \\| ");
    return name;
  }
  if (prop.type === "array") return `${typeName(prop.items, schema)}[]`;
  if (prop.type === "object" && prop.additionalProperties)
    return `map of ${typeName(prop.additionalProperties, schema)}`;
  return prop.type || "any";
}

function oneLine(text) {
  return (text || "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

function table(props, required, schema) {
  const rows = Object.entries(props || {}).map(([name, prop]) => {
    const flags = [
      required.includes(name) ? "required" : "",
      prop.secret ? "secret" : "",
      prop.default !== undefined ? `default \`${JSON.stringify(prop.default)}\`` : "",
    ]
      .filter(Boolean)
      .join(", ");
    return `| \`${name}\` | ${typeName(prop, schema)} | ${flags} | ${oneLine(prop.description)} |`;
  });
  return ["| Property | Type | | Description |", "|---|---|---|---|", ...rows].join("\n");
}

function objectTypes(schema) {
  return Object.entries(schema.types || {})
    .filter(([, t]) => t.type === "object")
    .map(([token, t]) => {
      const name = token.split(":").pop();
      return `#### ${name}\n\n${oneLine(t.description)}\n\n${table(t.properties, t.required || [], schema)}`;
    });
}

function reference(schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"))) {
  const parts = [];
  for (const [token, resource] of Object.entries(schema.resources)) {
    const name = token.split(":").pop();
    const inputs = resource.inputProperties || {};
    const outputsOnly = Object.fromEntries(
      Object.entries(resource.properties || {}).filter(([k]) => !(k in inputs)),
    );
    parts.push(
      `### ${name}\n\n${oneLine(resource.description)}\n\nType token: \`pulumi-nodejs:dynamic/okta-provisioning:${name}\`\n\n` +
        `**Inputs**\n\n${table(inputs, resource.requiredInputs || [], schema)}\n\n` +
        `**Outputs** (besides every input)\n\n${table(outputsOnly, resource.required || [], schema)}`,
    );
  }
  for (const [token, fn] of Object.entries(schema.functions || {})) {
    const name = token.split(":").pop();
    parts.push(
      `### ${name}\n\n${oneLine(fn.description)}\n\n` +
        `TypeScript: \`${name}(args)\` (a Promise) and \`${name}Output(args)\` (an Output) from \`pulumi-okta-provisioning\`; ` +
        `native plugin: the function \`${token}\` in every SDK.\n\n` +
        `**Arguments**\n\n${table(fn.inputs.properties, fn.inputs.required || [], schema)}\n\n` +
        `**Result**\n\n${table(fn.outputs.properties, fn.outputs.required || [], schema)}`,
    );
  }
  parts.push(`### Object types\n\n${objectTypes(schema).join("\n\n")}`);
  return `${START}\n<!-- Generated from schema.json by \`npm run generate\`; do not edit by hand. -->\n\n${parts.join("\n\n")}\n\n${END}`;
}

module.exports = { reference, START, END };
