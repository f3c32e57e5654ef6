/**
 * `okta-provisioning review` as a library: drift (Okta changed outside Pulumi since the last update) and changes
 * (what the program would do) of a stack, from a preview with refresh, as Markdown for a pull request or JSON.
 *
 *   import { review } from "pulumi-okta-provisioning/review";
 *   const result = await review({ stack: "prod", cwd: "infra", failOn: "destructive" });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "../errors";
import { analyzePreview } from "./analyze";
import { failOnHolds, type FailOnConditions } from "./fail-on";
import { renderMarkdown } from "./markdown";
import { readPreviewFile, type PreviewOutput } from "./preview-json";
import { runPreview } from "./run-preview";
import type { ReviewFormat, ReviewReport } from "./types";
import { printableJson } from "../../provider/client";

export type * from "./types";
export { analyzePreview } from "./analyze";
export { renderMarkdown, verdict, GITHUB_COMMENT_LIMIT, type MarkdownOptions } from "./markdown";
export { failOnHolds, parseFailOn, FAIL_ON, type FailOnConditions } from "./fail-on";
export { parsePreview, type PreviewOutput, type PreviewStep } from "./preview-json";

export interface ReviewOptions {
  /** The stack to review; required unless `from` is given (then it defaults to the stack in the URNs). */
  stack?: string;
  /** The Pulumi project directory (default: the current directory). */
  cwd?: string;
  /** A saved `pulumi preview --refresh --json` output to read instead of running a preview. */
  from?: string;
  format?: ReviewFormat;
  /** Writes the report here. A trimmed Markdown report also writes the full one next to it (`*.full.md`). */
  out?: string;
  /** A condition, or several: the review fails when any holds. */
  failOn?: FailOnConditions;
  /** The `pulumi` executable (default: `pulumi` on PATH). */
  pulumi?: string;
  /** Extra environment for pulumi. */
  env?: Record<string, string>;
  /** Progress lines while the preview runs. */
  onProgress?: (line: string) => void;
  /** The Markdown report's length limit (default GitHub's 65,536-character comment limit). */
  limit?: number;
}

export interface ReviewResult {
  report: ReviewReport;
  /** The report in the requested format (Markdown trimmed to the limit). */
  output: string;
  /** Whether the `failOn` condition holds. */
  failed: boolean;
  /** 0, or 2 when the `failOn` condition holds. */
  exitCode: 0 | 2;
  /** Files written: the report, and the full Markdown report when the report was trimmed. */
  written: string[];
}

/** Where the untrimmed Markdown goes when the report at `out` had to be trimmed. */
function fullReportPath(out: string): string {
  const ext = path.extname(out);
  return `${ext ? out.slice(0, -ext.length) : out}.full${ext === ".md" ? ".md" : ".md"}`;
}

function write(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? "write failed"}`);
  }
}

export async function review(options: ReviewOptions): Promise<ReviewResult> {
  const format = options.format ?? "markdown";
  const failOn = options.failOn ?? "never";
  let preview: PreviewOutput;
  if (options.from) preview = readPreviewFile(options.from);
  else {
    if (!options.stack) throw new CliError("--stack NAME is required (or --from FILE with a saved preview)");
    preview = await runPreview({
      stack: options.stack,
      cwd: options.cwd,
      pulumi: options.pulumi,
      env: options.env,
      onProgress: options.onProgress,
    });
  }
  const report = analyzePreview(preview, options.stack);
  const written: string[] = [];
  let output: string;
  if (format === "json") output = `${printableJson(JSON.stringify(report, null, 2))}\n`;
  else {
    const full = renderMarkdown(report, { limit: Number.POSITIVE_INFINITY });
    const fullPath = options.out ? fullReportPath(options.out) : undefined;
    output = renderMarkdown(report, { limit: options.limit, fullReport: fullPath });
    if (fullPath && output !== full) {
      write(fullPath, full);
      written.push(fullPath);
    }
  }
  if (options.out) {
    write(options.out, output);
    written.unshift(options.out);
  }
  const failed = failOnHolds(report, failOn);
  return { report, output, failed, exitCode: failed ? 2 : 0, written };
}
