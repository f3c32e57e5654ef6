// The native plugin's figures of issue 20, side by side with the dynamic resources in the same run of
// `npm run bench`: state bytes per resource, `up` of N plugin resources against N trivial dynamic ones (limits
// off), no-op preview time, calls per operation and the plugin process's peak memory.
//
// The plugin runs from this repository's dist/ through a launcher on PATH, as `node_modules/.bin` gives users; the
// program is bench/plugin-program (the same stack as bench/program, the same Node.js language host).
const fs = require("node:fs");
const path = require("node:path");
const { BenchProject, zscalerConfig } = require("./lib/project");
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

  async init(org, emulator) {
    await this.run(["stack", "init", this.name]);
    const { plain, secret } = zscalerConfig(emulator);
    await this.run([
      "config",
      "set-all",
      "--plaintext",
      `okta-provisioning:orgUrl=${org.url}`,
      ...Object.entries(plain).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
      "--secret",
      `okta-provisioning:apiToken=${org.apiToken}`,
      ...Object.entries(secret).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
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

/** Mean bytes of one resource in `pulumi stack export` (inputs, outputs, dependencies: what the state keeps). */
function exportBytesPerResource(state) {
  const resources = (state.deployment.resources || []).filter(isPlugin);
  if (!resources.length) return null;
  const total = resources.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r), "utf8"), 0);
  return Math.round(total / resources.length);
}

function addApps(emulator, org, count) {
  return Array.from({ length: count }, (_, i) =>
    emulator.addApp(org.name, { name: "zscalerbyz", label: `Bench plugin Zscaler ${i + 1}` }),
  );
}

/** `up` (limits off), no-op `preview` and the state of a plugin stack of `resources` resources. */
async function pluginStack(ctx, emulator, org, resources) {
  const project = new PluginProject(ctx.tmp, "plugin", ctx.pulumiDir);
  await project.init(org, emulator);
  project.declare({ kind: "okta", apps: addApps(emulator, org, resources / 2).map((a) => ({ id: a.id })) });
  ctx.progress(`plugin: up of ${resources} resources, limits off`);
  emulator.resetCounters(org.name);
  const up = await project.up();
  if (up.code !== 0)
    throw new Error(`up of ${resources} plugin resources failed:\n${up.output.slice(-2000)}`);
  const upCalls = emulator.counters(org.name);
  ctx.progress(`plugin: no-op preview of ${resources} resources`);
  emulator.resetCounters(org.name);
  const preview = await project.preview();
  if (preview.code !== 0)
    throw new Error(`preview of the plugin stack failed:\n${preview.output.slice(-2000)}`);
  const previewCalls = emulator.counters(org.name);
  return {
    upMs: Math.round(up.ms),
    upCalls: upCalls.reads + upCalls.writes,
    upMemory: up.memory,
    previewMs: Math.round(preview.ms),
    previewCalls: previewCalls.reads + previewCalls.writes,
    previewMemory: preview.memory,
    stateFileBytes: project.stateFileBytes(),
    stateBytesPerResource: Math.round(project.stateFileBytes() / resources),
    exportBytesPerResource: exportBytesPerResource(await project.exportState()),
  };
}

/**
 * The plugin's figures, with the dynamic ones of the same run beside them: the dynamic stack of the same size from
 * the rate-limited stack (`scale`: its no-op preview) and the growth runs (`engine`: `up` with limits off, state),
 * the trivial dynamic resources from the engine-overhead run. Measuring only the plugin keeps `--quick` quick.
 * @param ctx the bench context ({ tmp, pulumiDir, startEmulator, progress })
 * @param {{ resources: number }} plan
 * @param {{ operations, scale, engine }} dynamic the dynamic resources' results of this run
 */
