import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, schemaCheckBinary } from "./harness/engine";
import { sdkGenerator } from "./harness/python";

jest.setTimeout(600_000);

// `pulumi package gen-sdk` cannot run here (codegen moved into language hosts newer than the one the Go module
// proxy serves, see ENGINE.md), so schema.json is bound by the engine's own codegen/schema package instead:
// the metaschema check and the binder that gen-sdk runs before generating anything.
describe("schema.json on the Pulumi engine's own schema binder", () => {
  let checker: string;
  beforeAll(() => {
    checker = schemaCheckBinary();
  });

  it("is a package schema the engine accepts", () => {
    const out = execFileSync(checker, [path.join(REPO_ROOT, "schema.json")], { encoding: "utf8" });
    expect(out).toMatch(/^ok: okta-provisioning \d+\.\d+\.\d+, 3 resources, \d+ types/);
  });

  it("would refuse a schema with a dangling type reference", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8"));
    const connection = schema.resources["okta-provisioning:index:ProvisioningConnection"];
    connection.inputProperties.signing = { $ref: "#/types/okta-provisioning:index:NoSuchType" };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.json");
    fs.writeFileSync(file, JSON.stringify(schema));
    const result = spawnSync(checker, [file], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/NoSuchType/);
  });
});

/**
 * `pulumi import` writes code from the imported state: the CLI's importer turns it into PCL against the schema, then
 * the language writes the program. scripts/sdk-gen import-code runs the same two steps; the hosts built here cannot
 * (ENGINE.md).
 */
describe("code that pulumi import writes from the schema the plugin serves", () => {
  const APP = "0oa1gjh63g214q0Hq0g4";
  let work: string;
  let schema: string;

  /** A stack export holding one imported INBOUND_PROVISIONING feature whose username is `username`. */
  function stackWith(username: Record<string, unknown>): string {
    const provider = "urn:pulumi:test::p::pulumi:providers:okta-provisioning::default";
    const capabilities = {
      importSettings: { username, schedule: { status: "DISABLED" } },
      importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL" } },
    };
    const inputs = { appId: APP, name: "INBOUND_PROVISIONING", capabilities };
    const file = path.join(work, `stack-${Object.keys(username).join("-")}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.276.0" },
          resources: [
            { urn: provider, custom: true, id: "p1", type: "pulumi:providers:okta-provisioning" },
            {
              urn: "urn:pulumi:test::p::okta-provisioning:index:ProvisioningFeature::imports",
              custom: true,
              id: `${APP}/INBOUND_PROVISIONING`,
              type: "okta-provisioning:index:ProvisioningFeature",
              inputs,
              outputs: { ...inputs, status: "ENABLED", effectiveCapabilities: capabilities },
              provider: `${provider}::p1`,
            },
          ],
        },
      }),
    );
    return file;
  }

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "import-code-"));
    schema = path.join(work, "schema.json");
    // dist/ is fresh: e2e global setup packed the package, which builds it.
    const { packageSchema } = require(path.join(REPO_ROOT, "dist", "plugin", "schema.js")) as {
      packageSchema(): string;
    };
    fs.writeFileSync(schema, packageSchema());
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("writes the enum members the SDKs have", () => {
    const stack = stackWith({ usernameFormat: "CUSTOM", userNameExpression: "source.login" });
    const code = (language: string) =>
      execFileSync(sdkGenerator(), ["import-code", language, schema, stack, "imports"], { encoding: "utf8" });
    expect(code("python")).toMatch(/okta_provisioning\.UsernameFormat\.CUSTOM/);
    expect(code("python")).toMatch(/okta_provisioning\.ApplicationFeatureType\.INBOUND_PROVISIONING/);
    expect(code("nodejs")).toMatch(/okta_provisioning\.UsernameFormat\.Custom/);
    expect(code("go")).toMatch(/oktaprovisioning\.UsernameFormatCustom/);
  });
});

describe("SDK generation of the schema's functions", () => {
  it("writes every language's SDK with the functions in it, no change to the generator needed", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-functions-"));
    try {
      const file = path.join(REPO_ROOT, "schema.json");
      expect(Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).functions)).toContain(
        "okta-provisioning:index:getProvisioningConnection",
      );
      const generated: Record<string, string> = {
        python: "pulumi_okta_provisioning/get_provisioning_connection.py",
        nodejs: "getProvisioningConnection.ts",
        go: "oktaprovisioning/getProvisioningConnection.go",
      };
      for (const [language, written] of Object.entries(generated)) {
        execFileSync(sdkGenerator(), ["sdk", language, file, path.join(work, language)], { stdio: "ignore" });
        expect(fs.existsSync(path.join(work, language, written))).toBe(true);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
