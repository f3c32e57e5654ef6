// The native plugin's figures of issue 20, side by side with the dynamic resources in the same run of
// `npm run bench`: state bytes per resource, `up` of N plugin resources against N trivial dynamic ones (limits
// off), no-op preview time, calls per operation and the plugin process's peak memory.
//
// The plugin runs from this repository's dist/ through a launcher on PATH, as `node_modules/.bin` gives users; the
// program is bench/plugin-program (the same stack as bench/program, the same Node.js language host).
const fs = require("node:fs");
const path = require("node:path");
const { BenchProject } = require("./lib/project");
const { operationCalls, round } = require("./lib/scenarios");

const root = path.resolve(__dirname, "..");
const LAUNCHER = "pulumi-resource-okta-provisioning";

/** A bench project whose program declares the plugin's resources and whose PATH has the plugin's launcher. */
class PluginProject extends BenchProject {
  constructor(tmp, name, pulumiDir) {
    super(tmp, name, pulumiDir);
    fs.copyFileSync(path.join(root, "bench", "plugin-program", "index.js"), path.join(this.dir, "index.js"));
    this.env.PATH = `${launcherDir(tmp)}${path.delimiter}${this.env.PATH}`;
  }

  async init(org) {
    await this.run(["stack", "init", this.name]);
    await this.run([
      "config",
      "set-all",
      "--plaintext",
      `okta-provisioning:orgUrl=${org.url}`,
      "--secret",
      `okta-provisioning:apiToken=${org.apiToken}`,
    ]);
  }
}

