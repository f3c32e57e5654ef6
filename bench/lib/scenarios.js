// The benchmark's measurements, one function per figure of issue 13. Each takes the shared context
// ({ tmp, pulumiDir, startEmulator, progress }) and answers plain data for results.json.
const { BenchProject } = require("./project");

const CONNECTION_PATH = /^\/api\/v1\/apps\/([^/]+)\/connections\/default/;
const FEATURE_PATH = /^\/api\/v1\/apps\/([^/]+)\/features\/([A-Z_]+)/;

/** Okta API requests the emulator answered (429s included, they are requests too). */
function requestsOf(counters) {
  return counters.reads + counters.writes + counters.rateLimited + counters.faults;
}

/** Calls that did something (what Okta's limit counts and the minimum is about): served reads and writes. */
function callsOf(counters) {
  return counters.reads + counters.writes;
}

function addApps(emulator, org, count) {
  return Array.from({ length: count }, (_, i) =>
    emulator.addApp(org.name, { name: "zscalerbyz", label: `Bench Zscaler ${i + 1}` }),
  );
}

function customResources(state) {
  return (state.deployment.resources || []).filter(
    (r) => r.custom && r.type.startsWith("pulumi-nodejs:dynamic"),
  );
}

/** Calls per resource of a command, keyed "connection <appId>" / "feature <appId>/<NAME>", from the request log. */
function callsByResource(entries) {
  const by = {};
  for (const e of entries) {
    if (e.status === 429 || e.status === 0) continue;
    const path = e.path.split("?")[0];
    const f = FEATURE_PATH.exec(path);
    const c = !f && CONNECTION_PATH.exec(path);
    const key = f ? `feature ${f[1]}/${f[2]}` : c ? `connection ${c[1]}` : `other ${e.operation}`;
    by[key] = (by[key] || 0) + 1;
  }
  return by;
}

/** Figure 1: API calls per operation, each next to its minimum (`Project`: another door's program, the plugin's). */
async function operationCalls({ tmp, pulumiDir, startEmulator, progress, Project = BenchProject }) {
  const emulator = await startEmulator({ orgs: 1, rateLimit: false });
  try {
    const org = emulator.orgs[0];
    const [plain, activated] = addApps(emulator, org, 2);
    const project = new Project(tmp, "operations", pulumiDir);
    await project.init(org, emulator);
    const declare = (capabilities) =>
      project.declare({
        kind: "okta",
        apps: [
          { id: plain.id, enabled: false, feature: false },
          { id: activated.id, enabled: true, capabilities },
        ],
      });
    const measure = async (what, command) => {
      progress(`operations: ${what}`);
      const logged = emulator.requestLog(org.name).length;
      const before = emulator.counters(org.name);
      const result = await command();
      if (result.code !== 0)
        throw new Error(`pulumi failed during "${what}":\n${result.output.slice(-2000)}`);
      const after = emulator.counters(org.name);
      return {
        total: callsOf(after) - callsOf(before),
        by: callsByResource(emulator.requestLog(org.name).slice(logged)),
      };
    };
    const conn = (id) => `connection ${id}`;
    const feat = `feature ${activated.id}/USER_PROVISIONING`;

    declare(undefined);
    const create = await measure("up (create)", () => project.up());
    const noChangePreview = await measure("preview, no change", () => project.preview());
    const noopUp = await measure("up, no change", () => project.up());
    declare({
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "ENABLED" } },
    });
    const diffPreview = await measure("preview of a feature update", () => project.preview());
    const update = await measure("up (feature update)", () => project.up());
    const refresh = await measure("refresh", () => project.refresh());
    const destroy = await measure("destroy", () => project.destroy());

    const row = (operation, calls, minimum) => ({ operation, calls: calls ?? 0, minimum });
    return [
      row("create a token connection", create.by[conn(plain.id)], 1),
      row("create a token connection with activation", create.by[conn(activated.id)], 1),
      row("create a feature", create.by[feat], 1),
      row("update a feature", update.total, 1),
      row(
        "read/refresh a connection",
        Math.max(refresh.by[conn(plain.id)] ?? 0, refresh.by[conn(activated.id)] ?? 0),
        1,
      ),
      row("read/refresh a feature", refresh.by[feat], 1),
      row("preview, no change", noChangePreview.total, 0),
      row("preview/diff of a feature update", diffPreview.total, 0),
      row(
        "delete a connection",
        Math.max(destroy.by[conn(plain.id)] ?? 0, destroy.by[conn(activated.id)] ?? 0),
        1,
      ),
      row("delete a feature", destroy.by[feat], 1),
      row("no-op pulumi up", noopUp.total, 0),
    ];
  } finally {
    await emulator.close();
  }
}

