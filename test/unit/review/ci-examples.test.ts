import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { Command } from "commander";
import { reviewCommand } from "../../../cli/review/command";

const CI = path.join(__dirname, "..", "..", "..", "examples", "ci");

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[]; strategy?: { matrix?: Record<string, unknown> } }>;
}

function workflow(file: string): Workflow {
  return parse(fs.readFileSync(path.join(CI, file), "utf8")) as Workflow;
}

/** Every `okta-provisioning …` invocation in a workflow's run scripts. */
function invocations(wf: Workflow): string[][] {
  return Object.values(wf.jobs)
    .flatMap((job) => job.steps)
    .flatMap((step) => (step.run ?? "").split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("npx okta-provisioning "))
    .map((line) => line.replace(/^npx /, "").match(/"[^"]*"|\S+/g) ?? []);
}

/** Parses an invocation with the real command's options; throws on an unknown option or bad choice. */
function parses(argv: string[]): Record<string, unknown> {
  expect(argv.slice(0, 2)).toEqual(["okta-provisioning", "review"]);
  const review = reviewCommand()
    .exitOverride()
    .action(() => undefined);
  const args = argv.slice(1).map((a) => a.replace(/^"|"$/g, ""));
  new Command("okta-provisioning").exitOverride().addCommand(review).parse(args, { from: "user" });
  return review.opts();
}

describe("the CI examples", () => {
  it("the pull-request workflow reviews each stack of a matrix and keeps one comment per project and stack", () => {
    const wf = workflow("pull-request-review.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const job = Object.values(wf.jobs)[0];
    expect(job.strategy?.matrix?.stack).toEqual(expect.any(Array));
    const calls = invocations(wf);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) parses(call);
    expect(calls.some((c) => c.includes("--format") && c.includes("json"))).toBe(true);
    const script = job.steps.find((s) => s.uses?.startsWith("actions/github-script"))?.with?.script ?? "";
    expect(script).toMatch(
      /okta-provisioning-review: \$\{process\.env\.PROJECT_DIR\}\/\$\{process\.env\.STACK\}/,
    );
    expect(script).toContain("updateComment");
    expect(job.steps.some((s) => s.uses?.startsWith("actions/upload-artifact"))).toBe(true);
  });

  it("the scheduled job fails on drift", () => {
    const wf = workflow("drift-alert.yml");
    expect(wf.on).toHaveProperty("schedule");
    const calls = invocations(wf);
    expect(calls).toHaveLength(1);
    expect(parses(calls[0])).toMatchObject({ failOn: "drift" });
  });
});
