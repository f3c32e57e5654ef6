#!/usr/bin/env node
// The adoption benchmark (issue 15): `okta-provisioning adopt` of an org with 200 apps in mixed states, against
// the bundled emulator. Prints the Okta API calls (by operation) and the wall time, first with rate limits off
// (the command's own cost), then under Okta's default limits (100 per window on the apps bucket, half of it per
// token) with a shortened window, and what that means at Okta's one-minute windows. Not part of CI:
//   npm run build && node bench/adopt-bench.js [--apps 200] [--window-ms 3000]
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { startEmulator } = require("../dist/emulator");
const { adopt } = require("../dist/cli/adopt");
const { createOktaClient } = require("../dist/provider/client");

function args(argv) {
  const out = { apps: 200, windowMs: 3000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--apps") out.apps = Number(argv[++i]);
    else if (argv[i] === "--window-ms") out.windowMs = Number(argv[++i]);
  }
  return out;
}

async function run(label, emulatorOptions, apps) {
  // The 7 apps every emulator org starts with, plus preset apps in mixed states up to `apps`.
  const emulator = await startEmulator({
    ...emulatorOptions,
    seed: { configuredApps: Math.max(0, apps - 7) },
  });
  const org = emulator.orgs[0];
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-bench-"));
  try {
    const orgConnection = { url: org.url, auth: { kind: "apiToken", token: org.apiToken } };
    const result = await adopt({
      outDir,
      force: true,
      config: { "okta-provisioning:orgUrl": org.url },
      env: { OKTA_API_TOKEN: org.apiToken },
      client: createOktaClient(orgConnection),
    });
    const counters = emulator.counters();
    const resources = result.scan.adopted.reduce((n, a) => n + 1 + a.features.length, 0);
    console.log(`\n${label}`);
    console.log(
      `  apps ${result.scan.scanned}: adopted ${result.scan.adopted.length} (${resources} resources), skipped ${result.scan.skipped.length}`,
    );
    console.log(
      `  API calls ${result.apiCalls} (${Object.entries(counters.operations)
        .map(([op, n]) => `${op} ${n}`)
        .join(", ")}), writes ${counters.writes}, 429s ${counters.rateLimited}`,
    );
    console.log(
      `  wall time ${(result.ms / 1000).toFixed(2)} s; index.ts ${fs.statSync(path.join(outDir, "index.ts")).size} bytes`,
    );
    return result;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
    await emulator.close();
  }
}

async function main() {
  const { apps, windowMs } = args(process.argv.slice(2));
  await run("rate limits off (the command's own cost)", { rateLimit: false }, apps);
  const limited = await run(
    `Okta's default limits (apps bucket 100, half per token) with ${windowMs} ms windows`,
    { rateLimit: { apps: 100, app: 500, perTokenShare: 0.5, windowMs } },
    apps,
  );
  const windows = limited.ms / windowMs;
  console.log(
    `  = ${windows.toFixed(1)} windows: at Okta's one-minute windows about ${windows.toFixed(1)} min ` +
      `(${limited.apiCalls} calls ÷ 50 per minute per token ≈ ${(limited.apiCalls / 50).toFixed(1)} min; a window opens with its first request)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
