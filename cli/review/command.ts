/**
 * `okta-provisioning review`: drift and planned changes of a stack as a report a pull-request reviewer can trust.
 * The report goes to stdout (or --out FILE); progress and the closing summary go to stderr, so stdout can be piped
 * into a comment or `jq`. Exit codes: 0 done, 2 the --fail-on condition holds, 1 an error.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { CliError } from "../errors";
import { failOnReason, failOnText, parseFailOn, FAIL_ON, type FailOnConditions } from "./fail-on";
import { review } from "./index";
import type { ReviewFormat, ReviewSummary } from "./types";
import { printable } from "../../provider/client";

interface Flags {
  stack?: string;
  cwd?: string;
  from?: string;
  format: ReviewFormat;
  out?: string;
  failOn: FailOnConditions;
}

function summaryLine(stack: string, s: ReviewSummary): string {
  return (
    `stack ${stack}: ${s.drifted} drifted, ${s.create} to create, ${s.update} to update, ` +
    `${s.replace} to replace, ${s.delete} to delete` +
    (s.destructive > 0 ? `, ${s.destructive} destructive` : "") +
    `, ${s.unchanged} with nothing to report`
  );
}

export function reviewCommand(): Command {
  return new Command("review")
    .description(
      "report a stack's drift (Okta changed outside Pulumi) and planned changes, from `pulumi preview --refresh`",
    )
    .option("-s, --stack <name>", "the stack to review (required unless --from)")
    .option("--cwd <dir>", "the Pulumi project directory", undefined)
    .option("--from <file>", "read a saved `pulumi preview --refresh --json` output instead of running one")
    .addOption(
      new Option("--format <format>", "report format").choices(["markdown", "json"]).default("markdown"),
    )
    .option("--out <file>", "write the report to FILE instead of stdout")
    .addOption(
      new Option(
        "--fail-on <condition>",
        `exit 2 when this holds: ${FAIL_ON.join(", ")}, or several joined by commas (drift,destructive)`,
      )
        .argParser((value: string) => {
          try {
            return parseFailOn(value);
          } catch (err) {
            throw new InvalidArgumentError((err as Error).message);
          }
        })
        .default("never"),
    )
    .action(async (flags: Flags) => {
      const log = (line: string) => process.stderr.write(`review: ${line}\n`);
      if (!flags.from) {
        if (!flags.stack)
          throw new CliError("--stack NAME is required (or --from FILE with a saved preview)");
        log(`refreshing and previewing stack ${flags.stack}${flags.cwd ? ` in ${flags.cwd}` : ""}…`);
      }
      const result = await review({ ...flags, onProgress: log });
      if (!flags.out) process.stdout.write(result.output);
      log(
        summaryLine(result.report.stack, result.report.summary) +
          (result.written.length > 0 ? ` (written: ${result.written.join(", ")})` : ""),
      );
      if (result.failed)
        throw new CliError(
          `--fail-on ${failOnText(flags.failOn)}: ${failOnReason(result.report, flags.failOn)}`,
          2,
        );
    });
}

// Runnable alone (`node dist/cli/review/command.js review …`) with the same one-line errors as the main command.
if (require.main === module) {
  new Command("okta-provisioning")
    .addCommand(reviewCommand())
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`okta-provisioning: ${printable(err instanceof Error ? err.message : String(err))}`);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
    });
}
