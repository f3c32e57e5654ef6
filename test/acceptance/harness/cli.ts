/** Runs the installed package's `okta-provisioning` command, as a user's shell or CI job would. */
import { spawn } from "node:child_process";
import { packageCli } from "./target";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function okProvisioning(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<CliRun> {
  // A developer's own OKTA_* variables must not point a command at another org.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packageCli(), ...args], {
      cwd: options.cwd,
      env: { ...inherited, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // What a person would type or pipe in (a continue URL); nothing secret ever goes on the command line.
    child.stdin.end(options.input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 900_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
