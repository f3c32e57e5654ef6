/**
 * `okta-provisioning rollout --plan FILE`: one program, many Okta orgs, in waves that stop on failure. Progress
 * and the summary go to stdout (with --json only the summary does; progress lines go to stderr). Exit codes: 0
 * every stack succeeded, 1 a stack failed or the rollout halted (or the plan was refused), 130 cancelled.
 */
import { Command, InvalidArgumentError } from "commander";
import { printable, printableJson } from "../../provider/client";
import { CliError } from "../errors";
import { ciCommand, checkCiFlags, onlyStack, type CiFlags } from "./ci-command";
import { renderFleet } from "./fleet";
import { exitCodeOf, rollout } from "./index";
import { loadPlan } from "./plan";
import { liveProgress, plainProgress, type Progress } from "./progress";
import { renderSummary } from "./summary";

interface Flags extends CiFlags {
  plan: string;
  preview?: boolean;
  json?: boolean;
  parallel?: number;
  logDir?: string;
  refresh: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}

/** Ctrl-C: the first starts no new stack and cancels running updates; a second only says we are on it. */
function cancelOnSigint(say: (line: string) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = () => {
    if (!controller.signal.aborted) {
      say("Ctrl-C: cancelling running updates and starting no new stack…");
      controller.abort();
    } else say("still cancelling: waiting for Pulumi to stop cleanly");
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

export function rolloutCommand(): Command {
  return new Command("rollout")
    .description("update one Pulumi program's stacks (one per Okta org) in waves that stop on failure")
    .requiredOption("--plan <file>", "the rollout plan (YAML): program and waves of stacks")
    .option("--preview", "preview every stack, write nothing, and print the fleet view")
    .option("--json", "print only the summary, as JSON (progress goes to stderr)")
    .option("--parallel <n>", "stacks updated at once, overriding every wave's `parallel`", positiveInt)
    .option("--log-dir <dir>", "where each stack's Pulumi log goes (default: a new temp directory)")
    .option("--no-refresh", "do not refresh before previewing and updating (drift in Okta then goes unseen)")
    .option("--emit <target>", "write the plan as a workflow instead of running it: github-actions")
    .option("--out <file>", "with --emit: write the workflow to this file (default: stdout)")
    .option(
      "--check",
      "with --emit and --out: fail (exit 1) when the file and the plan disagree; write nothing",
    )
    .option(
      "--repo-root <dir>",
      "with --emit: the repository the workflow runs in (default: the plan's git root)",
    )
    .option(
      "--branch <name>",
      "with --emit: the branch whose pushes roll out, and pull requests preview (main)",
    )
    .option("--stack <name>", "run only this stack of the plan (what one job of a generated workflow runs)")
    .option("--gate <wave>", "with --results: exit 1 when the wave's failures exceed its failureTolerance")
    .option("--fleet", "with --results: print the fleet view of the previews the workflow's jobs saved")
    .option(
      "--results <dir>",
      "the stacks' results a generated workflow's jobs saved (for --gate and --fleet)",
    )
    .option("--summary <file>", "with --gate or --fleet: also append it as Markdown (the job summary)")
    .action(async (flags: Flags) => {
      checkCiFlags(flags);
      const loaded = loadPlan(flags.plan);
      if (await ciCommand(flags, loaded)) return;
      const plan = flags.stack ? onlyStack(loaded, flags.stack) : loaded;
      const progress: Progress = flags.json
        ? plainProgress((line) => process.stderr.write(`rollout: ${line}\n`))
        : process.stdout.isTTY
          ? liveProgress(process.stdout)
          : plainProgress((line) => process.stdout.write(`${line}\n`));
      const say = (line: string) =>
        flags.json || !process.stdout.isTTY
          ? (flags.json ? process.stderr : process.stdout).write(`${printable(line)}\n`)
          : process.stderr.write(`\n${printable(line)}\n`);
      const cancel = cancelOnSigint(say);
      let summary;
      try {
        summary = await rollout(plan, {
          preview: flags.preview,
          parallel: flags.parallel,
          logDir: flags.logDir,
          refresh: flags.refresh,
          signal: cancel.signal,
          onEvent: (e) => progress.onEvent(e),
        });
      } finally {
        progress.stop();
        cancel.dispose();
      }
      if (flags.json) process.stdout.write(`${printableJson(JSON.stringify(summary, null, 2))}\n`);
      else {
        const lines = ["", ...renderSummary(summary)];
        if (summary.fleet) lines.push("", ...renderFleet(summary.fleet));
        // Values in the fleet view and reasons in the summary come from Okta and Pulumi: printed escaped.
        process.stdout.write(`${lines.map(printable).join("\n")}\n`);
      }
      if (summary.cancelled) process.exitCode = 130;
      else if (exitCodeOf(summary) !== 0) process.exitCode = 1;
    });
}

// Runnable alone (`node dist/cli/rollout/command.js rollout …`) with the same one-line errors as the main command.
if (require.main === module) {
  new Command("okta-provisioning")
    .addCommand(rolloutCommand())
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`okta-provisioning: ${printable(err instanceof Error ? err.message : String(err))}`);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
    });
}
