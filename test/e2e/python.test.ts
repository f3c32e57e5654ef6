import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { pulumiBinDir, REPO_ROOT } from "./harness/engine";
import {
  appOf,
  okta,
  snapshot,
  tokenConnectionConfig,
  writesSince,
  callsSince,
  type Emulator,
} from "./harness/emulator-helpers";
import { installPackedPackage } from "./harness/package-install";
import { PulumiProject } from "./harness/project";
import { installPythonSdk, pythonVirtualenv } from "./harness/python";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "python");
const pluginVersion = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

// The provisioning stack as a Python program: the plugin from `npm pack` (its bin on PATH, as after `npm install
// -g`), a typed SDK that Pulumi's Python codegen writes from the schema the plugin serves, the v3.68 Python host.
describe("a Python program with the plugin and an SDK generated from its schema", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let work: string;
  let credentials: ReturnType<typeof tokenConnectionConfig>;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    credentials = tokenConnectionConfig(emulator, "okta-provisioning-e2e");
    const venv = pythonVirtualenv();
    const modules = process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage();
    const launcher = path.join(modules, ".bin", "pulumi-resource-okta-provisioning");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-python-"));
    const site = path.join(work, "site");
    project = await PulumiProject.create({
      programDir: PROGRAM,
      nodeModules: modules,
      env: {
        PATH: [path.join(venv, "bin"), path.dirname(launcher), pulumiBinDir(), process.env.PATH].join(
          path.delimiter,
        ),
        PYTHONPATH: site,
      },
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-e2e:zscalerAppId": appOf(org, "zscalerbyz").id,
        "okta-provisioning-e2e:org2orgAppId": appOf(org, "okta_org2org").id,
        ...credentials.config,
      },
      secrets: { "okta-provisioning:apiToken": org.apiToken, ...credentials.secrets },
    });
    const schema = await project.pulumiOk(["package", "get-schema", launcher]);
    const schemaFile = path.join(work, "schema.json");
    fs.writeFileSync(schemaFile, schema.stdout);
    installPythonSdk(venv, schemaFile, path.join(work, "sdk"), site);
  });

  afterAll(async () => {
    project?.cleanup();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    await emulator?.close();
  });

  it("npm run sdk:python writes the SDK a user installs, and refuses to write over a directory of something else", () => {
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
    expect(run(out).status).toBe(0); // again over its own output

    const other = path.join(work, "not-an-sdk");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "keep me");
    const refused = run(other);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not empty and holds no earlier okta-provisioning SDK/);
    expect(fs.readFileSync(path.join(other, "notes.txt"), "utf8")).toBe("keep me");
  });

  it("refuses a bad input at preview, naming the property, before any API call", async () => {
    const org = emulator.orgs[0];
    await project.setConfig("okta-provisioning-e2e:zscalerAppId", "not-an-app-id");
    try {
      const mark = snapshot(emulator);
      const result = await project.pulumi(["preview"]);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/property appId value \{not-an-app-id\} has a problem/);
      expect(callsSince(emulator, mark)).toBe(0);
    } finally {
      await project.setConfig("okta-provisioning-e2e:zscalerAppId", appOf(org, "zscalerbyz").id);
    }
  });

  it("deploys, previews no change and destroys, with the calls of the dynamic resources and no secret in state", async () => {
    const org = emulator.orgs[0];
    const zscaler = appOf(org, "zscalerbyz").id;
    const org2org = appOf(org, "okta_org2org").id;

    let mark = snapshot(emulator);
    const up = await project.up();
    // As with the TypeScript program: one activating POST per connection, one PUT per feature.
    expect(writesSince(emulator, mark)).toBe(4);
    expect(await project.outputs()).toMatchObject({
      zscalerStatus: "ENABLED",
      zscalerAppName: "zscalerbyz",
      pushStatus: "ENABLED",
      importStatus: "ENABLED",
    });
    const connection = await okta(org, "GET", `/api/v1/apps/${zscaler}/connections/default`);
    expect(connection.body).toMatchObject({
      status: "ENABLED",
      profile: { authScheme: "TOKEN" },
      baseUrl: credentials.zscaler.baseUrl,
    });
    const push = await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`);
    expect(push.body).toMatchObject({
      status: "ENABLED",
      capabilities: { update: { profile: { status: "ENABLED" }, password: { change: "CHANGE" } } },
    });
    // The dictionary inputs (snake_case keys) reach Okta as the camelCase the API takes.
    const imports = await okta(org, "GET", `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`);
    expect(imports.body).toMatchObject({
      capabilities: {
        importSettings: {
          // Okta's spelling on the wire (recorded); the program says username_format.
          username: { userNameFormat: "EMAIL" },
          schedule: { fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" } },
        },
        importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL", autoActivateNewUsers: true } },
      },
    });

    // Served by the plugin, not the dynamic provider.
    const resources = await project.resources();
    expect(resources.map((r) => r.type).sort()).toEqual([
      "okta-provisioning:index:ProvisioningConnection",
      "okta-provisioning:index:ProvisioningConnection",
      "okta-provisioning:index:ProvisioningFeature",
      "okta-provisioning:index:ProvisioningFeature",
      "pulumi:providers:okta-provisioning",
      "pulumi:pulumi:Stack",
    ]);

    mark = snapshot(emulator);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    expect(callsSince(emulator, mark)).toBe(0);

    const exported = JSON.stringify(await project.stackExport());
    for (const secret of [credentials.zscaler.token, credentials.org2org.token, org.apiToken]) {
      expect(exported).not.toContain(secret);
      expect(up.stdout + up.stderr).not.toContain(secret);
    }

    mark = snapshot(emulator);
    await project.destroy();
    // Two features reset and two connections deactivated.
    expect(writesSince(emulator, mark)).toBe(4);
    const after = await okta(org, "GET", `/api/v1/apps/${zscaler}/connections/default`);
    expect(after.body).toMatchObject({ status: "DISABLED" });
  });
});
