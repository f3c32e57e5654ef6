/**
 * Which scenarios run where. Everything runs on the emulator; on a live org a few cannot run unattended, and each
 * of those is registered as skipped with the reason and the command that runs it by hand, then printed in the
 * suite's closing summary. A scenario waiting on another piece of the product is registered as pending.
 */
import type { TargetMode } from "./target";

export interface NotRun {
  scenario: string;
  kind: "skipped live" | "pending";
  reason: string;
  command?: string;
}

const notRun: NotRun[] = [];

export function notRunScenarios(): NotRun[] {
  return [...notRun];
}

/** A whole group of scenarios that cannot run live: one skipped entry with the reason instead of the block. */
export function describeUnless(
  mode: TargetMode,
  skipLive: { reason: string; command?: string } | undefined,
  name: string,
  block: () => void,
): void {
  if (mode === "live" && skipLive) {
    notRun.push({ scenario: name, kind: "skipped live", ...skipLive });
    describe(name, () => it.skip(`[skipped live: ${skipLive.reason}]`, () => undefined));
    return;
  }
  describe(name, block);
}

export function pending(scenario: string, reason: string): void {
  notRun.push({ scenario, kind: "pending", reason });
  it.todo(`${scenario} [pending: ${reason}]`);
}

export function summaryLines(): string[] {
  return notRun.map(
    (n) => `  ${n.kind}: ${n.scenario} — ${n.reason}${n.command ? `\n    run it by hand: ${n.command}` : ""}`,
  );
}
