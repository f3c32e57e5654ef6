import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fleetView, runWaves, stackPreview, validatePlan, type RolloutSummary } from "../../../cli/rollout";
import { checkCiFlags, onlyStack } from "../../../cli/rollout/ci-command";
import { fleetFromResults, gateWave, readResults } from "../../../cli/rollout/ci-results";
import { CliError } from "../../../cli/errors";
import { fixture } from "../review/fixtures";

const plan = (failureTolerance?: number) =>
  validatePlan(
    {
      program: "./p",
      waves: [
        { name: "canary", stacks: ["c"] },
        {
          name: "emea",
          stacks: ["e1", "e2", "e3"],
          parallel: 3,
          ...(failureTolerance === undefined ? {} : { failureTolerance }),
        },
      ],
    },
    "/plans",
  );

/** The results a workflow's jobs leave, as download-artifact lays them out: one directory per artifact. */
function results(
  saved: Record<string, { result?: string; error?: string; fleet?: unknown } | "no result">,
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-results-"));
  for (const [stack, r] of Object.entries(saved)) {
    const artifact = path.join(dir, `rollout-${stack}`);
    fs.mkdirSync(artifact);
    fs.writeFileSync(path.join(artifact, "stack"), `${stack}\n`);
    if (r === "no result") continue;
    const summary: RolloutSummary = {
      halted: false,
      cancelled: false,
      mode: r.result === "previewed" ? "preview" : "rollout",
      logDir: "/runner/tmp/logs",
      waves: [
        {
          name: "emea",
          stacks: [
            {
              stack,
              result: (r.result ?? "updated") as "updated",
              changes: { create: 0, update: 1, replace: 0, delete: 0 },
              error: r.error ?? null,
              seconds: 4.2,
            },
          ],
        },
      ],
      ...(r.fleet ? { fleet: r.fleet as RolloutSummary["fleet"] } : {}),
    };
    fs.writeFileSync(path.join(artifact, "result.json"), JSON.stringify(summary));
  }
  return dir;
}

