// The printed table and the targets of issue 13, judged on the measured figures.
const { round } = require("./scenarios");

const MIB = 1024 * 1024;
const s = (ms) => (ms === null || ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);
const mib = (bytes) => (bytes === null || bytes === undefined ? "-" : `${(bytes / MIB).toFixed(0)} MiB`);
const kib = (bytes) => (bytes === null || bytes === undefined ? "-" : `${(bytes / 1024).toFixed(0)} KiB`);
const pct = (share) => `${(share * 100).toFixed(2)} %`;

/** Marginal cost between consecutive sizes: linear growth keeps it flat. */
function marginals(growth) {
  const out = [];
  for (let i = 1; i < growth.length; i++) {
    const a = growth[i - 1];
    const b = growth[i];
    out.push({
      from: a.resources,
      to: b.resources,
      msPerResource: round((b.wallMs - a.wallMs) / (b.resources - a.resources), 1),
      callsPerResource: round((b.calls - a.calls) / (b.resources - a.resources), 3),
    });
  }
  return out;
}

/**
 * Linear: each resource costs the same calls at every size, and the marginal time does not climb by more than
 * half from the smaller sizes to the larger ones (noise on a shared machine is easily 20 %).
 */
function isLinear(m) {
  const first = m[0];
  const last = m[m.length - 1];
  return (
    m.every((x) => x.callsPerResource === 1) &&
    (!first || !last || last.msPerResource <= 1.5 * Math.max(first.msPerResource, 1))
  );
}

function targets(results) {
  const { operations, scale, engine } = results;
  return {
    callsAtMinimum: operations.every((o) => o.calls === o.minimum),
    upWithin115PercentOfFloor: scale.up.ratioToFloor !== null && scale.up.ratioToFloor <= 1.15,
    upNoFailedOperations: scale.up.failed === 0,
    upAtMostOnePercent429: scale.up.rateLimitedShare <= 0.01,
    providerAtMost16KiB: scale.state.providerBytesMax !== null && scale.state.providerBytesMax <= 16 * 1024,
    engineOverheadAtMost1_2: engine.engineOverhead.ratio <= 1.2,
    linearGrowth: isLinear(engine.marginals),
  };
}

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

function render(results) {
  const { operations, scale, engine, machine } = results;
  const out = [];
  out.push(`okta-provisioning benchmark (${results.mode}) — ${results.finishedAt}`);
  out.push(
    `machine: ${machine.cpus} cores, load average ${machine.loadBefore.join(" ")} before / ${machine.loadAfter.join(" ")} after, node ${machine.node}, pulumi ${machine.pulumi}`,
  );
  out.push("", "1. Okta API calls per operation");
  out.push(
    table([["operation", "calls", "minimum"], ...operations.map((o) => [o.operation, o.calls, o.minimum])]),
  );
  out.push(
    "",
    `2. ${scale.resources} resources (${scale.apps} apps × token connection + USER_PROVISIONING feature), apps bucket ${scale.rateLimit.apps}/${scale.rateLimit.windowMs / 1000} s, this token ${scale.rateLimit.tokenPerMinute}/min`,
  );
  const phases = ["up", "preview", "refresh", "destroy"];
  out.push(
    table([
      ["command", "wall", "calls", "floor", "wall ÷ floor", "429s", "429 share", "failed"],
      ...phases.map((p) => {
        const x = scale[p];
        return [
          p,
          s(x.wallMs),
          x.calls,
          x.calls ? s(x.floorMs) : "-",
          x.ratioToFloor ?? "-",
          x.rateLimited,
          pct(x.rateLimitedShare),
          x.failed ?? "?",
        ];
      }),
    ]),
  );
  const eo = engine.engineOverhead;
  const wo = eo.withoutCheckpoints;
  const ss = eo.trivialWithProviderOfOurSize;
  out.push(
    "",
    `3. Engine overhead, limits off: up of ${eo.resources} okta resources ÷ up of ${eo.resources} trivial dynamic resources`,
  );
  out.push(
    table([
      ["comparison", "okta up", "trivial up", "ratio", "__provider okta/trivial", "state file okta/trivial"],
      ...[
        ["as users run it", eo],
        ["PULUMI_SKIP_CHECKPOINTS=true", wo],
        ["trivial provider padded to our size", ss],
      ].map(([name, x]) => [
        name,
        s(x.oktaUpMs),
        s(x.trivialUpMs),
        `${x.ratio}×`,
        `${x.oktaProviderBytes} / ${x.trivialProviderBytes} B`,
        `${kib(x.oktaStateFileBytes)} / ${kib(x.trivialStateFileBytes)}`,
      ]),
    ]),
  );
  out.push(
    "",
    `4. __provider per resource: largest ${scale.state.providerBytesMax} B, mean ${scale.state.providerBytesMean} B; state file ${(scale.state.stateFileBytes / 1024).toFixed(0)} KiB for ${scale.state.resources} resources`,
  );
  out.push(
    "",
    `5. Peak memory during the ${scale.resources}-resource up (RSS high-water mark): dynamic provider ${mib(scale.memory.provider)}, program ${mib(scale.memory.program)}, pulumi engine ${mib(scale.memory.engine)}`,
  );
  out.push("", "6. Growth, limits off (up wall time; in parentheses with PULUMI_SKIP_CHECKPOINTS=true)");
  out.push(
    table([
      ["resources", "up wall", "calls", "ms/resource", "state file", "provider RSS", "program RSS"],
      ...engine.growth.map((g, i) => {
        const w = engine.growthWithoutCheckpoints[i];
        return [
          g.resources,
          `${s(g.wallMs)} (${s(w.wallMs)})`,
          g.calls,
          `${g.msPerResource} (${w.msPerResource})`,
          kib(g.stateFileBytes),
          mib(g.memory.provider),
          mib(g.memory.program),
        ];
      }),
    ]),
  );
  const marginal = (ms) =>
    ms.map((m) => `${m.from}→${m.to}: ${m.msPerResource} ms, ${m.callsPerResource} calls`).join("; ");
  out.push(`marginal cost per resource: ${marginal(engine.marginals)}`);
  out.push(`  with checkpoints skipped: ${marginal(engine.marginalsWithoutCheckpoints)}`);
  out.push(
    `  linear with checkpoints skipped (our code alone): ${isLinear(engine.marginalsWithoutCheckpoints) ? "yes" : "no"}`,
  );
  out.push("", "targets");
  for (const [name, ok] of Object.entries(results.targets))
    out.push(`  ${ok ? "met   " : "MISSED"}  ${name}`);
  out.push("", `total ${s(results.totalMs)}`);
  return out.join("\n");
}

module.exports = { marginals, targets, render, isLinear };
