/**
 * schema.json is what Pulumi tooling and the README reference read: it must be a valid Pulumi package schema,
 * describe every property for a reader, resolve every reference, and mark every secret.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import schema from "../../../schema.json";
import pkg from "../../../package.json";
import { pulumiVersions } from "../../e2e/harness/engine";

// Pulumi's metaschema ships with the engine's Go sources; a machine that built the engine has it.
const METASCHEMA = path.join(
  os.homedir(),
  `go/pkg/mod/github.com/pulumi/pulumi/pkg/v3@${pulumiVersions().cli}/codegen/schema/pulumi.json`,
);

interface PropertySpec {
  type?: string;
  $ref?: string;
  description?: string;
  secret?: boolean;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
}

const types = schema.types as Record<
  string,
  { description?: string; properties?: Record<string, PropertySpec> }
>;
const resources = schema.resources as Record<
  string,
  {
    description?: string;
    inputProperties: Record<string, PropertySpec>;
    properties: Record<string, PropertySpec>;
  }
>;

const functions = (schema as unknown as { functions: Record<string, FunctionSpec> }).functions;

interface FunctionSpec {
  description?: string;
  inputs: { properties: Record<string, PropertySpec> };
  outputs: { properties: Record<string, PropertySpec> };
}

/** Every property spec in the schema with a readable location. */
function allProperties(): [string, PropertySpec][] {
  const out: [string, PropertySpec][] = [];
  for (const [name, v] of Object.entries(schema.config.variables as Record<string, PropertySpec>)) {
    out.push([`config ${name}`, v]);
  }
  for (const [token, t] of Object.entries(types)) {
    for (const [name, p] of Object.entries(t.properties ?? {})) out.push([`${token}.${name}`, p]);
  }
  for (const [token, r] of Object.entries(resources)) {
    for (const [name, p] of Object.entries(r.inputProperties)) out.push([`${token} input ${name}`, p]);
    for (const [name, p] of Object.entries(r.properties)) out.push([`${token} output ${name}`, p]);
  }
  for (const [token, f] of Object.entries(functions)) {
    for (const [name, p] of Object.entries(f.inputs.properties)) out.push([`${token} argument ${name}`, p]);
    for (const [name, p] of Object.entries(f.outputs.properties)) out.push([`${token} result ${name}`, p]);
  }
  return out;
}

function refsOf(spec: PropertySpec): string[] {
  return [
    ...(spec.$ref ? [spec.$ref] : []),
    ...(spec.items ? refsOf(spec.items) : []),
    ...(spec.additionalProperties ? refsOf(spec.additionalProperties) : []),
  ];
}

(fs.existsSync(METASCHEMA) ? test : test.skip)("is valid against Pulumi's package metaschema", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(METASCHEMA, "utf8")));
  const ok = validate(schema);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
});

test("names the package and the three resources by their tokens, at the package's version", () => {
  expect(schema.name).toBe("okta-provisioning");
  expect(schema.version).toBe(pkg.version);
  expect(Object.keys(resources).sort()).toEqual([
    "okta-provisioning:index:OAuthConsent",
    "okta-provisioning:index:ProvisioningConnection",
    "okta-provisioning:index:ProvisioningFeature",
  ]);
});

test("describes every resource, type and property for the README reference", () => {
  const undescribed = allProperties()
    .filter(([, p]) => !p.description || p.description.trim().length < 10)
    .map(([where]) => where);
  expect(undescribed).toEqual([]);
  for (const [token, t] of [...Object.entries(types), ...Object.entries(resources)]) {
    expect([token, t.description && t.description.length > 10]).toEqual([token, true]);
  }
});

test("resolves every $ref to a type of this package", () => {
  const dangling = allProperties()
    .flatMap(([where, p]) => refsOf(p).map((ref) => [where, ref] as const))
    .filter(([, ref]) => !(ref.startsWith("#/types/") && types[ref.slice("#/types/".length)]))
    .map(([where, ref]) => `${where} -> ${ref}`);
  expect(dangling).toEqual([]);
});

test("marks every credential, and the consent state an authorize link carries, as secret", () => {
  const secretNames = ["token", "adminPassword", "apiToken", "privateKey", "authorizeUrl"];
  const unmarked = allProperties()
    .filter(([where, p]) => secretNames.includes(where.split(/[ .]/).pop() as string) && p.secret !== true)
    .map(([where]) => where);
  expect(unmarked).toEqual([]);
  const marked = allProperties()
    .filter(([, p]) => p.secret)
    .map(([where]) => where.split(/[ .]/).pop());
  expect(new Set(marked)).toEqual(new Set(secretNames));
});

test("gives every enum value a description, in Okta's spelling", () => {
  const enums = Object.entries(types).filter(([, t]) => "enum" in t) as [
    string,
    { enum: { value: string; description?: string }[] },
  ][];
  for (const [, t] of enums) for (const v of t.enum) expect(v.description?.length).toBeGreaterThan(5);
  const values = (name: string) => enums.find(([t]) => t.endsWith(`:${name}`))?.[1].enum.map((v) => v.value);
  expect(values("PasswordChange")).toEqual(["CHANGE", "KEEP_EXISTING"]);
  expect(values("PasswordSeed")).toEqual(["OKTA", "RANDOM"]);
  expect(values("UsernameFormat")).toEqual(["EMAIL", "CUSTOM"]);
  expect(values("ExactMatchCriteria")).toEqual(["EMAIL", "USERNAME"]);
});

test("replaces a resource when its app or feature name changes", () => {
  const replacing = (token: string) =>
    Object.entries(resources[`okta-provisioning:index:${token}`].inputProperties)
      .filter(([, p]) => (p as { replaceOnChanges?: boolean }).replaceOnChanges)
      .map(([name]) => name);
  expect(replacing("ProvisioningConnection")).toEqual(expect.arrayContaining(["appId", "org"]));
  expect(replacing("ProvisioningFeature")).toEqual(expect.arrayContaining(["appId", "name", "org"]));
});

test("has the read-only functions users of @pulumi/okta expect, and none returns a secret", () => {
  expect(Object.keys(functions).sort()).toEqual([
    "okta-provisioning:index:getProvisioningConnection",
    "okta-provisioning:index:getProvisioningFeature",
  ]);
  for (const [token, f] of Object.entries(functions)) {
    expect(f.description).toBeTruthy();
    for (const [name, p] of Object.entries(f.outputs.properties)) {
      expect([token, name, p.secret ?? false]).toEqual([token, name, false]);
      expect(["token", "settings", "authorizeUrl"]).not.toContain(name);
    }
  }
});
