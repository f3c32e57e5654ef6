/** `--fail-on`: which findings make the review exit 2, so a CI job can stop a merge or raise an alert. */
import type { FailOn, ReviewReport } from "./types";

export const FAIL_ON: readonly FailOn[] = ["never", "drift", "changes", "destructive"];

export function failOnHolds(report: ReviewReport, failOn: FailOn): boolean {
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

/** The condition in words, for the line a failing review prints. */
export function failOnReason(report: ReviewReport, failOn: FailOn): string {
  const s = report.summary;
  if (failOn === "drift") return `${s.drifted} resource(s) drifted`;
  if (failOn === "destructive") return `${s.destructive} destructive change(s)`;
  return `${s.create + s.update + s.replace + s.delete} resource(s) to change`;
}
