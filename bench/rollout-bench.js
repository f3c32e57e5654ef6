#!/usr/bin/env node
// The rollout's benchmark (issue 12), on the real Pulumi CLI against the bundled emulator: 12 orgs, one stack each,
// 4 resources per stack (two token connections and their provisioning features), rolled out from scratch with
// parallel 1 and then parallel 4 (each run on fresh orgs and stacks). Prints each run's wall time, their ratio, and
// peak memory: of the rollout process alone and of it with every pulumi process it ran (sampled RSS of the tree).
// Not part of CI: run it after `npm run build`:
//   node bench/rollout-bench.js [--orgs 12] [--parallel 4]
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { PulumiProject, ensurePulumiDir } = require("../scripts/lib/pulumi-project");

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
// What the emulator verifies, as Okta does: the Zscaler tenant's token and SCIM URL, the Org2Org target's (the
// org itself) API token and URL.
for (const [app, appName] of [["zscaler", "zscalerbyz"], ["org2org", "okta_org2org"]]) {
  const connection = new ProvisioningConnection(app, {
    appId: config.require(app + "AppId"), appName, authScheme: "TOKEN",
    token: config.requireSecret(app + "Token"), baseUrl: config.require(app + "BaseUrl"),
  });
  new ProvisioningFeature(app + "-push", {
    connection, name: "USER_PROVISIONING",
    capabilities: { create: { lifecycleCreate: { status: "ENABLED" } }, update: { profile: { status: "ENABLED" } } },
  });
}
`;

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
  // One program, a stack per org: the stacks are made here, not by the harness's single-stack init.
  const project = new PulumiProject({
    pulumiDir,
    rootPrefix: `rollout-bench-p${parallel}-`,
    passphrase: "rollout-bench-passphrase",
    files: {
      "index.js": PROGRAM,
      "Pulumi.yaml": "name: rollout-bench\nruntime: nodejs\nmain: index.js\n",
      "package.json": JSON.stringify({ name: "rollout-bench", private: true }),
    },
  });
  try {
    const pulumi = (argv) => project.pulumiOk(argv);
    const stacks = [];
    for (const [i, org] of emulator.orgs.entries()) {
      const stack = `org-${String(i + 1).padStart(2, "0")}`;
      const app = (name) => org.apps.find((a) => a.name === name).id;
      await pulumi(["stack", "init", stack]);
      await pulumi([
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
        "--plaintext",
        `zscalerBaseUrl=${emulator.zscalerTenants[0].baseUrl}`,
        "--secret",
        `zscalerToken=${emulator.zscalerTenants[0].token}`,
        "--plaintext",
        `org2orgBaseUrl=${org.url}`,
        "--secret",
        `org2orgToken=${org.apiToken}`,
      ]);
      stacks.push(stack);
    }
    let peakTree = 0;
    const sampler = setInterval(() => (peakTree = Math.max(peakTree, treeRss())), 200);
    const started = Date.now();
    const summary = await rollout(
      { program: project.dir, waves: [{ name: "all", stacks }] },
      { parallel, env: project.env, pulumiDir, logDir: path.join(project.root, "logs") },
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
    project.cleanup();
  }
}

async function main() {
  const opts = args(process.argv.slice(2));
  const pulumiDir = ensurePulumiDir();
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
