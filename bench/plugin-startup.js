#!/usr/bin/env node
// `npm run build && node bench/plugin-startup.js [--runs N] [--json]`: the native provider plugin's start-up time and
// memory per process beside the dynamic provider's (`pulumi-resource-pulumi-nodejs`), each started as the engine
// starts it: its launcher with the engine's address as argument, the port read from its stdout, then Handshake
// (the plugin; the dynamic provider does not implement it) and GetPluginInfo over gRPC.
//
// Start-up: process start to GetPluginInfo answered. RSS: the node process's resident memory (VmRSS) once it has
// answered, idle; for the plugin also after Configure and one Read against the bundled emulator (its CRUD and
// client loaded). Runs alternate between the two, N each (default 7); medians, min and max are printed.
// Exit codes: 0 measured, 1 could not run (no build, no Pulumi CLI).
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const PLUGIN_MAIN = path.join(root, "dist", "plugin", "main.js");

function parseArgs(argv) {
  const args = { runs: 7, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs" && argv[i + 1]) args.runs = Math.max(1, Number(argv[++i]) || 7);
    else if (argv[i] === "--json") args.json = true;
    else
      throw new Error(
        `unknown argument ${argv[i]} (usage: node bench/plugin-startup.js [--runs N] [--json])`,
      );
  }
  return args;
}

/** The directory holding `pulumi-resource-pulumi-nodejs` (the CLI's, as ensure-pulumi provides it). */
function pulumiDir() {
  const { ensurePulumiDir } = require("../scripts/lib/pulumi-project");
  return ensurePulumiDir();
}

/** The engine's log service, so both processes get a real engine address as their argument. */
async function startEngine(grpc, EngineService, Empty) {
  const server = new grpc.Server();
  server.addService(EngineService, { log: (_call, done) => done(null, new Empty()) });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

/** The pid of the node process serving: `pid` itself, or its node child when a shell launcher started it. */
function nodePidOf(pid) {
  const comm = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/comm`, "utf8").trim();
    } catch {
      return "";
    }
  };
  if (comm(pid) === "node") return pid;
  for (const name of fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && comm(name) === "node") return Number(name);
    } catch {
      // Gone meanwhile.
    }
  }
  return pid;
}

function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

async function measure(kind, launcher, engine, deps, org) {
  const { grpc, rpc, ResourceProviderClient, Struct } = deps;
  const started = process.hrtime.bigint();
  const child = spawn(launcher.command, [...launcher.args, engine.address], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d.toString()));
  try {
    const port = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.trim().split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`${kind} exited ${code}: ${stderr.trim().slice(0, 300)}`)));
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = (method, req) =>
      new Promise((resolve, reject) => client[method](req, (err, res) => (err ? reject(err) : resolve(res))));
    if (kind === "plugin")
      await call("handshake", new rpc.ProviderHandshakeRequest().setEngineAddress(engine.address));
    const info = await call(
      "getPluginInfo",
      new (require("google-protobuf/google/protobuf/empty_pb").Empty)(),
    );
    const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
    const pid = nodePidOf(child.pid);
    const idleRss = rssBytes(pid);
    let afterReadRss = null;
    if (kind === "plugin" && org) {
      await call(
        "configure",
        new rpc.ConfigureRequest().setArgs(
          Struct.fromJavaScript({ orgUrl: org.url, apiToken: org.apiToken }),
        ),
      );
      const app = org.apps.find((a) => a.name === "zscalerbyz").id;
      await call(
        "read",
        new rpc.ReadRequest()
          .setId(app)
          .setUrn("urn:pulumi:bench::bench::okta-provisioning:index:ProvisioningConnection::z"),
      );
      afterReadRss = rssBytes(pid);
    }
    client.close();
    return { startupMs, idleRss, afterReadRss, version: info.getVersion() };
  } finally {
    // The node process first: once its launcher (a shell, for the dynamic provider) is gone it is no longer the
    // launcher's child, would not be found, and would keep this script's pipes open after the last run.
    const node = child.pid ? nodePidOf(child.pid) : undefined;
    for (const pid of new Set([node, child.pid]))
      if (pid)
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
    child.stdout.destroy();
    child.stderr.destroy();
  }
}

function stats(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(PLUGIN_MAIN)) throw new Error("dist/plugin is missing: run `npm run build` first");
  const grpc = require("@grpc/grpc-js");
  const rpc = require("@pulumi/pulumi/proto/provider_pb");
  const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
  const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  const { startEmulator } = require(path.join(root, "dist", "emulator"));
  const deps = { grpc, rpc, ResourceProviderClient, Struct };

  const launchers = {
    // As node_modules/.bin links it: node runs dist/plugin/main.js (its shebang).
    plugin: { command: process.execPath, args: [PLUGIN_MAIN] },
    // The CLI's dynamic-provider launcher, a shell script that resolves and runs @pulumi/pulumi's dynamic provider.
    dynamic: { command: path.join(pulumiDir(), "pulumi-resource-pulumi-nodejs"), args: [] },
  };
  const engine = await startEngine(grpc, EngineService, Empty);
  const emulator = await startEmulator({ orgs: 1, rateLimit: false });
  const results = { plugin: [], dynamic: [] };
  try {
    for (let i = 0; i < args.runs; i++) {
      for (const kind of i % 2 ? ["dynamic", "plugin"] : ["plugin", "dynamic"]) {
        results[kind].push(await measure(kind, launchers[kind], engine, deps, emulator.orgs[0]));
      }
    }
  } finally {
    engine.close();
    await emulator.close();
  }

  const mb = (b) => (b === null || b === undefined ? null : Math.round((b / 1048576) * 10) / 10);
  const summary = Object.fromEntries(
    Object.entries(results).map(([kind, runs]) => [
      kind,
      {
        runs: runs.length,
        startupMs: stats(runs.map((r) => r.startupMs)),
        idleRssMiB: stats(runs.map((r) => mb(r.idleRss))),
        afterReadRssMiB: kind === "plugin" ? stats(runs.map((r) => mb(r.afterReadRss))) : null,
      },
    ]),
  );
  if (args.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const cell = (s, unit) =>
    s
      ? `${Math.round(s.median * 10) / 10} ${unit} (${Math.round(s.min * 10) / 10}–${Math.round(s.max * 10) / 10})`
      : "—";
  console.log(`Provider process start-up and memory, ${args.runs} runs each (median, min–max):`);
  console.log("| process | start to GetPluginInfo answered | RSS idle | RSS after Configure + 1 Read |");
  console.log("|---|---|---|---|");
  console.log(
    `| pulumi-resource-okta-provisioning (native plugin) | ${cell(summary.plugin.startupMs, "ms")} | ${cell(summary.plugin.idleRssMiB, "MiB")} | ${cell(summary.plugin.afterReadRssMiB, "MiB")} |`,
  );
  console.log(
    `| pulumi-resource-pulumi-nodejs (dynamic provider) | ${cell(summary.dynamic.startupMs, "ms")} | ${cell(summary.dynamic.idleRssMiB, "MiB")} | — |`,
  );
}

main().catch((err) => {
  console.error(`plugin-startup: ${err.message}`);
  process.exit(1);
});
