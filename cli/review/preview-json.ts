/** The parts of `pulumi preview --refresh --json` output the review reads, and reading it from a file. */
import * as fs from "node:fs";
import { CliError } from "../errors";

export interface ResourceState {
  urn?: string;
  type?: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: ResourceState;
  newState?: ResourceState;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
}

export interface PreviewDiagnostic {
  message: string;
  severity: string;
  urn?: string;
}

export interface PreviewOutput {
  steps?: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: PreviewDiagnostic[];
}

/** Parses preview output, or says in one line why it is not one. */
export function parsePreview(text: string, source: string): PreviewOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${source} is not JSON: expected the output of \`pulumi preview --refresh --json\``);
  }
  const steps = (parsed as PreviewOutput | null)?.steps;
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    (steps && !Array.isArray(steps))
  )
    throw new CliError(
      `${source} is not the output of \`pulumi preview --refresh --json\` (no "steps" list)`,
    );
  return parsed as PreviewOutput;
}

export function readPreviewFile(file: string): PreviewOutput {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`);
  }
  return parsePreview(text, file);
}

/** The stack and the resource name from a URN: `urn:pulumi:STACK::PROJECT::TYPE::NAME`. */
export function parseUrn(urn: string): { stack: string; project: string; name: string } {
  const parts = urn.split("::");
  return {
    stack: (parts[0] ?? "").replace(/^urn:pulumi:/, ""),
    project: parts[1] ?? "",
    name: parts[parts.length - 1] ?? urn,
  };
}
