import { runWaves, type ScheduledWave } from "../../../cli/rollout";

interface Call {
  stack: string;
  start: number;
  end: number;
}

/** A fake stack runner: each stack takes `ms[stack]` (default 10 ms) and fails when listed in `failing`. */
function fakeRunner(failing: string[] = [], ms: Record<string, number> = {}) {
  const calls: Call[] = [];
  let clock = 0;
  let running = 0;
  let peak = 0;
  const run = async (_wave: ScheduledWave, stack: string) => {
    const call = { stack, start: clock++, end: -1 };
    calls.push(call);
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, ms[stack] ?? 10));
    running--;
    call.end = clock++;
    return { stack, failed: failing.includes(stack) };
  };
  return { run, calls, peak: () => peak };
}

const wave = (name: string, stacks: string[], parallel = 1, failureTolerance = 0): ScheduledWave => ({
  name,
  stacks,
  parallel,
  failureTolerance,
});

const started = (result: Awaited<ReturnType<typeof runWaves>>) =>
  result.waves.map((w) => w.stacks.filter((s) => s.started).map((s) => s.stack));

describe("wave scheduling", () => {
  it("runs waves in order and stacks in the order listed, one at a time by default", async () => {
    const fake = fakeRunner();
    const result = await runWaves(
      [wave("canary", ["a"]), wave("rest", ["b", "c", "d"])],
      fake.run,
      (o) => o.failed,
    );
    expect(fake.calls.map((c) => c.stack)).toEqual(["a", "b", "c", "d"]);
    expect(fake.peak()).toBe(1);
    expect(result.halted).toBe(false);
    expect(started(result)).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("runs up to `parallel` stacks of a wave at once and never starts the next wave early", async () => {
    const fake = fakeRunner([], { b: 30, c: 30, d: 30 });
    await runWaves([wave("canary", ["a"]), wave("rest", ["b", "c", "d", "e"], 3)], fake.run, (o) => o.failed);
    expect(fake.peak()).toBe(3);
    const a = fake.calls.find((c) => c.stack === "a") as Call;
    expect(fake.calls.filter((c) => c.stack !== "a").every((c) => c.start > a.end)).toBe(true);
  });

  it("halts when a wave has more failures than it tolerates: later stacks and waves are not started", async () => {
    const fake = fakeRunner(["emea-1"]);
    const result = await runWaves(
      [wave("canary", ["preview"]), wave("emea", ["emea-1", "emea-2"]), wave("rest", ["us-1"])],
      fake.run,
      (o) => o.failed,
    );
    expect(result.halted).toBe(true);
    expect(started(result)).toEqual([["preview"], ["emea-1"], []]);
    expect(result.waves[2]?.stacks).toEqual([{ stack: "us-1", started: false }]);
  });

  it("lets running stacks finish after the halt, but starts none", async () => {
    // emea-1 fails fast while emea-2 is still running; emea-3 must not start.
    const fake = fakeRunner(["emea-1"], { "emea-1": 5, "emea-2": 50 });
    const result = await runWaves(
      [wave("emea", ["emea-1", "emea-2", "emea-3"], 2)],
      fake.run,
      (o) => o.failed,
    );
    expect(result.halted).toBe(true);
    expect(started(result)).toEqual([["emea-1", "emea-2"]]);
    expect(fake.calls.find((c) => c.stack === "emea-2")?.end).toBeGreaterThan(0);
  });

  it("carries on while failures stay within the wave's tolerance", async () => {
    const fake = fakeRunner(["b"]);
    const result = await runWaves(
      [wave("w1", ["a", "b", "c"], 1, 1), wave("w2", ["d"])],
      fake.run,
      (o) => o.failed,
    );
    expect(result.halted).toBe(false);
    expect(started(result)).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("counts tolerance per wave", async () => {
    const fake = fakeRunner(["a", "d"]);
    const result = await runWaves(
      [wave("w1", ["a", "b"], 1, 1), wave("w2", ["c", "d", "e"], 1, 0)],
      fake.run,
      (o) => o.failed,
    );
    expect(result.halted).toBe(true);
    expect(started(result)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("starts no stack once the signal is aborted, and says it was cancelled", async () => {
    const controller = new AbortController();
    const fake = fakeRunner();
    const run = async (w: ScheduledWave, stack: string) => {
      if (stack === "b") controller.abort();
      return fake.run(w, stack);
    };
    const result = await runWaves([wave("w1", ["a", "b", "c"]), wave("w2", ["d"])], run, (o) => o.failed, {
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect(started(result)).toEqual([["a", "b"], []]);
  });

  it("never runs two stacks of the same org at once, and lets a stack of another org go first", async () => {
    const fake = fakeRunner([], { a: 30 });
    const org: Record<string, string> = { a: "org-1", b: "org-1", c: "org-2" };
    await runWaves([wave("w", ["a", "b", "c"], 3)], fake.run, (o) => o.failed, { keyOf: (s) => org[s] });
    const [a, b, c] = ["a", "b", "c"].map((s) => fake.calls.find((x) => x.stack === s) as Call);
    expect(b?.start).toBeGreaterThan(a?.end as number);
    expect(c?.start).toBeLessThan(a?.end as number);
  });

  it("reports each wave's start, end and the halt", async () => {
    const seen: string[] = [];
    await runWaves([wave("w1", ["a"]), wave("w2", ["b"])], fakeRunner(["a"]).run, (o) => o.failed, {
      onWaveStart: (w) => seen.push(`start ${w.name}`),
      onWaveDone: (w, failed) => seen.push(`done ${w.name} ${failed}`),
      onHalt: (w) => seen.push(`halt ${w.name}`),
    });
    expect(seen).toEqual(["start w1", "halt w1", "done w1 1"]);
  });
});
