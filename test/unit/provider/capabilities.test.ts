import { differingLeaves, leavesOf, projectOnto, treeOf } from "../../../provider/capabilities";

describe("feature capabilities as leaves", () => {
  const live = {
    create: { lifecycleCreate: { status: "ENABLED" } },
    update: {
      profile: { status: "DISABLED" },
      password: { status: "ENABLED", seed: "RANDOM", change: "KEEP_EXISTING" },
    },
  };

  it("sends only the leaves that differ from what Okta has", () => {
    const desired = { update: { profile: { status: "ENABLED" }, password: { change: "KEEP_EXISTING" } } };
    expect(treeOf(differingLeaves(desired, live))).toEqual({ update: { profile: { status: "ENABLED" } } });
  });

  it("finds nothing to send when the program matches the org", () => {
    expect(differingLeaves({ create: { lifecycleCreate: { status: "ENABLED" } } }, live).size).toBe(0);
  });

  it("treats a leaf Okta does not report as different", () => {
    expect([
      ...differingLeaves({ update: { lifecycleDeactivate: { status: "ENABLED" } } }, live).keys(),
    ]).toEqual(["update.lifecycleDeactivate.status"]);
  });

  it("reports on refresh the live values of only the leaves the program manages", () => {
    const desired = { update: { profile: { status: "ENABLED" } } };
    expect(projectOnto(desired, live)).toEqual({ update: { profile: { status: "DISABLED" } } });
  });

  it("keeps booleans false and ignores nulls", () => {
    const leaves = leavesOf({ importRules: { userCreateAndMatch: { allowPartialMatch: false, x: null } } });
    expect([...leaves]).toEqual([["importRules.userCreateAndMatch.allowPartialMatch", false]]);
  });
});
