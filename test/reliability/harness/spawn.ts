/**
 * `pulumi` started so that it can be killed the way a crash kills it: in its own process group, so SIGKILL takes
 * the CLI, its language host and the dynamic-provider process at once, mid-call, with nothing flushed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { CommandResult, PulumiProject } from "../../e2e/harness/project";

/** The environment PulumiProject gives its commands: local backend, passphrase, no update checks. */
export function projectEnv(project: PulumiProject): NodeJS.ProcessEnv {
  return project.env;
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
  let output = "";
  child.stdout?.on("data", (d: Buffer) => ((stdout += d.toString()), (output += d.toString())));
  child.stderr?.on("data", (d: Buffer) => ((stderr += d.toString()), (output += d.toString())));
  const done = new Promise<CommandResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, output, ms: Date.now() - started }));
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