describe("the gate and fleet jobs of a generated workflow", () => {
  it("halts exactly when the local rollout halts, for every count of failures and tolerance", async () => {
    for (const tolerance of [undefined, 0, 1, 2, 3])
      for (let failures = 0; failures <= 3; failures++) {
        const failing = ["e1", "e2", "e3"].slice(0, failures);
        const local = await runWaves(
          [{ name: "emea", stacks: ["e1", "e2", "e3"], parallel: 3, failureTolerance: tolerance ?? 0 }],
          async (_w, stack) => failing.includes(stack),
          (failed) => failed,
        );
        const dir = results(
          Object.fromEntries(
            ["e1", "e2", "e3"].map((s) => [s, { result: failing.includes(s) ? "failed" : "updated" }]),
          ),
        );
        const verdict = gateWave(plan(tolerance), "emea", readResults(dir));
        expect({ tolerance, failures, halted: verdict.halted }).toEqual({
          tolerance,
          failures,
          halted: local.halted,
        });
        fs.rmSync(dir, { recursive: true });
      }
  });

  it("counts a stack whose job saved no result, or stopped before the rollout finished, as failed", () => {
    const dir = results({ e1: { result: "unchanged" }, e2: "no result" });
    const verdict = gateWave(plan(1), "emea", readResults(dir));
    expect(verdict.failed).toEqual(["e2", "e3"]);
    expect(verdict.halted).toBe(true);
    expect(verdict.lines).toContain(
      "e2  failed  -  -  its job stopped before `okta-provisioning rollout` finished (see the job's log)",
    );
    expect(verdict.lines).toContain("e3  failed  -  -  no result: its job did not run or saved nothing");
    expect(verdict.lines.at(-1)).toBe(
      'Rollout halted: wave "emea" has 2 failed stack(s), more than its failureTolerance of 1; the later waves do not start.',
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("writes the wave's results as a table no error text can break, and says the next wave may start", () => {
    const dir = results({
      c: { result: "failed", error: "Okta said | no\nsecond line" },
      e1: { result: "updated" },
    });
    const verdict = gateWave(plan(), "canary", readResults(dir));
    expect(verdict.markdown).toContain("| c | failed | 4.2s | 1 to update | Okta said \\| no second line |");
    expect(verdict.halted).toBe(true);
    const ok = gateWave(plan(3), "emea", readResults(dir));
    expect(ok.halted).toBe(false);
    expect(ok.lines.at(-1)).toBe(
      'Wave "emea": 2 failed stack(s) (e2, e3), within its failureTolerance of 3: the next wave may start.',
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("groups the previews the jobs saved one by one exactly as the local --preview groups them", () => {
    const previews = [
      stackPreview("c", fixture("changes")),
      stackPreview("e1", fixture("changes")),
      stackPreview("e2", fixture("clean")),
      stackPreview("e3", fixture("drift")),
    ];
    // What each job's `rollout --stack NAME --preview --json` saved: the fleet view of its one stack.
    const dir = results(
      Object.fromEntries(previews.map((p) => [p.stack, { result: "previewed", fleet: fleetView([p]) }])),
    );
    const report = fleetFromResults(plan(), readResults(dir));
    expect(report.view).toEqual(fleetView(previews));
    expect(report.markdown).toContain("## Fleet view");
    expect(report.markdown).toContain(report.lines.join("\n"));
    fs.rmSync(dir, { recursive: true });
  });

  it("lists a failed or missing preview apart, with why", () => {
    const dir = results({
      c: { result: "previewed", fleet: fleetView([stackPreview("c", fixture("clean"))]) },
      e1: { result: "failed", error: "401 E0000011" },
    });
    const report = fleetFromResults(plan(), readResults(dir));
    expect(report.view.failed).toEqual(["e1", "e2", "e3"]);
    expect(report.markdown).toContain("- e1: 401 E0000011");
    expect(report.markdown).toContain("- e2: no result: its job did not run or saved nothing");
    fs.rmSync(dir, { recursive: true });
  });

  it("fences the fleet view so no resource name can end the code block", () => {
    const p = stackPreview("c", fixture("changes"));
    const sneaky = { ...p, changes: p.changes.map((c) => ({ ...c, resource: "```\n# forged heading" })) };
    const dir = results({ c: { result: "previewed", fleet: fleetView([sneaky]) } });
    const { markdown } = fleetFromResults(plan(), readResults(dir));
    expect(markdown).toMatch(/^````text$/m);
    expect(markdown.match(/^````$/gm)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true });
  });

  it("runs one stack of the plan in its own wave for --stack, and refuses flags that do not go together", () => {
    expect(onlyStack(plan(1), "e2").waves).toEqual([
      { name: "emea", stacks: ["e2"], parallel: 1, failureTolerance: 1 },
    ]);
    const refused = (flags: Parameters<typeof checkCiFlags>[0]) => {
      try {
        checkCiFlags(flags);
      } catch (err) {
        expect(err).toBeInstanceOf(CliError);
        return (err as Error).message;
      }
      return "accepted";
    };
    expect(() => onlyStack(plan(), "nope")).toThrow(
      /--stack nope: the plan has no such stack \(it has c, e1, e2, e3\)/,
    );
    expect(refused({ plan: "p", emit: "gitlab" })).toBe("--emit gitlab: the only target is github-actions");
    expect(refused({ plan: "p", emit: "github-actions", check: true })).toMatch(/--check needs --out FILE/);
    expect(refused({ plan: "p", out: "x.yml" })).toBe("--out only go(es) with --emit");
    expect(refused({ plan: "p", gate: "emea" })).toMatch(/--gate needs --results DIR/);
    expect(refused({ plan: "p", emit: "github-actions", stack: "c" })).toMatch(
      /--stack only go\(es\) with a rollout/,
    );
    expect(refused({ plan: "p", gate: "emea", results: "r", stack: "c" })).toMatch(/--stack only go/);
    expect(refused({ plan: "p", summary: "s.md" })).toBe("--summary only go(es) with --gate or --fleet");
    expect(refused({ plan: "p", stack: "c", preview: true })).toBe("accepted");
    expect(refused({ plan: "p", fleet: true, results: "r", summary: "s.md" })).toBe("accepted");
  });
});