/**
 * Figures 2, 4 and 5: a stack of `apps` × (token connection + USER_PROVISIONING feature) against an apps bucket
 * of `limit` per window, the token allowed `perTokenShare` of it: up, preview, refresh, destroy.
 */
async function rateLimitedStack({ tmp, pulumiDir, startEmulator, progress }, { apps, limit, windowMs }) {
  const perTokenShare = 0.5;
  const tokenLimit = Math.floor(limit * perTokenShare);
  const emulator = await startEmulator({ orgs: 1, rateLimit: false });
  try {
    const org = emulator.orgs[0];
    const created = addApps(emulator, org, apps);
    const project = new BenchProject(tmp, "at-the-limit", pulumiDir);
    await project.init(org, emulator);
    project.declare({ kind: "okta", apps: created.map((a) => ({ id: a.id })) });
    emulator.setRateLimit(org.name, { apps: limit, perTokenShare, windowMs });
    const resources = apps * 2;

    const phase = async (name, command, remainingAfter) => {
      progress(`${resources} resources at ${tokenLimit} calls per ${windowMs / 1000} s: ${name}`);
      emulator.resetCounters(org.name);
      const result = await command();
      const counters = emulator.counters(org.name);
      const calls = callsOf(counters);
      const requests = requestsOf(counters);
      const floorMs = (calls / tokenLimit) * windowMs;
      let failed = result.code === 0 ? 0 : null;
      if (remainingAfter !== undefined) {
        const present = customResources(await project.exportState()).length;
        failed = Math.abs(remainingAfter - present);
      } else if (result.code !== 0) {
        failed = (result.output.match(/^\s*error:/gm) || []).length || 1;
      }
      return {
        wallMs: Math.round(result.ms),
        calls,
        floorMs: Math.round(floorMs),
        ratioToFloor: calls > 0 ? round(result.ms / floorMs, 3) : null,
        rateLimited: counters.rateLimited,
        rateLimitedShare: requests > 0 ? round(counters.rateLimited / requests, 4) : 0,
        failed,
        exitCode: result.code,
        memory: result.memory,
      };
    };

    const up = await phase("up", () => project.up(), resources);
    const preview = await phase("preview", () => project.preview());
    progress("state: stack export");
    const state = await project.exportState();
    const sizes = customResources(state).map((r) =>
      Buffer.byteLength(String(r.outputs?.__provider ?? ""), "utf8"),
    );
    const stateFile = {
      stateFileBytes: project.stateFileBytes(),
      resources: sizes.length,
      providerBytesMax: sizes.length ? Math.max(...sizes) : null,
      providerBytesMean: sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : null,
    };
    const refresh = await phase("refresh", () => project.refresh());
    const destroy = await phase("destroy", () => project.destroy(), 0);
    return {
      resources,
      apps,
      rateLimit: {
        apps: limit,
        perTokenShare,
        windowMs,
        tokenPerMinute: Math.round((tokenLimit * 60_000) / windowMs),
      },
      up,
      preview,
      refresh,
      destroy,
      state: stateFile,
      memory: up.memory,
    };
  } finally {
    await emulator.close();
  }
}

