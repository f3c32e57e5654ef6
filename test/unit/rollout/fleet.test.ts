import { fleetView, renderFleet, stackPreview } from "../../../cli/rollout";
import { fixture } from "../review/fixtures";

// Recorded `pulumi preview --refresh` outputs of the review (test/fixtures/review): one stack's steps each.
const changes = (stack: string) => stackPreview(stack, fixture("changes"));
const clean = (stack: string) => stackPreview(stack, fixture("clean"));
const drift = (stack: string) => stackPreview(stack, fixture("drift"));

describe("the fleet view", () => {
  it("describes a stack's changes by resource, property and values", () => {
    expect(changes("eu-1").changes).toContainEqual({
      op: "update",
      resource: "zscaler-push",
      path: "capabilities.update.profile.status",
      before: "ENABLED",
      after: "DISABLED",
    });
    expect(clean("eu-1")).toEqual({ stack: "eu-1", changes: [], drift: [] });
  });

  it("groups stacks with identical change sets, the majority first, and lists the others apart", () => {
    const view = fleetView([changes("us-1"), changes("us-2"), clean("apac-1"), changes("emea-1")]);
    expect(view.groups.map((g) => g.stacks)).toEqual([["us-1", "us-2", "emea-1"], ["apac-1"]]);
    expect(view.groups[0]?.changes).toContain(
      "update zscaler-push capabilities.update.profile.status ENABLED → DISABLED",
    );
    expect(view.groups[1]?.changes).toEqual([]);
    expect(view.outliers).toEqual(["apac-1"]);
    expect(view.drift).toEqual([]);
  });

  it("lists the stacks with drift apart, with what drifted", () => {
    const view = fleetView([clean("a"), clean("b"), drift("c")]);
    expect(view.outliers).toEqual(["c"]);
    expect(view.drift).toHaveLength(1);
    expect(view.drift[0]?.stack).toBe("c");
    expect(view.drift[0]?.drift).toContain("zscaler-push capabilities.update.profile.status");
  });

  it("has no outliers when every stack would make the same changes", () => {
    const view = fleetView([changes("a"), changes("b")], ["c"]);
    expect(view.groups).toHaveLength(1);
    expect(view.outliers).toEqual([]);
    expect(view.failed).toEqual(["c"]);
  });

  it("renders one line per group with a single change, as a user reads it", () => {
    const one = {
      stack: "x",
      changes: [
        {
          op: "update" as const,
          resource: "zscaler-push",
          path: "capabilities.update.profile.status",
          before: "DISABLED",
          after: "ENABLED",
        },
      ],
      drift: [],
    };
    const text = renderFleet(
      fleetView([
        ...Array.from({ length: 10 }, (_, i) => ({ ...one, stack: `org-${i}` })),
        clean("odd-1"),
        drift("odd-2"),
      ]),
    ).join("\n");
    expect(text).toContain(
      "10 stacks: update zscaler-push capabilities.update.profile.status DISABLED → ENABLED",
    );
    expect(text).toContain("1 stack: no changes");
    expect(text).toContain("Differ from the majority: odd-1, odd-2");
    expect(text).toMatch(/Drift .*\n {2}odd-2: /);
  });
});
