import { exitCodeOf, renderSummary, type RolloutSummary, type StackSummary } from "../../../cli/rollout";
import { reasonLine } from "../../../cli/pulumi-reason";

const stack = (name: string, result: StackSummary["result"], error: string | null = null): StackSummary => ({
  stack: name,
  result,
  changes: {
    create: result === "updated" ? 2 : 0,
    update: result === "failed" ? 1 : 0,
    replace: 0,
    delete: 0,
  },
  error,
  seconds: result === "not-started" ? 0 : 4.25,
});

const summary = (stacks: StackSummary[], halted = false): RolloutSummary => ({
  halted,
  cancelled: false,
  mode: "rollout",
  logDir: "/tmp/logs",
  waves: [{ name: "emea", stacks }],
});

describe("the rollout summary", () => {
  it("has one row per stack with its result, time, changes and error, then the tally and the log directory", () => {
    const lines = renderSummary(
      summary(
        [
          stack("emea-1", "updated"),
          stack("emea-2", "failed", "The API token is invalid"),
          stack("us-1", "not-started"),
        ],
        true,
      ),
    );
    expect(lines[0]).toMatch(/^WAVE\s+STACK\s+RESULT\s+TIME\s+CHANGES\s+ERROR$/);
    // Done: what the update did, not what it was to do (Pulumi's own count, the stack resource included).
    expect(lines[1]).toMatch(/^emea\s+emea-1\s+updated\s+4\.3s\s+2 created$/);
    expect(lines[2]).toMatch(/emea-2\s+failed\s+4\.3s\s+1 to update\s+The API token is invalid$/);
    expect(lines[3]).toMatch(/us-1\s+not-started\s+-\s+-$/);
    expect(lines).toContain("Rollout halted: 1 updated, 1 failed, 1 not-started.");
    expect(lines).toContain("Pulumi logs, one file per stack: /tmp/logs");
  });

  it("exits 0 only when every stack was updated, unchanged or previewed", () => {
    expect(exitCodeOf(summary([stack("a", "updated"), stack("b", "unchanged")]))).toBe(0);
    expect(exitCodeOf(summary([stack("a", "previewed")]))).toBe(0);
    expect(exitCodeOf(summary([stack("a", "updated"), stack("b", "failed", "x")]))).toBe(1);
    expect(exitCodeOf(summary([stack("a", "updated"), stack("b", "not-started")], true))).toBe(1);
  });
});

describe("the one-line reason of a failure", () => {
  it("keeps the line that says why, without prefixes, ANSI colours or stack frames", () => {
    const message =
      "\u001b[31merror:\u001b[0m Error: The API token for https://acme.okta.com is invalid or expired (401 E0000011)\n" +
      "    at OktaClient.request (/x/client.js:10:5)\n";
    expect(reasonLine(message)).toBe(
      "The API token for https://acme.okta.com is invalid or expired (401 E0000011)",
    );
  });

  it("skips lines that only say that something failed", () => {
    expect(reasonLine("update failed\nerror: one or more errors occurred\nerror: the real cause")).toBe(
      "the real cause",
    );
    expect(reasonLine("update failed")).toBeUndefined();
  });
});
