#!/usr/bin/env node
// The review's benchmark (issue 11), on the real Pulumi CLI against the bundled emulator: a 200-resource stack
// (100 token connections, each with its USER_PROVISIONING feature). Prints the Okta API calls one review makes
// (goal: one read per resource, nothing else) and the review's wall time as a ratio to `pulumi preview --refresh`
// alone on the same stack (goal ≤ 1.25; medians of alternating runs). Not part of CI: run it after `npm run build`:
//   node bench/review-bench.js [--apps 100] [--runs 3]
const { execFile } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { promisify } = require("node:util");
const { PulumiProject, ensurePulumiDir, stopAll } = require("../scripts/lib/pulumi-project");

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, "..");

function args(argv) {
  const out = { apps: 100, runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--apps") out.apps = Number(argv[++i]);
    else if (argv[i] === "--runs") out.runs = Number(argv[++i]);
    else
      throw new Error(
        `unknown argument ${argv[i]} (usage: node bench/review-bench.js [--apps N] [--runs N])`,
      );
  }
  return out;
}

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");
const apps = require("./apps.json");
// The emulated Zscaler tenant (the emulator verifies its token, as Okta does).
const config = new pulumi.Config();
const token = config.requireSecret("zscalerToken");
const baseUrl = config.require("zscalerBaseUrl");
apps.forEach((appId, i) => {
  const connection = new ProvisioningConnection("conn-" + i, {
    appId, appName: "zscalerbyz", authScheme: "TOKEN", token, baseUrl,
  });
  new ProvisioningFeature("feature-" + i, {
    connection, name: "USER_PROVISIONING",
    capabilities: { create: { lifecycleCreate: { status: "ENABLED" } }, update: { profile: { status: "ENABLED" } } },
  });
});
`;

/** The review command, timed: a process of ours that runs pulumi itself, with the project's environment. */
async function timed(argv, project) {
  const started = process.hrtime.bigint();
  const { stdout } = await execFileAsync(process.execPath, argv, {
    cwd: project.dir,
    env: project.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const opts = args(process.argv.slice(2));
  const distEmulator = path.join(root, "dist", "emulator", "index.js");
  const reviewEntry = path.join(root, "dist", "cli", "review", "command.js");
  if (!fs.existsSync(distEmulator) || !fs.existsSync(reviewEntry))
    throw new Error("dist/ is missing or old: run `npm run build` first");
  const { startEmulator } = require(distEmulator);
  const pulumiDir = ensurePulumiDir();
  const log = (line) => console.error(`[review-bench] ${line}`);
  let project;
  // No rate limit: the figures are the review's own cost, not Okta's pacing.
  const emulator = await startEmulator({ orgs: 1, rateLimit: false });
  try {
    const org = emulator.orgs[0];
    const appIds = Array.from(
      { length: opts.apps },
      (_, i) => emulator.addApp(org.name, { name: "zscalerbyz", label: `Zscaler ${i}` }).id,
    );
    project = await PulumiProject.setUp({
      pulumiDir,
      rootPrefix: "okta-provisioning-review-bench-",
      stack: "bench",
      passphrase: "review-bench-passphrase",
      files: {
        "index.js": PROGRAM,
        "apps.json": JSON.stringify(appIds),
        "Pulumi.yaml":
          "name: review-bench\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
        "package.json": JSON.stringify({ name: "review-bench", private: true }),
      },
      config: {
        "okta-provisioning:orgUrl": org.url,
        "review-bench:zscalerBaseUrl": emulator.zscalerTenants[0].baseUrl,
      },
      secrets: {
        "okta:apiToken": org.apiToken,
        "review-bench:zscalerToken": emulator.zscalerTenants[0].token,
      },
    });
    const pulumi = (argv) => project.pulumiOk(argv);
    log(`deploying ${opts.apps * 2} resources…`);
    await pulumi(["up", "--yes", "--skip-preview"]);
    const review = () => timed([reviewEntry, "review", "--stack", "bench", "--format", "json"], project);

    const before = emulator.counters();
    const first = await review();
    const after = emulator.counters();
    const report = JSON.parse(first.stdout);
    const calls = {
      reads: after.reads - before.reads,
      writes: after.writes - before.writes,
      operations: Object.fromEntries(
        Object.entries(after.operations)
          .map(([op, n]) => [op, n - (before.operations[op] || 0)])
          .filter(([, n]) => n > 0),
      ),
    };

    const preview = [];
    const reviews = [];
    for (let i = 0; i < opts.runs; i++) {
      preview.push((await pulumi(["preview", "--refresh", "--json"])).ms);
      reviews.push((await review()).ms);
      log(
        `run ${i + 1}/${opts.runs}: preview --refresh ${(preview[i] / 1000).toFixed(1)} s, review ${(reviews[i] / 1000).toFixed(1)} s`,
      );
    }
    const ratio = median(reviews) / median(preview);
    const resources = opts.apps * 2;
    console.log(
      `review benchmark: ${resources} resources (${opts.apps} connections + ${opts.apps} features), ${os.cpus().length} CPUs`,
    );
    console.log(
      `  API calls of one review: ${calls.reads} reads (${(calls.reads / resources).toFixed(2)} per resource), ${calls.writes} writes ${JSON.stringify(calls.operations)}`,
    );
    console.log(
      `  findings: ${report.summary.drifted} drifted, ${report.changes.length} changes, ${report.summary.unchanged} unchanged`,
    );
    console.log(
      `  pulumi preview --refresh --json: median ${(median(preview) / 1000).toFixed(2)} s  [${preview.map((m) => (m / 1000).toFixed(2)).join(", ")}]`,
    );
    console.log(
      `  okta-provisioning review:        median ${(median(reviews) / 1000).toFixed(2)} s  [${reviews.map((m) => (m / 1000).toFixed(2)).join(", ")}]`,
    );
    console.log(`  ratio review / preview: ${ratio.toFixed(3)} (goal ≤ 1.25)`);
    log("destroying…");
    await pulumi(["destroy", "--yes", "--skip-preview"]);
  } finally {
    stopAll();
    await emulator.close();
    project?.cleanup();
  }
}

main().catch((err) => {
  console.error(`review-bench failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
