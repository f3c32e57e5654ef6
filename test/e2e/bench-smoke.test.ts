import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiBinDir, REPO_ROOT } from "./harness/engine";

// A smoke run of `npm run bench --quick`: the benchmark still runs end to end on the real CLI and reports every
// figure. The figures themselves are not asserted — timings on a shared machine belong in the printed table.
jest.setTimeout(300_000);

function runBench(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, "bench", "bench.js"), "--quick", "--out", out],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}` },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d.toString()));
    child.stderr.on("data", (d) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);

describe("npm run bench -- --quick", () => {
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("runs on the real CLI, prints the table and writes every figure to the results file", async () => {
    const out = path.join(tmp, "results.json");
    const { code, output } = await runBench(out);
    if (code !== 0) throw new Error(`bench --quick exited ${code}:\n${output.slice(-2000)}`);
    for (const heading of [
      "1. Okta API calls per operation",
      "2. ",
      "3. Engine overhead",
      "4. __provider",
      "5. Peak memory",
      "6. Growth",
      "targets",
    ]) {
      expect(output).toContain(heading);
    }

    const results = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(results.mode).toBe("quick");

    // 1. calls per operation, each next to its minimum
    expect(results.operations.map((o: { operation: string }) => o.operation)).toEqual(
      expect.arrayContaining([
        "create a token connection",
        "create a token connection with activation",
        "create a feature",
        "update a feature",
        "read/refresh a connection",
        "read/refresh a feature",
        "preview, no change",
        "delete a connection",
        "delete a feature",
        "no-op pulumi up",
      ]),
    );
    for (const o of results.operations)
      expect([o.operation, isNumber(o.calls), isNumber(o.minimum)]).toEqual([o.operation, true, true]);

    // 2. the stack at the rate limit: every command with wall, calls, 429s and failures
    for (const phase of ["up", "preview", "refresh", "destroy"]) {
      const x = results.scale[phase];
      expect([
        phase,
        isNumber(x.wallMs),
        isNumber(x.calls),
        isNumber(x.rateLimitedShare),
        isNumber(x.failed),
      ]).toEqual([phase, true, true, true, true]);
    }
    for (const phase of ["up", "refresh", "destroy"]) {
      expect([phase, results.scale[phase].calls > 0, isNumber(results.scale[phase].ratioToFloor)]).toEqual([
        phase,
        true,
        true,
      ]);
    }

    // 3. engine overhead, 4. state, 5. memory, 6. growth
    const eo = results.engine.engineOverhead;
    for (const ratio of [eo.ratio, eo.withoutCheckpoints.ratio, eo.trivialWithProviderOfOurSize.ratio])
      expect(isNumber(ratio)).toBe(true);
    const st = results.scale.state;
    expect([st.providerBytesMax, st.providerBytesMean, st.stateFileBytes].every(isNumber)).toBe(true);
    expect([results.scale.memory.provider, results.scale.memory.program].every(isNumber)).toBe(true);
    expect(results.engine.growth.length).toBeGreaterThanOrEqual(2);
    for (const g of [...results.engine.growth, ...results.engine.growthWithoutCheckpoints]) {
      expect([g.resources, g.wallMs, g.calls].every(isNumber)).toBe(true);
    }
    expect(Object.values(results.targets).every((v) => typeof v === "boolean")).toBe(true);

    // The native plugin beside the dynamic resources (issue 20)
    expect(output).toContain("7. Native plugin beside the dynamic resources");
    const p = results.plugin;
    for (const stack of [p.dynamic, p.plugin])
      expect(
        [
          stack.upMs,
          stack.previewMs,
          stack.stateBytesPerResource,
          stack.upMemory.provider ?? stack.upMemory.plugin,
        ].every(isNumber),
      ).toBe(true);
    expect(isNumber(p.trivial.upMs) && isNumber(p.ratios.upToTrivial) && isNumber(p.ratios.stateBytes)).toBe(
      true,
    );
    expect(p.operations.map((o: { operation: string }) => o.operation)).toEqual(
      results.operations.map((o: { operation: string }) => o.operation),
    );
  });
});

describe("node bench/plugin-startup.js", () => {
  it("measures both provider processes, prints its figures and exits, leaving no provider running", async () => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, "bench", "plugin-startup.js"), "--runs", "1", "--json"],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}` },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d.toString()));
    child.stderr.on("data", (d) => (stderr += d.toString()));
    // A provider left running keeps the script's pipes open, so it never ends: give it ample time, then say so.
    const ended = await new Promise<number | null | "still running">((resolve) => {
      const timer = setTimeout(() => resolve("still running"), 180_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    if (ended === "still running") child.kill("SIGKILL");
    expect({ ended, stderr: ended === 0 ? "" : stderr.slice(-1000) }).toEqual({ ended: 0, stderr: "" });
    const figures = JSON.parse(stdout);
    for (const kind of ["plugin", "dynamic"]) {
      expect(figures[kind].runs).toBe(1);
      expect(isNumber(figures[kind].startupMs.median)).toBe(true);
      expect(isNumber(figures[kind].idleRssMiB.median)).toBe(true);
    }
  });
});