function launcherDir(tmp) {
  const dir = path.join(tmp, "plugin-bin");
  const file = path.join(dir, LAUNCHER);
  if (!fs.existsSync(file)) {
    const main = path.join(root, "dist", "plugin", "main.js");
    if (!fs.existsSync(main)) throw new Error("dist/plugin is missing: run `npm run build` first");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\nexec node ${JSON.stringify(main)} "$@"\n`, { mode: 0o755 });
  }
  return dir;
}

const isPlugin = (r) => r.custom && r.type.startsWith("okta-provisioning:index:");
const isDynamic = (r) => r.custom && r.type.startsWith("pulumi-nodejs:dynamic");

/** Mean bytes of one resource in `pulumi stack export` (inputs, outputs, dependencies: what the state keeps). */
function stateBytesPerResource(state, matches) {
  const resources = (state.deployment.resources || []).filter(matches);
  if (!resources.length) return null;
  const total = resources.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r), "utf8"), 0);
  return Math.round(total / resources.length);
}

function addApps(emulator, org, count) {
  return Array.from({ length: count }, (_, i) =>
    emulator.addApp(org.name, { name: "zscalerbyz", label: `Bench plugin Zscaler ${i + 1}` }),
  );
}

/** `up` (limits off), no-op `preview` and the state of one stack of `resources` resources. */
async function stackFigures(ctx, emulator, org, { Project, kind, name, resources, matches }) {
  const project = new Project(ctx.tmp, name, ctx.pulumiDir);
  await project.init(org);
  project.declare({ kind, apps: addApps(emulator, org, resources / 2).map((a) => ({ id: a.id })) });
  ctx.progress(`plugin side by side: up of ${resources} ${name} resources`);
  emulator.resetCounters(org.name);
  const up = await project.up();
  if (up.code !== 0)
    throw new Error(`up of ${resources} ${name} resources failed:\n${up.output.slice(-2000)}`);
  const upCalls = emulator.counters(org.name);
  const out = { upMs: Math.round(up.ms), upCalls: upCalls.reads + upCalls.writes, upMemory: up.memory };
  if (!matches) return out;
  ctx.progress(`plugin side by side: no-op preview of ${resources} ${name} resources`);
  emulator.resetCounters(org.name);
  const preview = await project.preview();
  if (preview.code !== 0) throw new Error(`preview of ${name} failed:\n${preview.output.slice(-2000)}`);
  const previewCalls = emulator.counters(org.name);
  return {
    ...out,
    previewMs: Math.round(preview.ms),
    previewCalls: previewCalls.reads + previewCalls.writes,
    previewMemory: preview.memory,
    stateBytesPerResource: stateBytesPerResource(await project.exportState(), matches),
    stateFileBytes: project.stateFileBytes(),
  };
}

/**
 * @param ctx the bench context ({ tmp, pulumiDir, startEmulator, progress })
 * @param {{ resources: number }} plan
 * @param {{ operations?: Array<{ operation: string, calls: number, minimum: number }> }} dynamic the dynamic
 *   resources' figures of the same run, when measured
 */
async function pluginBench(ctx, { resources }, dynamic = {}) {
  const operations = await operationCalls({ ...ctx, Project: PluginProject });
  const emulator = await ctx.startEmulator({ orgs: 1, rateLimit: false });
  try {
    const org = emulator.orgs[0];
    const trivial = await stackFigures(ctx, emulator, org, {
      Project: BenchProject,
      kind: "trivial",
      name: "trivial-dynamic",
      resources,
    });
    const dynamicStack = await stackFigures(ctx, emulator, org, {
      Project: BenchProject,
      kind: "okta",
      name: "dynamic",
      resources,
      matches: isDynamic,
    });
    const plugin = await stackFigures(ctx, emulator, org, {
      Project: PluginProject,
      kind: "okta",
      name: "plugin",
      resources,
      matches: isPlugin,
    });
    const dynamicCalls = new Map((dynamic.operations || []).map((o) => [o.operation, o.calls]));
    const results = {
      resources,
      trivial: { upMs: trivial.upMs },
      dynamic: dynamicStack,
      plugin,
      ratios: {
        stateBytes: round(plugin.stateBytesPerResource / dynamicStack.stateBytesPerResource, 3),
        upToTrivial: round(plugin.upMs / trivial.upMs, 3),
        upToDynamic: round(plugin.upMs / dynamicStack.upMs, 3),
        previewToDynamic: round(plugin.previewMs / dynamicStack.previewMs, 3),
      },
      operations: operations.map((o) => ({ ...o, dynamicCalls: dynamicCalls.get(o.operation) ?? null })),
    };
    results.targets = {
      stateAtMost40PercentOfDynamic: results.ratios.stateBytes <= 0.4,
      upBelow1_2xTrivial: results.ratios.upToTrivial < 1.2,
      callsAtMinimum: results.operations.every((o) => o.calls === o.minimum),
      callsUnchanged: results.operations.every((o) => o.dynamicCalls === null || o.dynamicCalls === o.calls),
    };
    return results;
  } finally {
    await emulator.close();
  }
}

const MIB = 1024 * 1024;
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes) => (bytes === null || bytes === undefined ? "-" : `${(bytes / MIB).toFixed(0)} MiB`);
const pct = (r) => `${(r * 100).toFixed(0)} %`;
const met = (ok) => (ok ? "met" : "MISSED");

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => String(cell).padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The printed section of the bench report. */
function renderPlugin(p) {
  const { dynamic, plugin, ratios, targets } = p;
  const peak = (m, role) => mib(m && m[role]);
  const figures = table([
    ["", "dynamic", "plugin", "plugin/dynamic", "goal"],
    [
      "state bytes per resource",
      dynamic.stateBytesPerResource,
      plugin.stateBytesPerResource,
      pct(ratios.stateBytes),
      `<= 40 % (${met(targets.stateAtMost40PercentOfDynamic)})`,
    ],
    [
      "state file bytes",
      dynamic.stateFileBytes,
      plugin.stateFileBytes,
      pct(plugin.stateFileBytes / dynamic.stateFileBytes),
      "",
    ],
    [
      `up of ${p.resources}, limits off`,
      `${sec(dynamic.upMs)} (trivial ${sec(p.trivial.upMs)})`,
      sec(plugin.upMs),
      `${ratios.upToTrivial.toFixed(2)}x trivial`,
      `< 1.2x (${met(targets.upBelow1_2xTrivial)})`,
    ],
    [
      "no-op preview",
      sec(dynamic.previewMs),
      sec(plugin.previewMs),
      `${ratios.previewToDynamic.toFixed(2)}x`,
      "",
    ],
    ["calls of that preview", dynamic.previewCalls, plugin.previewCalls, "", "0"],
    [
      "peak RSS of the provider, up",
      peak(dynamic.upMemory, "provider"),
      peak(plugin.upMemory, "plugin"),
      "",
      "",
    ],
    [
      "peak RSS of the provider, preview",
      peak(dynamic.previewMemory, "provider"),
      peak(plugin.previewMemory, "plugin"),
      "",
      "",
    ],
  ]);
  const calls = table([
    ["operation", "dynamic", "plugin", "minimum"],
    ...p.operations.map((o) => [o.operation, o.dynamicCalls ?? "-", o.calls, o.minimum]),
  ]);
  return (
    `Native plugin beside the dynamic resources (${p.resources} resources, limits off)\n${figures}\n\n` +
    `API calls per operation, plugin (${met(targets.callsAtMinimum)} at the minimum; ` +
    `${targets.callsUnchanged ? "unchanged from" : "DIFFERENT from"} the dynamic resources)\n${calls}`
  );
}

module.exports = { pluginBench, renderPlugin, PluginProject };
