import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The README's install commands are run as written by the e2e tests (test/e2e/harness/native.ts); this keeps the file
 * names in them those `npm run dist` writes for the package's version, so a version bump cannot leave them behind.
 */
describe("the README's install section", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"));
  const section = (name: string) => {
    const start = readme.indexOf(`<!-- install:${name} -->`);
    const end = readme.indexOf(`<!-- /install:${name} -->`);
    expect(start).toBeGreaterThan(0);
    return readme.slice(start, end);
  };

  it.each([
    [
      "plugin",
      `pulumi plugin install resource okta-provisioning ${version} --file pulumi-resource-okta-provisioning-v${version}-linux-amd64.tar.gz`,
    ],
    ["python", `pulumi_okta_provisioning-${version}-py3-none-any.whl`],
    ["typescript", `./pulumi-okta-provisioning-native-${version}.tgz`],
    ["go", `okta-provisioning-sdk-go-v${version}.tar.gz`],
  ])("%s names the files of the package's version", (name, text) => {
    expect(section(name)).toContain(text);
  });

  it("installs the SDKs under the names the schema gives them", () => {
    expect(section("typescript")).toContain(schema.language.nodejs.packageName);
    const module = path.posix.dirname(schema.language.go.importBasePath);
    expect(section("go")).toContain(`-require=${module}@v${version}`);
    expect(section("go")).toContain(`-replace=${module}=./okta-provisioning-sdk-go`);
  });
});
