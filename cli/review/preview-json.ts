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

const PREVIEW = "`pulumi preview --refresh --json`";
const PASS = `pass the saved output of ${PREVIEW}`;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The first line of Pulumi's first error diagnostic, without `error: `; undefined when there is none. */
export function firstError(diagnostics: PreviewDiagnostic[] | undefined): string | undefined {
  const errors = (diagnostics ?? []).filter((d) => d.severity === "error");
  if (errors.length === 0) return undefined;
  const lines = errors.flatMap((d) => d.message.split("\n").map((l) => l.trim()));
  const specific = lines.find((l) => l !== "" && !/^(error:\s*)?preview failed$/i.test(l));
  return (specific ?? lines.find((l) => l !== "") ?? "preview failed").replace(/^error:\s*/i, "");
}

/** Why a step or diagnostic list is not Pulumi's, or undefined when it is. */
function shapeProblem(parsed: Record<string, unknown>): string | undefined {
  const { steps, diagnostics } = parsed;
  if (steps !== undefined) {
    if (!Array.isArray(steps)) return undefined; // reported as "no steps list" by the caller
    for (const [i, step] of steps.entries()) {
      if (!isObject(step)) return `steps[${i}] is not a preview step`;
      if (typeof step.op !== "string" || step.op === "") return `steps[${i}] has no op`;
      if (typeof step.urn !== "string" || step.urn === "") return `steps[${i}] has no urn`;
      for (const key of ["oldState", "newState"])
        if (step[key] !== undefined && step[key] !== null && !isObject(step[key]))
          return `steps[${i}].${key} is not a resource state`;
    }
  }
  if (diagnostics !== undefined) {
    if (!Array.isArray(diagnostics)) return '"diagnostics" is not a list';
    for (const [i, d] of diagnostics.entries())
      if (!isObject(d) || typeof d.message !== "string" || typeof d.severity !== "string")
        return `diagnostics[${i}] is not a diagnostic`;
  }
  return undefined;
}

/**
 * Parses preview output, or says in one line why it is not one. A preview that failed (error diagnostics) is refused
 * too: it lists no steps for what it could not plan, so reviewing it would call a broken stack clean.
 */
export function parsePreview(text: string, source: string): PreviewOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${source} is not JSON: expected the output of ${PREVIEW}`);
  }
  if (isObject(parsed) && isObject(parsed.summary) && ("drift" in parsed || "changes" in parsed))
    throw new CliError(
      `${source} is okta-provisioning review's own report, not a preview: ${PASS} ` +
        `(for example \`pulumi preview --refresh --json > preview.json\`)`,
    );
  const failed = isObject(parsed) && Array.isArray(parsed.diagnostics);
  if (!isObject(parsed) || (!Array.isArray(parsed.steps) && !failed))
    throw new CliError(`${source} is not the output of ${PREVIEW} (no "steps" list): ${PASS}`);
  const problem = shapeProblem(parsed);
  if (problem) throw new CliError(`${source} is not the output of ${PREVIEW}: ${problem}`);
  const preview = parsed as PreviewOutput;
  const error = firstError(preview.diagnostics);
  if (error)
    throw new CliError(
      `${source} is a failed preview, which cannot be reviewed: ${error} (fix it and preview again)`,
    );
  if (!Array.isArray(preview.steps))
    throw new CliError(`${source} is not the output of ${PREVIEW} (no "steps" list): ${PASS}`);
  return preview;
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
