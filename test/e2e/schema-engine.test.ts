import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, schemaCheckBinary } from "./harness/engine";

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
