import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlan, validatePlan } from "../../../cli/rollout";
import { CliError } from "../../../cli/errors";

const GOOD = {
  program: "./provisioning",
  waves: [
    { name: "canary", stacks: ["preview-org"] },
    { name: "emea", stacks: ["emea-1", "emea-2"], parallel: 2, failureTolerance: 0 },
    { name: "rest", stacks: ["us-1", "apac-1"] },
  ],
};

function refusal(input: unknown): string {
  try {
    validatePlan(input, "/plans");
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return (err as Error).message;
  }
  throw new Error("the plan was accepted");
}

describe("the rollout plan", () => {
  it("accepts the plan of the issue and resolves the program against the plan's directory", () => {
    const plan = validatePlan(GOOD, "/plans");
    expect(plan.program).toBe(path.resolve("/plans/provisioning"));
    expect(plan.waves.map((w) => w.stacks)).toEqual([
      ["preview-org"],
      ["emea-1", "emea-2"],
      ["us-1", "apac-1"],
    ]);
  });

  it("names an unknown key, at the top and in a wave", () => {
    expect(refusal({ ...GOOD, concurrency: 3 })).toMatch(/unknown key "concurrency"/);
    const waves = [{ ...GOOD.waves[0], paralel: 2 }];
    expect(refusal({ ...GOOD, waves })).toMatch(/unknown key "waves\[0\]\.paralel"/);
  });

  it("names a bad value", () => {
    expect(refusal({ ...GOOD, waves: [{ name: "a", stacks: ["x"], parallel: 0 }] })).toMatch(
      /waves\[0\]\.parallel must be at least 1/,
    );
    expect(refusal({ ...GOOD, waves: [{ name: "a", stacks: ["x"], failureTolerance: -1 }] })).toMatch(
      /waves\[0\]\.failureTolerance must be at least 0/,
    );
    expect(refusal({ ...GOOD, waves: [{ name: "a", stacks: ["x"], parallel: "2" }] })).toMatch(
      /waves\[0\]\.parallel must be integer/,
    );
    expect(refusal({ ...GOOD, waves: [{ name: "a", stacks: ["has space"] }] })).toMatch(
      /waves\[0\]\.stacks\[0\] is not a stack name/,
    );
    expect(refusal({ ...GOOD, waves: [] })).toMatch(/waves must not be empty/);
    expect(refusal({ waves: GOOD.waves })).toMatch(/"program" is required/);
  });

  it("names a stack listed twice, with both waves", () => {
    const waves = [
      { name: "canary", stacks: ["emea-1"] },
      { name: "emea", stacks: ["emea-1", "emea-2"] },
    ];
    expect(refusal({ ...GOOD, waves })).toMatch(
      /stack "emea-1" is listed twice \(waves "canary" and "emea"\)/,
    );
  });

  it("refuses a wave name used twice", () => {
    const waves = [
      { name: "a", stacks: ["x"] },
      { name: "a", stacks: ["y"] },
    ];
    expect(refusal({ ...GOOD, waves })).toMatch(/wave name "a" is used twice/);
  });

  describe("from a file", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-plan-"));
      fs.mkdirSync(path.join(dir, "provisioning"));
      fs.writeFileSync(path.join(dir, "provisioning", "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads YAML with comments", () => {
      const file = path.join(dir, "rollout.yaml");
      fs.writeFileSync(
        file,
        "program: ./provisioning   # the program\nwaves:\n  - name: canary\n    stacks: [preview-org]\n",
      );
      expect(loadPlan(file).program).toBe(path.join(dir, "provisioning"));
    });

    it("says so when the file is missing, is not YAML, or its program has no Pulumi.yaml", () => {
      expect(() => loadPlan(path.join(dir, "nope.yaml"))).toThrow(/cannot read the plan .*: no such file$/);
      fs.writeFileSync(path.join(dir, "bad.yaml"), "waves: [\n");
      expect(() => loadPlan(path.join(dir, "bad.yaml"))).toThrow(/is not YAML/);
      fs.writeFileSync(
        path.join(dir, "elsewhere.yaml"),
        "program: ./other\nwaves:\n  - {name: a, stacks: [x]}\n",
      );
      expect(() => loadPlan(path.join(dir, "elsewhere.yaml"))).toThrow(/program .*other has no Pulumi.yaml/);
    });
  });
});
