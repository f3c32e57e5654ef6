import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { runStack, type StackRunOptions } from "../../../cli/rollout/stack-run";

type Op = (opts: { onOutput?: (s: string) => void; onEvent?: (e: unknown) => void }) => Promise<unknown>;

/** A stand-in for an Automation API stack: preview and up do what each test says. */
function fakeStack(preview: Op, up: Op = async () => ({ summary: { resourceChanges: { update: 1 } } })) {
  const calls = { preview: 0, up: 0 };
  const stack = {
    preview: (o: Parameters<Op>[0]) => (calls.preview++, preview(o)),
    up: (o: Parameters<Op>[0]) => (calls.up++, up(o)),
  } as unknown as Stack;
  return { stack, calls };
}

const changes = (update: number) => async () => ({ changeSummary: { same: 2, update } });

describe("one stack's turn", () => {
  let dir: string;
  const options = (stack: Stack, extra: Partial<StackRunOptions> = {}): StackRunOptions => ({
    stack,
    name: "emea-1",
    mode: "rollout",
    refresh: true,
    logFile: path.join(dir, "emea-1.log"),
    onPhase: () => undefined,
    lockRetries: 2,
    lockWaitMs: 1,
    ...extra,
  });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-stack-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports a stack whose preview shows no change as unchanged, without running an update", async () => {
    const fake = fakeStack(changes(0));
    const { summary } = await runStack(options(fake.stack));
    expect(summary.result).toBe("unchanged");
    expect(fake.calls).toEqual({ preview: 1, up: 0 });
  });

  it("updates a stack with changes and writes Pulumi's output to the stack's log", async () => {
    const fake = fakeStack(
      async (o) => (o.onOutput?.("preview output\n"), { changeSummary: { update: 1 } }),
      async (o) => (
        o.onOutput?.("update output\n"),
        { summary: { resourceChanges: { update: 1, same: 2 } } }
      ),
    );
    const { summary } = await runStack(options(fake.stack));
    expect(summary).toMatchObject({
      result: "updated",
      changes: { create: 0, update: 1, replace: 0, delete: 0 },
    });
    const log = fs.readFileSync(summary.logFile as string, "utf8");
    expect(log).toMatch(
      /=== pulumi preview --refresh --stack emea-1[^]*preview output[^]*pulumi up[^]*update output/,
    );
  });

  it("only previews in preview mode", async () => {
    const fake = fakeStack(changes(1));
    expect((await runStack(options(fake.stack, { mode: "preview" }))).summary.result).toBe("previewed");
    expect(fake.calls.up).toBe(0);
  });

  it("waits for a stack locked by another update and retries, a bounded number of times", async () => {
    const locked = () =>
      Object.assign(new Error("the stack is currently locked by 1 lock(s)"), {
        name: "ConcurrentUpdateError",
      });
    let attempts = 0;
    const phases: string[] = [];
    const fake = fakeStack(async () => {
      if (attempts++ < 2) throw locked();
      return { changeSummary: { update: 0 } };
    });
    const { summary } = await runStack(options(fake.stack, { onPhase: (p) => phases.push(p) }));
    expect(summary.result).toBe("unchanged");
    expect(phases.filter((p) => p === "waiting-for-lock")).toHaveLength(2);

    const stuck = fakeStack(async () => {
      throw locked();
    });
    const failed = await runStack(options(stuck.stack));
    expect(failed.summary.result).toBe("failed");
    expect(stuck.calls.preview).toBe(3);
  });

  it("fails with the one line the provider's error diagnostic gives", async () => {
    const fake = fakeStack(changes(1), async (o) => {
      o.onEvent?.({
        diagnosticEvent: {
          severity: "error",
          urn: "urn:pulumi:emea-1::p::pulumi-nodejs:dynamic:Resource::zscaler",
          message:
            "error: The API token for https://acme.okta.com is invalid or expired (401)\n    at x (y.js:1:1)\n",
        },
      });
      o.onEvent?.({
        diagnosticEvent: {
          severity: "error",
          urn: "urn:pulumi:emea-1::p::pulumi:pulumi:Stack::p-emea-1",
          message: "update failed",
        },
      });
      throw new Error("code: 255\n stdout: ...\n stderr: error: update failed\n");
    });
    const { summary } = await runStack(options(fake.stack));
    expect(summary.result).toBe("failed");
    expect(summary.error).toBe("The API token for https://acme.okta.com is invalid or expired (401)");
    expect(summary.changes.update).toBe(1);
  });

  it("hands a plugin resource's detailed diff from the engine's events to the fleet view", async () => {
    const type = "okta-provisioning:index:ProvisioningConnection";
    const state = (adopt: boolean) => ({
      type,
      inputs: { appId: "0oa1", appName: "zscalerbyz", authScheme: "TOKEN", adopt, token: "[secret]" },
      outputs: { appId: "0oa1", appName: "zscalerbyz", authScheme: "TOKEN", adopt, token: "[secret]" },
    });
    const fake = fakeStack(async (o) => {
      o.onEvent?.({
        resourcePreEvent: {
          metadata: {
            op: "update",
            urn: `urn:pulumi:emea-1::p::${type}::zscaler`,
            type,
            provider: "",
            old: state(false),
            new: state(true),
            // The provider's word: the token changed (no state can show it: both print as [secret]), and `adopt`,
            // which only matters at create, is no change.
            detailedDiff: { token: { diffKind: "update", inputDiff: true } },
          },
        },
      });
      return { changeSummary: { update: 1 } };
    });
    const { preview } = await runStack(options(fake.stack, { mode: "preview" }));
    expect(preview?.changes).toEqual([
      { op: "update", resource: "zscaler", path: "token", before: "[secret]", after: "[secret]" },
    ]);
  });
});
