/**
 * `pulumi` started so that it can be killed the way a crash kills it: in its own process group, so SIGKILL takes
 * the CLI, its language host and the dynamic-provider process at once, mid-call, with nothing flushed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { pulumiBinDir } from "../../e2e/harness/engine";
import type { CommandResult, PulumiProject } from "../../e2e/harness/project";

/** The environment PulumiProject gives its commands (project.ts): local backend, passphrase, no update checks. */
export function projectEnv(project: PulumiProject): NodeJS.ProcessEnv {
  const root = path.dirname(project.dir);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
  );
  return {
    ...inherited,
    PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase-not-a-secret",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_COLOR: "1",
  };
}

export interface RunningPulumi {
  child: ChildProcess;
  done: Promise<CommandResult>;
  /** SIGKILL to the whole process group. */
  kill(): void;
}

export function startPulumi(project: PulumiProject, args: string[]): RunningPulumi {
  const started = Date.now();
  const child = spawn("pulumi", [...args, "--non-interactive"], {
    cwd: project.dir,
    env: projectEnv(project),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CommandResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
  return {
    child,
    done,
    kill: () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    },
  };
}