/**
 * Figures 3 and 6: `up` of okta stacks with limits off at each size, and of trivial dynamic resources. Pulumi
 * rewrites the whole state file after every step, so its cost grows with resources × state per resource; the
 * same runs with PULUMI_SKIP_CHECKPOINTS=true, and a trivial resource whose serialized provider is padded to the
 * size of ours, tell that cost apart from the cost of our code.
 */
async function engineCost({ tmp, pulumiDir, startEmulator, progress }, { sizes, trivialSize }) {
  const emulator = await startEmulator({ orgs: 1, rateLimit: false });
  let runs = 0;
  try {
    const org = emulator.orgs[0];
    const upOf = async (kind, resources, { skipCheckpoints = false, providerPadding = 0 } = {}) => {
      const how = [skipCheckpoints && "checkpoints skipped", providerPadding && "provider padded"].filter(
        Boolean,
      );
      progress(`limits off: up of ${resources} ${kind} resources${how.length ? ` (${how.join(", ")})` : ""}`);
      const project = new BenchProject(
        tmp,
        `${kind}-${resources}-${++runs}`,
        pulumiDir,
        skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
      );
      await project.init(org, emulator);
      const apps = addApps(emulator, org, resources / 2);
      project.declare({ kind, apps: apps.map((a) => ({ id: a.id })), providerPadding });
      emulator.resetCounters(org.name);
      const result = await project.up();
      if (result.code !== 0)
        throw new Error(`up of ${resources} ${kind} resources failed:\n${result.output.slice(-2000)}`);
      const calls = callsOf(emulator.counters(org.name));
      const state = customResources(await project.exportState());
      const providerBytes = state.length
        ? Buffer.byteLength(String(state[0].outputs?.__provider ?? ""))
        : null;
      return {
        resources,
        wallMs: Math.round(result.ms),
        calls,
        msPerResource: round(result.ms / resources, 1),
        providerBytes,
        stateFileBytes: project.stateFileBytes(),
        memory: result.memory,
      };
    };
    const growth = [];
    for (const size of sizes) growth.push(await upOf("okta", size));
    const growthWithoutCheckpoints = [];
    for (const size of sizes)
      growthWithoutCheckpoints.push(await upOf("okta", size, { skipCheckpoints: true }));
    const trivial = await upOf("trivial", trivialSize);
    const trivialWithoutCheckpoints = await upOf("trivial", trivialSize, { skipCheckpoints: true });
    const okta = growth.find((g) => g.resources === trivialSize);
    const oktaWithoutCheckpoints = growthWithoutCheckpoints.find((g) => g.resources === trivialSize);
    // Pad the trivial provider's text by the difference, so both stacks write state of about the same size.
    const padding = Math.max(0, okta.providerBytes - trivial.providerBytes - 16);
    const trivialSameSize = await upOf("trivial", trivialSize, { providerPadding: padding });
    const ratioOf = (a, b) => ({
      oktaUpMs: a.wallMs,
      trivialUpMs: b.wallMs,
      ratio: round(a.wallMs / b.wallMs, 3),
      oktaProviderBytes: a.providerBytes,
      trivialProviderBytes: b.providerBytes,
      oktaStateFileBytes: a.stateFileBytes,
      trivialStateFileBytes: b.stateFileBytes,
    });
    return {
      growth,
      growthWithoutCheckpoints,
      engineOverhead: {
        resources: trivialSize,
        ...ratioOf(okta, trivial),
        trivialMemory: trivial.memory,
        withoutCheckpoints: ratioOf(oktaWithoutCheckpoints, trivialWithoutCheckpoints),
        trivialWithProviderOfOurSize: ratioOf(okta, trivialSameSize),
      },
    };
  } finally {
    await emulator.close();
  }
}

function round(n, digits) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

module.exports = { operationCalls, rateLimitedStack, engineCost, round };
