#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --out FILE]`: the performance figures of issue 13 on the real Pulumi CLI against
// the bundled Okta emulator — API calls per operation, a large stack at the rate-limit floor, engine overhead,
// `__provider` bytes, peak memory and growth. Prints a table and writes the same figures to bench/results.json.
// --quick: small sizes and a short rate-limit window (a smoke run, about a minute and a half).
// Exit codes: 0 ran (targets met or not, they are figures), 1 the benchmark could not run.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { operationCalls, rateLimitedStack, engineCost } = require(
  path.join(root, "bench", "lib", "scenarios"),
);
const { marginals, targets, render } = require(path.join(root, "bench", "lib", "report"));
const { stopAll } = require(path.join(root, "bench", "lib", "project"));
const { pluginBench, renderPlugin } = require(path.join(root, "bench", "plugin-bench"));

const PLANS = {
  full: {
    scale: { apps: 300, limit: 600, windowMs: 60_000 },
    growth: [60, 200, 600],
    trivial: 600,
  },
  quick: {
    scale: { apps: 10, limit: 20, windowMs: 2_000 },
    growth: [10, 20],
    trivial: 20,
  },
};

function parseArgs(argv) {
  const args = { quick: false, out: path.join(root, "bench", "results.json") };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--quick") args.quick = true;
    else if (argv[i] === "--out" && argv[i + 1]) args.out = path.resolve(argv[++i]);
    else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log("usage: node scripts/bench.js [--quick] [--out FILE]   (after npm run build)");
      process.exit(0);
    } else
      throw new Error(`unknown argument ${argv[i]} (usage: node scripts/bench.js [--quick] [--out FILE])`);
  }
  return args;
}

function pulumiDir() {
  const out = execFileSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop();
}

const load = () => os.loadavg().map((n) => Number(n.toFixed(2)));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const distEmulator = path.join(root, "dist", "emulator", "index.js");
  if (!fs.existsSync(distEmulator))
    throw new Error("dist/ is missing: run `npm run build` first (npm run bench does)");
  const { startEmulator } = require(distEmulator);
  const plan = args.quick ? PLANS.quick : PLANS.full;
  const started = Date.now();
  const progress = (line) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const bin = pulumiDir();
  const pulumiVersion = execFileSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8" }).trim();
  const loadBefore = load();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-bench-"));
  const ctx = { tmp, pulumiDir: bin, startEmulator, progress };
  try {
    const operations = await operationCalls(ctx);
    const scale = await rateLimitedStack(ctx, plan.scale);
    const engine = await engineCost(ctx, { sizes: plan.growth, trivialSize: plan.trivial });
    engine.marginals = marginals(engine.growth);
    engine.marginalsWithoutCheckpoints = marginals(engine.growthWithoutCheckpoints);
    const plugin = await pluginBench(ctx, { resources: plan.trivial }, { operations, scale, engine });
    const results = {
      mode: args.quick ? "quick" : "full",
      finishedAt: new Date().toISOString(),
      totalMs: Date.now() - started,
      machine: {
        cpus: os.cpus().length,
        loadBefore,
        loadAfter: load(),
        node: process.version,
        pulumi: pulumiVersion,
        memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
      },
      operations,
      scale,
      engine,
      plugin,
    };
    results.targets = targets(results);
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, JSON.stringify(results, null, 2) + "\n");
    console.log(
      `\n${render(results)}\n\n${renderPlugin(plugin)}\nfigures written to ${path.relative(process.cwd(), args.out) || args.out}`,
    );
  } finally {
    stopAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.on("SIGINT", () => {
  stopAll();
  process.exit(130);
});

main().catch((err) => {
  stopAll();
  console.error(`bench failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
