/** `--fail-on`: which findings make the review exit 2, so a CI job can stop a merge or raise an alert. */
import type { FailOn, ReviewReport } from "./types";

export const FAIL_ON: readonly FailOn[] = ["never", "drift", "changes", "destructive"];

/** One condition, or several (`drift,destructive`): the review fails when any of them holds. */
export type FailOnConditions = FailOn | readonly FailOn[];

function conditions(failOn: FailOnConditions): readonly FailOn[] {
  return typeof failOn === "string" ? [failOn] : failOn;
}

function holds(report: ReviewReport, failOn: FailOn): boolean {
  const s = report.summary;
  switch (failOn) {
    case "never":
      return false;
    case "drift":
      return s.drifted > 0;
    case "changes":
      return s.create + s.update + s.replace + s.delete > 0;
    case "destructive":
      return s.destructive > 0;
  }
}

export function failOnHolds(report: ReviewReport, failOn: FailOnConditions): boolean {
  return conditions(failOn).some((c) => holds(report, c));
}

/**
 * `--fail-on`'s value: one condition or a comma-separated list of them. Answers the condition itself for one, so
 * `--fail-on drift` stays the string it always was. Throws a one-line message naming the valid conditions.
 */
export function parseFailOn(value: string): FailOnConditions {
  const parts = value.split(",").map((p) => p.trim());
  const bad = parts.find((p) => !(FAIL_ON as readonly string[]).includes(p));
  if (bad !== undefined)
    throw new Error(
      `"${bad}" is not a --fail-on condition: use one of ${FAIL_ON.join(", ")}, or several joined by commas`,
    );
  const unique = [...new Set(parts)] as FailOn[];
  return unique.length === 1 ? unique[0] : unique;
}

/** The conditions as given on the command line. */
export function failOnText(failOn: FailOnConditions): string {
  return conditions(failOn).join(",");
}

/** The conditions that hold, in words, for the line a failing review prints. */
export function failOnReason(report: ReviewReport, failOn: FailOnConditions): string {
  const s = report.summary;
  return conditions(failOn)
    .filter((c) => holds(report, c))
    .map((c) => {
      if (c === "drift") return `${s.drifted} resource(s) drifted`;
      if (c === "destructive") return `${s.destructive} destructive change(s)`;
      return `${s.create + s.update + s.replace + s.delete} resource(s) to change`;
    })
    .join(", ");
}
