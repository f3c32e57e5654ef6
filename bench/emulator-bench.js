#!/usr/bin/env node
/**
 * Emulator benchmark: requests per second served over keep-alive HTTP, and resident memory with 10 orgs.
 * Run after a build: `npm run build && node bench/emulator-bench.js [seconds] [concurrency]`.
 * Plain CommonJS on purpose: dist/ does not include bench/, and no TypeScript runner is installed.
 */
"use strict";
const http = require("node:http");
const { startEmulator } = require("../dist/emulator");

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const ORGS = 10;

function get(agent, url, token) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { Authorization: `SSWS ${token}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
  });
}

async function main() {
  const rssBefore = process.memoryUsage().rss;
  const emulator = await startEmulator({ orgs: ORGS, rateLimit: false });
  const rssStarted = process.memoryUsage().rss;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  // A realistic mix: the connection and feature reads a `pulumi refresh` makes, spread over every org.
  const targets = emulator.orgs.flatMap((org) => {
    const app = org.apps.find((a) => a.name === "zscalerbyz");
    return [
      [`${org.url}/api/v1/apps/${app.id}/connections/default`, org.apiToken],
      [`${org.url}/api/v1/apps/${app.id}`, org.apiToken],
      [`${org.url}/api/v1/apps?limit=5`, org.apiToken],
    ];
  });
  let served = 0;
  let failed = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; Date.now() < until; i += CONCURRENCY) {
        const [url, token] = targets[i % targets.length];
        const status = await get(agent, url, token);
        if (status === 200) served++;
        else failed++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const rssAfter = process.memoryUsage().rss;
  agent.destroy();
  await emulator.close();
  const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
  console.log(
    JSON.stringify({
      orgs: ORGS,
      concurrency: CONCURRENCY,
      seconds: Math.round(elapsed * 10) / 10,
      requests: served + failed,
      failed,
      requestsPerSecond: Math.round(served / elapsed),
      rssMbBeforeStart: mb(rssBefore),
      rssMbWith10Orgs: mb(rssStarted),
      rssMbAfterLoad: mb(rssAfter),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
