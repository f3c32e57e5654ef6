/**
 * `okta-provisioning adopt`: reads an Okta org and writes a Pulumi program that adopts every configured
 * provisioning connection and feature with `adopt: true`. Progress goes to stderr, the summary to stdout.
 * Exit codes: 0 written, 1 an error (nothing written).
 */
import * as path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { OktaApiError, OktaNetworkError, printable } from "../../provider/client";
import { OrgConfigError } from "../../provider/orgs";
import { CliError } from "../errors";
import { adopt, skipCounts, type AdoptFormat, type AdoptResult } from "./index";
import { ImportFileError, parseProviderRef, writeOnlyInputs, type ProviderRef } from "./import-file";
import { OutputDirError } from "./output-dir";
import { PROJECT_NAME } from "./project-files";
import { ScanError } from "./scan";
import { MAX_PAGE_SIZE } from "./okta-reads";

interface Flags {
  format: AdoptFormat;
  provider?: ProviderRef;
  org?: string;
  out?: string;
  apps?: string[];
  name?: string;
  orgUrl?: string;
  force?: boolean;
  includeDisabled?: boolean;
  pageSize?: number;
}

const APP_ID = /^0oa[A-Za-z0-9]{17}$/;

function appIds(value: string): string[] {
  const ids = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !APP_ID.test(id));
  if (ids.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(
      `${bad === undefined ? "no app ids" : `"${bad.slice(0, 40)}" is not an app id`}: pass 0oa… ids separated by commas`,
    );
  }
  return ids;
}

function projectName(value: string): string {
  if (!PROJECT_NAME.test(value))
    throw new InvalidArgumentError(
      "a Pulumi project name has only letters, digits, -, _ and . (at most 100)",
    );
  return value;
}

const FORMATS: AdoptFormat[] = ["program", "import-file"];

function format(value: string): AdoptFormat {
  if (!(FORMATS as string[]).includes(value)) throw new InvalidArgumentError(`one of ${FORMATS.join(", ")}`);
  return value as AdoptFormat;
}

function providerRef(value: string): ProviderRef {
  const ref = parseProviderRef(value);
  if (typeof ref === "string") throw new InvalidArgumentError(ref);
  return ref;
}

function orgAlias(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value))
    throw new InvalidArgumentError("an org alias has only letters, digits, _, . and - (at most 64)");
  return value;
}

function pageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw new InvalidArgumentError(`a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

export function summaryLines(
  result: AdoptResult,
  outDir: string,
  format: AdoptFormat = "program",
  org?: string,
): string[] {
  if (format === "import-file") return importFileSummary(result, outDir, org);
  const { scan } = result;
  const secrets = scan.adopted.reduce((n, a) => n + a.config.length, 0);
  const lines = [scanLine(result, "Adopted"), `Wrote ${result.files.length} files to ${outDir}.`];
  if (secrets > 0) {
    lines.push(
      `Next: set the ${secrets} config value${secrets === 1 ? "" : "s"} Okta cannot return (listed in ${path.join(outDir, "README.md")}), then pulumi up.`,
    );
  } else lines.push(`Next: see ${path.join(outDir, "README.md")}, then pulumi up.`);
  return lines;
}

function scanLine(result: AdoptResult, verb: string): string {
  const { scan } = result;
  const resources = scan.adopted.reduce((n, a) => n + 1 + a.features.length, 0);
  return (
    `${verb} ${scan.adopted.length} of ${scan.scanned} apps scanned (${resources} resources); ` +
    `skipped ${scan.skipped.length}${scan.skipped.length ? ` (${skipCounts(scan)})` : ""}; ` +
    `${result.apiCalls} API calls, all reads, in ${(result.ms / 1000).toFixed(1)} s.`
  );
}

/** What to run next with an import file, and the inputs Okta cannot return that the generated code will lack. */
export function importFileSummary(result: AdoptResult, file: string, org?: string): string[] {
  const resources = result.scan.adopted.reduce((n, a) => n + 1 + a.features.length, 0);
  const lines = [
    scanLine(result, "Found"),
    `Wrote the import file ${file} (${resources} resources${org ? `, ids ${org}:<id>` : ""}).`,
    `Next: in a Pulumi project whose stack uses the okta-provisioning plugin, pulumi import --file ${file} --out <program file>`,
  ];
  if (org)
    lines.push(
      `The ids name the org "${org}": the provider reads it from okta-provisioning:orgs.${org} (orgUrl and apiToken).`,
    );
  const missing = writeOnlyInputs(result.scan);
  if (missing.length > 0) {
    lines.push(
      `Okta never returns ${missing.length} value${missing.length === 1 ? "" : "s"} the generated code will lack; ` +
        "set each from stack config (secrets with --secret) before changing that connection:",
      ...missing.map((m) => `  ${m.resource}: ${m.property} (${m.what})`),
    );
  }
  return lines;
}

/** Turns the failures a user can act on into one-line CLI errors; anything else stays as it is. */
export function asCliError(err: unknown): unknown {
  if (
    err instanceof OrgConfigError ||
    err instanceof OutputDirError ||
    err instanceof ScanError ||
    err instanceof ImportFileError ||
    err instanceof OktaApiError ||
    err instanceof OktaNetworkError
  ) {
    return new CliError(err.message.replace(/\s*\n\s*/g, " "));
  }
  return err;
}

export function adoptCommand(): Command {
  return new Command("adopt")
    .description(
      "read an Okta org and write a Pulumi program that adopts its provisioning connections and features as they are (no change to Okta)",
    )
    .option(
      "--format <format>",
      "program: a TypeScript program of dynamic resources with adopt: true; import-file: a file for `pulumi import --file` (the native provider plugin, any language)",
      format,
      "program" as AdoptFormat,
    )
    .option(
      "--out <path>",
      "where to write the program (default: ./<project name>), or the import file (default: ./<project name>.import.json)",
    )
    .option(
      "--provider <urn>",
      "with --format import-file: read through this explicit provider in the stack, for an org that is not the stack's default (its URN, or NAME=URN as pulumi import --provider takes it)",
      providerRef,
    )
    .option(
      "--org <alias>",
      "with --format import-file: the alias the stack's provider config gives this org (okta-provisioning:orgs.<alias>); ids are written as <alias>:<id>",
      orgAlias,
    )
    .option("--apps <ids>", "only these apps: 0oa… ids separated by commas", appIds)
    .option("--name <project>", "the Pulumi project name (default: from the org's host name)", projectName)
    .option(
      "--org-url <url>",
      "the org, e.g. https://acme.okta.com (default: OKTA_ORG_NAME and OKTA_BASE_URL)",
    )
    .option("--force", "write into an existing, non-empty --out directory (replaces the generated files)")
    .option(
      "--include-disabled",
      "also adopt disabled connections that show no settings (Okta cannot tell them from never-configured ones)",
    )
    .option("--page-size <n>", `apps per page of the app list (default ${MAX_PAGE_SIZE})`, pageSize)
    .addHelpText(
      "after",
      "\nCredentials come from the environment, not from stack config: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and" +
        "\nOKTA_API_PRIVATE_KEY (OKTA_API_PRIVATE_KEY_ID, OKTA_API_SCOPES). The org: --org-url, or" +
        "\nOKTA_PROVISIONING_ORG_URL, or OKTA_ORG_NAME with OKTA_BASE_URL. In a Pulumi project that has them:" +
        "\n  export OKTA_API_TOKEN=$(pulumi config get okta:apiToken)",
    )
    .action(async (flags: Flags) => {
      // Progress and the summary name apps by Okta's labels: no control character of theirs reaches the terminal.
      const log = (line: string) => process.stderr.write(`adopt: ${printable(line)}\n`);
      try {
        if (flags.provider !== undefined && flags.format !== "import-file")
          throw new CliError(
            "--provider is for --format import-file: a program reads its org from stack config",
          );
        if (flags.org !== undefined && flags.format !== "import-file")
          throw new CliError("--org is for --format import-file: a program reads its org from stack config");
        const result = await adopt({
          format: flags.format,
          provider: flags.provider,
          orgAlias: flags.org,
          outDir: flags.format === "program" ? flags.out : undefined,
          outFile: flags.format === "import-file" ? flags.out : undefined,
          project: flags.name,
          appIds: flags.apps,
          includeDisabled: flags.includeDisabled,
          force: flags.force,
          pageSize: flags.pageSize,
          commandLine: { orgUrl: flags.orgUrl },
          env: process.env,
          generatedBy: "okta-provisioning adopt",
          onProgress: log,
        });
        for (const line of summaryLines(result, result.outDir, flags.format, flags.org))
          console.log(printable(line));
      } catch (err) {
        throw asCliError(err);
      }
    });
}
