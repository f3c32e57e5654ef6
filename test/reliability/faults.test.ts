/**
 * Part 1, faults: a 100-resource stack deployed while the emulator injects about 20% faults of every kind, then an
 * update under 100% faults, then recovery. Which calls are retried, and why that is safe: see docs/reliability.md.
 */
import { orgVersusProgram, stateVersusOrg, fleetProject, startFleet, type Fleet } from "./harness/fleet";
import { reportFigure } from "./harness/figures";
import type { PulumiProject } from "../e2e/harness/project";

jest.setTimeout(600_000);

const APPS = 50; // 50 connections + 50 features
// ~20% of requests faulted: 5xx, dropped connections, applied-then-reset writes, 429 bursts of 2, and latency.
const MIXED = "5xx=0.05,drop=0.04,reset-after=0.04,429=0.03x2,latency=150ms@0.05,seed=14";
const OUTAGE = "5xx=0.5,drop=1";

const WRITE_OPERATIONS = [
  "updateDefaultProvisioningConnectionForApplication",
  "activateDefaultProvisioningConnectionForApplication",
  "updateFeatureForApplication",
];

describe("faults: a 100-resource stack under injected faults", () => {
  let fleet: Fleet;
  let project: PulumiProject;
  const figure: Record<string, string | number> = {};

  beforeAll(async () => {
    fleet = await startFleet(APPS);
    project = await fleetProject(fleet);
  });

  afterAll(async () => {
    reportFigure(
      "faults",
      `${figure.faulted ?? "?"}/${figure.requests ?? "?"} requests faulted in a 100-resource up, ` +
        `${figure.failed ?? "?"} failed operations, ${figure.repeatedWrites ?? "?"} writes repeated (all idempotent), ` +
        `org = program: ${figure.converged ?? "?"}; 100% faults: failed in ${figure.outageSeconds ?? "?"} s, ` +
        `then converged: ${figure.recovered ?? "?"}`,
    );
    project?.cleanup();
    await fleet?.emulator.close();
  });

  it("deploys 100 resources under ~20% faults with no failed operation, and the org equals the program", async () => {
    const { emulator, org } = fleet;
    emulator.setFaults(org.name, MIXED);
    emulator.resetCounters(org.name);
    const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
    const log = emulator.requestLog(org.name);
    const counters = emulator.counters(org.name);
    emulator.setFaults(org.name, undefined);

    const byFault: Record<string, number> = {};
    for (const entry of log) if (entry.fault) byFault[entry.fault] = (byFault[entry.fault] ?? 0) + 1;
    figure.requests = log.length;
    figure.faulted = log.filter((e) => e.fault).length;
    figure.failed = (up.stdout.match(/\*\*failed\*\*|failed$/gm) ?? []).length;
    // Each app needs exactly one connection POST (create and activate in one call) and one feature PUT.
    const served = WRITE_OPERATIONS.map((op) => counters.operations[op] ?? 0);
    figure.repeatedWrites = served.reduce((a, b) => a + b, 0) - 2 * APPS;
    process.stderr.write(
      `faults: up exited ${up.code} in ${(up.ms / 1000).toFixed(1)} s; ${log.length} requests, by fault ` +
        `${JSON.stringify(byFault)}; writes served ${JSON.stringify(Object.fromEntries(WRITE_OPERATIONS.map((op, i) => [op, served[i]])))}\n`,
    );

    expect(up.stderr + up.stdout).not.toMatch(/error:/);
    expect(up.code).toBe(0);
    // Every kind of fault really happened during the deployment.
    for (const kind of ["drop", "reset-after", "429"]) expect(byFault[kind] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(byFault).filter((k) => /^5\d\d$/.test(k)).length).toBeGreaterThan(0);
    expect(figure.faulted / log.length).toBeGreaterThan(0.12);
    // No lifecycle activate was needed: a repeated write is only ever the same POST or PUT again.
    expect(counters.operations.activateDefaultProvisioningConnectionForApplication ?? 0).toBe(0);

    const problems = await orgVersusProgram(fleet);
    expect(problems).toEqual([]);
    expect(await stateVersusOrg(project, fleet)).toEqual([]);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    figure.converged = problems.length === 0 ? "yes" : "no";
  });

  it("fails an update under 100% faults within a bounded time, with a clear error, and a later run converges", async () => {
    const { emulator, org } = fleet;
    await project.setConfig("okta-provisioning-fleet:profilePush", "DISABLED");
    emulator.setFaults(org.name, OUTAGE);
    // The bound: the client gives up after 7 attempts per call (at most 11.2 s of backoff), whatever the stack size.
    const outage = await project.pulumi(["up", "--yes", "--skip-preview"], { timeoutMs: 180_000 });
    emulator.setFaults(org.name, undefined);
    figure.outageSeconds = (outage.ms / 1000).toFixed(1);
    const output = outage.stdout + outage.stderr;
    process.stderr.write(`faults: up under 100% faults exited ${outage.code} in ${figure.outageSeconds} s\n`);

    expect(outage.code).not.toBe(0);
    expect(outage.code).not.toBeNull(); // ended by itself, not by the harness's timeout
    expect(output).toMatch(
      /ProvisioningFeature USER_PROVISIONING of app 0oa\w{17}: (Okta was unavailable to update the USER_PROVISIONING feature of app 0oa\w{17}|Could not reach) .* after 7 attempts/,
    );
    expect(output).toMatch(/re-run/);
    expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace

    await project.up();
    const problems = await orgVersusProgram(fleet, "DISABLED");
    expect(problems).toEqual([]);
    expect(await stateVersusOrg(project, fleet)).toEqual([]);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    figure.recovered = problems.length === 0 ? "yes" : "no";
  });
});
