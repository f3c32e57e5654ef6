/**
 * A rollout's logs hold what Pulumi printed about each stack: the directory is made 0700 and each log 0600, and a
 * name planted in a --log-dir others can write (a symbolic link to another file) is replaced, never written through.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { makeLogDir } from "../../../cli/rollout/log-files";
import { runStack } from "../../../cli/rollout/stack-run";

const stack = {
  preview: async (o: { onOutput?: (s: string) => void }) => {
    o.onOutput?.("preview output\n");
    return { changeSummary: { same: 1 } };
  },
} as unknown as Stack;

describe("rollout log files", () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-logs-"))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (logFile: string) =>
    runStack({
      stack,
      name: "emea-1",
      mode: "preview",
      refresh: true,
      logFile,
      onPhase: () => undefined,
      lockRetries: 0,
      lockWaitMs: 1,
    });

  it("makes a missing --log-dir, and the default one, readable by this user only", () => {
    const dir = makeLogDir(path.join(tmp, "a", "logs"));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(tmp, "a")).mode & 0o777).toBe(0o700);
    const fresh = makeLogDir();
    try {
      expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("writes each stack's log 0600", async () => {
    const file = path.join(tmp, "canary.emea-1.log");
    await run(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toContain("preview output");
  });

  it("does not write through a symbolic link planted at a log's name; the victim is untouched", async () => {
    const victim = path.join(tmp, "victim.txt");
    fs.writeFileSync(victim, "someone else's file\n");
    const file = path.join(tmp, "canary.emea-1.log");
    fs.symlinkSync(victim, file);
    await run(file);
    expect(fs.readFileSync(victim, "utf8")).toBe("someone else's file\n");
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(file, "utf8")).toContain("preview output");
  });

  it("replaces a log left by an earlier run (readable by others) with a private one", async () => {
    const file = path.join(tmp, "canary.emea-1.log");
    fs.writeFileSync(file, "old run\n", { mode: 0o644 });
    await run(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).not.toContain("old run");
  });
});