async function pluginBench(benchCtx, { resources }, { operations: dynamicOperations, scale, engine }) {
  // A directory of its own: the projects' names ("operations") are the dynamic figures' names too.
  const ctx = { ...benchCtx, tmp: path.join(benchCtx.tmp, "plugin") };
  fs.mkdirSync(ctx.tmp, { recursive: true });
  const operations = await operationCalls({ ...ctx, Project: PluginProject });
  const emulator = await ctx.startEmulator({ orgs: 1, rateLimit: false });
  let plugin;
  try {
    const org = emulator.orgs[0];
    plugin = await pluginStack(ctx, emulator, org, resources);
  } finally {
    await emulator.close();
  }
  const dynamicUp = engine.growth.find((g) => g.resources === resources);
  const trivial = engine.engineOverhead.resources === resources ? engine.engineOverhead : undefined;
  const dynamicPreview = scale.resources === resources ? scale.preview : undefined;
  const dynamic = {
    upMs: dynamicUp ? dynamicUp.wallMs : null,
    upMemory: dynamicUp ? dynamicUp.memory : null,
    stateFileBytes: dynamicUp ? dynamicUp.stateFileBytes : null,
    stateBytesPerResource: dynamicUp ? Math.round(dynamicUp.stateFileBytes / resources) : null,
    previewMs: dynamicPreview ? dynamicPreview.wallMs : null,
    previewCalls: dynamicPreview ? dynamicPreview.calls : null,
    previewMemory: dynamicPreview ? dynamicPreview.memory : null,
    providerBytesPerResource: scale.resources === resources ? scale.state.providerBytesMean : null,
  };
  const ratio = (a, b) => (a === null || b === null || !b ? null : round(a / b, 3));
  const calls = new Map(dynamicOperations.map((o) => [o.operation, o.calls]));
  const results = {
    resources,
    trivial: { upMs: trivial ? trivial.trivialUpMs : null },
    dynamic,
    plugin,
    ratios: {
      stateBytes: ratio(plugin.stateBytesPerResource, dynamic.stateBytesPerResource),
      upToTrivial: ratio(plugin.upMs, trivial ? trivial.trivialUpMs : null),
      upToDynamic: ratio(plugin.upMs, dynamic.upMs),
      previewToDynamic: ratio(plugin.previewMs, dynamic.previewMs),
    },
    operations: operations.map((o) => ({ ...o, dynamicCalls: calls.get(o.operation) ?? null })),
  };
  results.targets = {
    stateAtMost40PercentOfDynamic: results.ratios.stateBytes !== null && results.ratios.stateBytes <= 0.4,
    upBelow1_2xTrivial: results.ratios.upToTrivial !== null && results.ratios.upToTrivial < 1.2,
    callsAtMinimum: results.operations.every((o) => o.calls === o.minimum),
    callsUnchanged: results.operations.every((o) => o.dynamicCalls === o.calls),
  };
  return results;
}

const MIB = 1024 * 1024;
const none = (v) => v === null || v === undefined;
const sec = (ms) => (none(ms) ? "-" : `${(ms / 1000).toFixed(1)} s`);
const mib = (bytes) => (none(bytes) ? "-" : `${(bytes / MIB).toFixed(0)} MiB`);
const num = (v) => (none(v) ? "-" : String(v));
const times = (r) => (none(r) ? "-" : `${r.toFixed(2)}x`);
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
      num(dynamic.stateBytesPerResource),
      num(plugin.stateBytesPerResource),
      none(ratios.stateBytes) ? "-" : `${(ratios.stateBytes * 100).toFixed(0)} %`,
      `<= 40 % (${met(targets.stateAtMost40PercentOfDynamic)})`,
    ],
    ["  of it __provider", num(dynamic.providerBytesPerResource), "0", "", ""],
    [
      `up, limits off`,
      `${sec(dynamic.upMs)} (trivial ${sec(p.trivial.upMs)})`,
      sec(plugin.upMs),
      `${times(ratios.upToTrivial)} trivial`,
      `< 1.2x (${met(targets.upBelow1_2xTrivial)})`,
    ],
    ["no-op preview", sec(dynamic.previewMs), sec(plugin.previewMs), times(ratios.previewToDynamic), ""],
    ["  its API calls", num(dynamic.previewCalls), num(plugin.previewCalls), "", "0"],
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
    ...p.operations.map((o) => [o.operation, num(o.dynamicCalls), o.calls, o.minimum]),
  ]);
  return (
    `7. Native plugin beside the dynamic resources (${p.resources} resources each)\n${figures}\n\n` +
    `API calls per operation through the plugin: ${met(targets.callsAtMinimum)} at the minimum, ` +
    `${targets.callsUnchanged ? "unchanged from" : "DIFFERENT from"} the dynamic resources\n${calls}`
  );
}

module.exports = { pluginBench, renderPlugin, PluginProject };
