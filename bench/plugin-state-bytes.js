#!/usr/bin/env node
/**
 * State bytes per resource: the same four resources (two connections, two features) from one JavaScript program,
 * once as dynamic resources and once through the native plugin, against the bundled emulator, measured from
 * `pulumi stack export`. Run after `npm run build`, with `pulumi` on PATH or OKTA_PROVISIONING_PULUMI_DIR set:
 *   node bench/plugin-state-bytes.js
 * Prints bytes per resource (the resource's entry in the export) and the whole export per resource.
 */
const { execFile, execFileSync } = require("node:child_process");
const { promisify } = require("node:util");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { startEmulator } = require(path.join(root, "dist", "emulator"));

const PROGRAM = (kind) => `
const pulumi = require("@pulumi/pulumi");
const sdk = require("pulumi-okta-provisioning");
const config = new pulumi.Config();
const native = ${kind === "plugin"};
const resource = (type, name, props, opts) =>
  native
    ? new pulumi.CustomResource("okta-provisioning:index:" + type, name, props, opts)
    : new sdk[type](name, props, opts);
const zscaler = resource("ProvisioningConnection", "zscaler", {
  appId: config.require("zscalerAppId"), appName: "zscalerbyz", authScheme: "TOKEN",
  token: config.requireSecret("token"), baseUrl: "https://scim.zscalerbeta.net/1234567/890/scim",
});
resource("ProvisioningFeature", "zscaler-push", {
  appId: zscaler.appId, appName: "zscalerbyz", name: "USER_PROVISIONING",
  capabilities: { update: { profile: { status: "ENABLED" }, password: { status: "ENABLED", change: "CHANGE" } } },
});
const org2org = resource("ProvisioningConnection", "org2org", {
  appId: config.require("org2orgAppId"), appName: "okta_org2org", authScheme: "TOKEN",
  token: config.requireSecret("token"),
});
resource("ProvisioningFeature", "org2org-import", {
  appId: org2org.appId, appName: "okta_org2org", name: "INBOUND_PROVISIONING",
  capabilities: { importSettings: { username: { usernameFormat: "EMAIL" },
    schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" } } },
    importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL", autoConfirmExactMatch: true } } },
});
`;

function pulumiDir() {
  if (process.env.OKTA_PROVISIONING_PULUMI_DIR) return process.env.OKTA_PROVISIONING_PULUMI_DIR;
  const out = execFileSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], { encoding: "utf8" });
  return out.trim().split("\n").pop();
}

async function project(kind, org, tmp, bin) {
  const dir = path.join(tmp, kind);
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  // The repo's own modules, and this package by name, as a program that installed it would resolve them.
  for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
    fs.symlinkSync(path.join(root, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  fs.symlinkSync(root, path.join(dir, "node_modules", "pulumi-okta-provisioning"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: state-bytes-${kind}\nruntime: nodejs\n`);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `state-bytes-${kind}`, main: "index.js" }),
  );
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM(kind));
  fs.mkdirSync(path.join(dir, ".backend"));
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${pulumiDir()}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, ".home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "state-bytes",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  // Asynchronously: the emulator answers from this very process.
  const run = async (args) =>
    (
      await promisify(execFile)("pulumi", [...args, "--non-interactive"], {
        cwd: dir,
        env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      })
    ).stdout;
  const app = (name) => org.apps.find((a) => a.name === name).id;
  await run(["stack", "init", "bench"]);
  await run(["config", "set", "okta-provisioning:orgUrl", org.url]);
  await run(["config", "set", "--secret", "okta:apiToken", org.apiToken]);
  await run(["config", "set", "--secret", "okta-provisioning:apiToken", org.apiToken]);
  await run(["config", "set", "zscalerAppId", app("zscalerbyz")]);
  await run(["config", "set", "org2orgAppId", app("okta_org2org")]);
  await run(["config", "set", "--secret", "token", "state-bytes-token"]);
  await run(["up", "--yes", "--skip-preview"]);
  const exported = await run(["stack", "export"]);
  const resources = JSON.parse(exported).deployment.resources.filter(
    (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
  );
  const bytes = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
  await run(["destroy", "--yes", "--skip-preview"]);
  return {
    kind,
    resources: resources.length,
    perResource: Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length),
    exportPerResource: Math.round(Buffer.byteLength(exported) / resources.length),
  };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "state-bytes-"));
  const bin = path.join(tmp, "bin");
  fs.mkdirSync(bin);
  fs.chmodSync(path.join(root, "dist", "plugin", "main.js"), 0o755);
  fs.symlinkSync(
    path.join(root, "dist", "plugin", "main.js"),
    path.join(bin, "pulumi-resource-okta-provisioning"),
  );
  const emulator = await startEmulator({ orgs: 2 });
  try {
    const rows = [
      await project("dynamic", emulator.orgs[0], tmp, bin),
      await project("plugin", emulator.orgs[1], tmp, bin),
    ];
    const [dynamic, plugin] = rows;
    for (const r of rows) {
      console.log(
        `${r.kind.padEnd(8)} ${r.resources} resources: ${r.perResource} B per resource entry, ${r.exportPerResource} B of stack export per resource`,
      );
    }
    console.log(
      `plugin / dynamic: ${Math.round((100 * plugin.perResource) / dynamic.perResource)}% per resource entry`,
    );
  } finally {
    await emulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
