#!/usr/bin/env node
/**
 * The `okta-provisioning` command. Each subcommand lives in a module of its own; this file only wires them and
 * turns failures into one line on stderr and an exit code a CI job can act on.
 */
import { Command } from "commander";
import { printable } from "../provider/client";
import { adoptCommand } from "./adopt/command";
import { consentCommand } from "./consent-command";
import { emulatorCommand } from "./emulator-command";
import { CliError } from "./errors";
import { packageVersion } from "./package-info";
import { reviewCommand } from "./review/command";
import { rolloutCommand } from "./rollout/command";

export function program(): Command {
  return new Command("okta-provisioning")
    .description("Okta app provisioning as code, with Pulumi")
    .version(packageVersion())
    .addCommand(emulatorCommand())
    .addCommand(consentCommand())
    .addCommand(reviewCommand())
    .addCommand(adoptCommand())
    .addCommand(rolloutCommand());
}

async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    const code = err instanceof CliError ? err.exitCode : 1;
    // Errors can carry text from Okta or a state file: no control character of it reaches the terminal.
    console.error(`okta-provisioning: ${printable(err instanceof Error ? err.message : String(err))}`);
    process.exitCode = code;
  }
}

if (require.main === module) void main(process.argv);
