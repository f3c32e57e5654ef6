#!/usr/bin/env node
// The rollout's benchmark (issue 12), on the real Pulumi CLI against the bundled emulator: 12 orgs, one stack each,
// 4 resources per stack (two token connections and their provisioning features), rolled out from scratch with
// parallel 1 and then parallel 4 (each run on fresh orgs and stacks). Prints each run's wall time, their ratio, and
// peak memory: of the rollout process alone and of it with every pulumi process it ran (sampled RSS of the tree).
// Not part of CI: run it after `npm run build`:
//   node bench/rollout-bench.js [--orgs 12] [--parallel 4]
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { startEmulator } = require(path.join(root, "dist", "emulator"));
const { rollout, exitCodeOf } = require(path.join(root, "dist", "cli", "rollout"));

function args(argv) {
  const out = { orgs: 12, parallel: 4 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--orgs") out.orgs = Number(argv[++i]);
    else if (argv[i] === "--parallel") out.parallel = Number(argv[++i]);
    else
      throw new Error(
        `unknown argument ${argv[i]} (usage: node bench/rollout-bench.js [--orgs N] [--parallel N])`,
      );
  }
  return out;
}

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");
const config = new pulumi.Config();
const token = config.requireSecret("scimToken");
for (const [app, appName] of [["zscaler", "zscalerbyz"], ["org2org", "okta_org2org"]]) {
  const connection = new ProvisioningConnection(app, {
    appId: config.require(app + "AppId"), appName, authScheme: "TOKEN", token,
    baseUrl: app === "zscaler" ? "https://scim.example.test/scim" : undefined,
  });
  new ProvisioningFeature(app + "-push", {
    connection, name: "USER_PROVISIONING",
    capabilities: { create: { lifecycleCreate: { status: "ENABLED" } }, update: { profile: { status: "ENABLED" } } },
  });
}
`;

/** A project in a temp dir whose node_modules links this repository's, and the package itself. */
function makeProject(tmp, pulumiDir) {
  const dir = path.join(tmp, "program");
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(tmp, "backend"));
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: rollout-bench\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "rollout-bench", private: true }));
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(root, "node_modules")))
    if (!entry.startsWith("."))
      fs.symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry));
  fs.symlinkSync(root, path.join(modules, "pulumi-okta-provisioning"));
  const env = {
    PATH: `${pulumiDir}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(tmp, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "rollout-bench-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  return { dir, env };
}

/** RSS in bytes of this process and all its descendants, read from /proc (Linux). */
function treeRss() {
  const parent = new Map();
  const rss = new Map();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      parent.set(pid, /PPid:\s+(\d+)/.exec(status)?.[1]);
      rss.set(pid, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // The process ended while we looked.
    }
  }
  const self = String(process.pid);
  let total = 0;
  for (const pid of rss.keys()) {
    for (let p = pid; p; p = parent.get(p))
      if (p === self) {
        total += rss.get(pid);
        break;
      }
  }
  return total;
}

async function run(n, parallel, pulumiDir) {
  const emulator = await startEmulator({ orgs: n, rateLimit: false });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `rollout-bench-p${parallel}-`));
  try {
    const project = makeProject(tmp, pulumiDir);
    const pulumi = (argv) =>
      execFileSync("pulumi", [...argv, "--non-interactive"], {
        cwd: project.dir,
        env: { ...process.env, ...project.env },
        stdio: ["ignore", "ignore", "inherit"],
      });
    const stacks = emulator.orgs.map((org, i) => {
      const stack = `org-${String(i + 1).padStart(2, "0")}`;
      const app = (name) => org.apps.find((a) => a.name === name).id;
      pulumi(["stack", "init", stack]);
      pulumi([
        "config",
        "set-all",
        "--stack",
        stack,
        "--plaintext",
        `okta-provisioning:orgUrl=${org.url}`,
        "--secret",
        `okta:apiToken=${org.apiToken}`,
        "--plaintext",
        `zscalerAppId=${app("zscalerbyz")}`,
        "--plaintext",
        `org2orgAppId=${app("okta_org2org")}`,
        "--secret",
        "scimToken=bench-scim-token",
      ]);
      return stack;
    });
    let peakTree = 0;
    const sampler = setInterval(() => (peakTree = Math.max(peakTree, treeRss())), 200);
    const started = Date.now();
    const summary = await rollout(
      { program: project.dir, waves: [{ name: "all", stacks }] },
      { parallel, env: project.env, pulumiDir, logDir: path.join(tmp, "logs") },
    );
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const results = summary.waves.flatMap((w) => w.stacks.map((s) => s.result));
    if (exitCodeOf(summary) !== 0)
      throw new Error(
        `parallel ${parallel}: not every stack updated: ${results.join(", ")}: ` +
          summary.waves.flatMap((w) => w.stacks).find((s) => s.error)?.error,
      );
    const writes = emulator.counters().writes;
    return { seconds, peakTree, writes };
  } finally {
    await emulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const opts = args(process.argv.slice(2));
  const pulumiDir = execFileSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop();
  const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(`rollout bench: ${opts.orgs} orgs x 4 resources, ${os.cpus().length} CPUs`);
  const one = await run(opts.orgs, 1, pulumiDir);
  console.log(
    `parallel 1: ${one.seconds.toFixed(1)} s, peak RSS of rollout + pulumi processes ${mb(one.peakTree)}, ${one.writes} writes`,
  );
  const many = await run(opts.orgs, opts.parallel, pulumiDir);
  console.log(
    `parallel ${opts.parallel}: ${many.seconds.toFixed(1)} s, peak RSS of rollout + pulumi processes ${mb(many.peakTree)}, ${many.writes} writes`,
  );
  console.log(
    `wall-time ratio parallel ${opts.parallel} / parallel 1: ${(many.seconds / one.seconds).toFixed(2)}`,
  );
  console.log(
    `peak RSS of the rollout process itself (both runs): ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

main().catch((err) => {
  console.error(`rollout bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
