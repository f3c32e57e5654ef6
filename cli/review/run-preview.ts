/**
 * Runs `pulumi preview --refresh --run-program --json` for a stack with the Pulumi CLI: the same output a user's own CI step
 * saves for `--from FILE`, so both paths read one format. Failures become one line naming what was wrong.
 */
import { spawn } from "node:child_process";
import { CliError } from "../errors";
import { reasonLine } from "../pulumi-reason";
import { untrustedReason } from "../trusted-path";
import { parsePreview, type PreviewOutput } from "./preview-json";

export interface PreviewRun {
  stack: string;
  /** The Pulumi project directory (default: the current directory). */
  cwd?: string;
  /** The `pulumi` executable (default: `pulumi` on PATH). */
  pulumi?: string;
  /** Extra environment for pulumi (merged over this process's). */
  env?: Record<string, string>;
  /** Called with a line of progress now and then while the preview runs. */
  onProgress?: (line: string) => void;
}

const PROGRESS_EVERY_MS = 15_000;

/** The error Pulumi reports, in one line (see reasonLine). */
export function pulumiError(stdout: string, stderr: string, stack: string, cwd: string): string {
  const all = `${stderr}\n${stdout}`;
  const unknown = /no stack named '([^']+)' found/.exec(all);
  if (unknown)
    return `stack "${unknown[1] ?? stack}" not found in ${cwd} (\`pulumi stack ls\` lists the stacks)`;
  let fromJson: string | undefined;
  try {
    const parsed = JSON.parse(stdout) as PreviewOutput;
    fromJson = parsed.diagnostics?.find((d) => d.severity === "error")?.message;
  } catch {
    // Pulumi failed before it printed JSON; its stderr says why.
  }
  const text = reasonLine(fromJson ?? all) ?? "no output";
  return `pulumi preview failed for stack "${stack}": ${text}`;
}

export function runPreview(run: PreviewRun): Promise<PreviewOutput> {
  const cwd = run.cwd ?? process.cwd();
  // `--run-program`: the refresh runs with the stack config as it is now. Without it Pulumi refreshes with the copy
  // of the config saved at the last update, so a token fixed after a failed `up` would keep failing the review.
  const args = ["preview", "--refresh", "--run-program", "--json", "--non-interactive", "--stack", run.stack];
  // A pulumi named by path must be one no other local user can replace: it runs with this stack's credentials.
  const untrusted = run.pulumi?.includes("/") ? untrustedReason(run.pulumi) : undefined;
  if (untrusted)
    return Promise.reject(
      new CliError(`refusing to run ${run.pulumi}: ${untrusted} (use a pulumi only you or root can write)`),
    );
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(run.pulumi ?? "pulumi", args, {
      cwd,
      env: { ...process.env, ...run.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const ticker = setInterval(
      () =>
        run.onProgress?.(`still refreshing and previewing (${Math.round((Date.now() - started) / 1000)} s)`),
      PROGRESS_EVERY_MS,
    );
    ticker.unref();
    child.on("error", (err: NodeJS.ErrnoException) => {
      clearInterval(ticker);
      reject(
        new CliError(
          err.code === "ENOENT"
            ? `cannot run pulumi: ${run.pulumi ?? "pulumi"} is not on PATH (install the Pulumi CLI)`
            : `cannot run pulumi in ${cwd}: ${err.message}`,
        ),
      );
    });
    child.on("close", (code) => {
      clearInterval(ticker);
      if (code !== 0) reject(new CliError(pulumiError(stdout, stderr, run.stack, cwd)));
      else {
        try {
          resolve(parsePreview(stdout, `the output of pulumi preview for stack "${run.stack}"`));
        } catch (err) {
          reject(err);
        }
      }
    });
  });
}
