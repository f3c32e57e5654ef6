import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { Command } from "commander";
import { reviewCommand } from "../../../cli/review/command";

const CI = path.join(__dirname, "..", "..", "..", "examples", "ci");

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  environment?: string;
  env?: Record<string, string>;
  steps: Step[];
  strategy?: { matrix?: Record<string, unknown> & { include?: Array<Record<string, string>> } };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
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
    expect(job.strategy?.matrix?.include?.map((m) => m.stack)).toEqual(["dev", "prod"]);
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

  // GitHub's "Security hardening for GitHub Actions", as the examples apply it.
  describe.each(["pull-request-review.yml", "drift-alert.yml"])("%s runs with least privilege", (file) => {
    const wf = workflow(file);
    const text = fs.readFileSync(path.join(CI, file), "utf8");
    const job = Object.values(wf.jobs)[0];

    it("grants nothing by default and the job only what it needs", () => {
      expect(wf.permissions).toEqual({});
      expect(job.permissions).toEqual(
        file === "pull-request-review.yml"
          ? { contents: "read", "pull-requests": "write" }
          : { contents: "read" },
      );
    });

    it("pins every action to a full commit, and the checkout keeps no token", () => {
      const uses = job.steps.filter((s) => s.uses).map((s) => s.uses as string);
      expect(uses.length).toBeGreaterThan(0);
      for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
      expect(checkout?.with?.["persist-credentials"]).toBe(false);
    });

    it("gives secrets only to the step that runs pulumi: not the job, not npm ci, not the report or the comment", () => {
      expect(JSON.stringify(job.env ?? {})).not.toContain("secrets.");
      const withSecrets = job.steps.filter((s) => JSON.stringify(s).includes("secrets."));
      expect(withSecrets).toHaveLength(1);
      expect(withSecrets[0].run).toMatch(/pulumi preview|okta-provisioning review --stack/);
      expect(job.steps.find((s) => s.run?.trim() === "npm ci")?.env).toBeUndefined();
      // No expression is pasted into a script, where a value could become code: values reach scripts as variables.
      for (const s of job.steps) expect(s.run ?? "").not.toContain("${{");
      expect(text).not.toMatch(/pull_request_target/);
    });

    it("keeps production's secrets in a protected environment", () => {
      const prod = job.strategy?.matrix?.include?.find((m) => m.stack === "prod");
      expect(prod?.environment).toMatch(/^production/);
      expect(job.environment).toBe("${{ matrix.environment }}");
    });
  });

  it("reviews only pull requests from this repository: a fork gets no secrets and a read-only token", () => {
    const job = Object.values(workflow("pull-request-review.yml").jobs)[0];
    expect(job.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("edits only the comment of its own bot, never one someone else posted with the marker", () => {
    const job = Object.values(workflow("pull-request-review.yml").jobs)[0];
    const script = String(job.steps.find((s) => s.uses?.startsWith("actions/github-script"))?.with?.script);
    expect(script).toMatch(/c\.user\?\.login === "github-actions\[bot\]"/);
  });
});
