/**
 * The native provider from a Python program (test/e2e/harness/native.ts): the plugin archive and the SDK wheel, both
 * installed with the README's commands in a fresh virtualenv, on the real CLI and the v3.68 Python host; plus what
 * only Python has: `npm run sdk:python`, and bad input refused at preview with the Python SDK's names.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./harness/engine";
import { appOf, callsSince, snapshot } from "./harness/emulator-helpers";
import { describeNativeLanguage } from "./harness/native";

jest.setTimeout(900_000);

const pluginVersion = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

describeNativeLanguage(
  {
    name: "python",
    codegen: "python",
    sdkImport: /^import pulumi_okta_provisioning as okta_provisioning$/m,
    // The v3.68 host runs whichever `python` PATH finds (it ignores runtime.options.virtualenv).
    env: (dir, base) => ({ PATH: `${path.join(dir, "venv", "bin")}${path.delimiter}${base.PATH}` }),
    include: (dir, code) => fs.writeFileSync(path.join(dir, "imported.py"), code),
  },
  (ctx) => {
    it("refuses a bad input at preview, naming the property, before any API call", async () => {
      const { project, emulator } = ctx();
      const org = emulator.orgs[0];
      await project.setConfig("okta-provisioning-native:zscalerAppId", "not-an-app-id");
      try {
        const mark = snapshot(emulator);
        const result = await project.pulumi(["preview"]);
        expect(result.code).not.toBe(0);
        expect(result.stdout + result.stderr).toMatch(/property appId value \{not-an-app-id\} has a problem/);
        expect(callsSince(emulator, mark)).toBe(0);
      } finally {
        await project.setConfig("okta-provisioning-native:zscalerAppId", appOf(org, "zscalerbyz").id);
      }
    });
  },
);

describe("npm run sdk:python", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-sdk-python-"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("writes the SDK source a user installs, and refuses to write over a directory of something else", () => {
    const out = path.join(work, "user-sdk");
    const run = (dir: string) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "sdk-python.js"), dir], {
        encoding: "utf8",
      });
    const written = run(out);
    expect(written.status).toBe(0);
    expect(written.stdout).toContain(`pip install ${out}`);
    const plugin = JSON.parse(
      fs.readFileSync(path.join(out, "pulumi_okta_provisioning", "pulumi-plugin.json"), "utf8"),
    );
    // The version the engine will ask the plugin for: the package's.
    expect(plugin).toEqual({ resource: true, name: "okta-provisioning", version: pluginVersion });
    expect(
      fs.readFileSync(path.join(out, "pulumi_okta_provisioning", "provisioning_connection.py"), "utf8"),
    ).toMatch(
      /class ProvisioningConnectionArgs:\n\s+def __init__\(__self__, \*,\n\s+app_id: pulumi\.Input\[_builtins\.str\]/,
    );
    // Enum members keep Okta's spelling (not USE_R_PROVISIONING, as the generator makes of an unnamed value).
    expect(fs.readFileSync(path.join(out, "pulumi_okta_provisioning", "_enums.py"), "utf8")).toMatch(
      /^ {4}USER_PROVISIONING = "USER_PROVISIONING"$/m,
    );
    expect(run(out).status).toBe(0); // again over its own output

    const other = path.join(work, "not-an-sdk");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "keep me");
    const refused = run(other);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not empty and holds no earlier okta-provisioning SDK/);
    expect(fs.readFileSync(path.join(other, "notes.txt"), "utf8")).toBe("keep me");
  });
});
