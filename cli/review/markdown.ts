/**
 * The report as GitHub-flavoured Markdown for a pull-request comment: the verdict and destructive changes first
 * and always kept; drift and changes in their own sections, one folded `<details>` per resource; trimmed to fit
 * GitHub's comment limit with a note saying where the full report is.
 */
import { inertMarkdown } from "../markdown-text";
import { SECRET } from "./property-diff";
import type { Change, Drift, PropertyChange, ReviewReport, Unverifiable } from "./types";

/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const VALUE_CHARS = 200;

export interface MarkdownOptions {
  /** Characters the report may take (default GitHub's comment limit). */
  limit?: number;
  /** Where the untrimmed report is, named in the note when the report is trimmed. */
  fullReport?: string;
}

/** Everything the review shows that it did not write itself is made inert: see markdown-text.ts. */
const escapeHtml = inertMarkdown;

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (v === SECRET) return code(SECRET);
  const text = JSON.stringify(v);
  return code(text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…` : text);
}

function plural(n: number, word: string): string {
  if (n === 1) return `1 ${word}`;
  return `${n} ${word.endsWith("y") ? `${word.slice(0, -1)}ie` : word}s`;
}

export function verdict(report: ReviewReport): string {
  const s = report.summary;
  const total = s.drifted + s.create + s.update + s.replace + s.delete;
  const head = `**Stack ${code(report.stack)}**`;
  if (total === 0) return `${head}: no drift, no changes (${plural(s.unchanged, "resource")} checked).`;
  return (
    `${head}: ${s.drifted} drifted · ${s.create} to create · ${s.update} to update · ` +
    `${s.replace} to replace · ${s.delete} to delete` +
    (s.destructive > 0 ? ` · **${s.destructive} destructive**` : "")
  );
}

function destructiveBlock(changes: Change[], room: number): string {
  const destructive = changes.filter((c) => c.destructive);
  if (destructive.length === 0) return "";
  const lines = ["> [!WARNING]", "> **Destructive changes** — review before merging:"];
  let used = lines.join("\n").length;
  for (const [i, c] of destructive.entries()) {
    const line = `> - **${c.op}** ${code(c.name)} (${escapeHtml(c.kind)}): ${escapeHtml(c.destructive ?? "")}`;
    if (used + line.length + 100 > room) {
      lines.push(`> - … and ${destructive.length - i} more (see the full report)`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join("\n");
}

function table(properties: PropertyChange[], before: string, after: string): string {
  if (properties.length === 0) return "";
  const rows = properties.map(
    (p) =>
      `| ${code(p.path)} | ${value(p.before)} | ${value(p.after)}${p.revertsDrift ? " (undoes drift)" : ""} |`,
  );
  return [`| Property | ${before} | ${after} |`, "|---|---|---|", ...rows].join("\n");
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function driftEntry(d: Drift): string {
  const summary = `${code(d.name)} — ${escapeHtml(d.kind)}`;
  if (d.status === "deleted")
    return details(`${summary}: deleted outside Pulumi`, "Pulumi will create it again.");
  return details(
    `${summary} (${plural(d.properties.length, "property")})`,
    table(d.properties, "Last known", "Live in Okta"),
  );
}

const OP_WORDS: Record<Change["op"], string> = {
  create: "create",
  update: "update",
  replace: "replace",
  delete: "delete",
};

function changeEntry(c: Change): string {
  const mark = c.destructive ? "⚠️ " : "";
  const summary = `${mark}<b>${OP_WORDS[c.op]}</b> ${code(c.name)} — ${escapeHtml(c.kind)} (${plural(c.properties.length, "property")})`;
  const note = c.destructive ? `**Destructive:** ${escapeHtml(c.destructive)}\n\n` : "";
  return details(summary, note + (table(c.properties, "Now", "After merge") || "No property changes shown."));
}

function unverifiableNote(items: Unverifiable[]): string {
  if (items.length === 0) return "";
  const byReason = new Map<string, string[]>();
  for (const u of items)
    byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), `${code(u.path)} of ${code(u.name)}`]);
  return [...byReason]
    .map(
      ([reason, what]) =>
        `<sub>Not verifiable: ${what.join(", ")} — ${escapeHtml(reason)}, so drift there cannot be seen.</sub>`,
    )
    .join("\n");
}

/** Renders the report; `options.limit` bounds its length, keeping the verdict and destructive block whole. */
export function renderMarkdown(report: ReviewReport, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const head = [`## Pulumi review: ${code(report.stack)}`, verdict(report)];
  const warning = destructiveBlock(report.changes, Math.floor(limit / 2));
  if (warning) head.push(warning);

  // Each section is a heading and its entries; entries are what trimming drops, last first.
  const sections: Array<{ heading: string; entries: string[] }> = [];
  if (report.drift.length > 0)
    sections.push({
      heading: "### Drift — changed in Okta outside Pulumi since the last update",
      entries: report.drift.map(driftEntry),
    });
  if (report.changes.length > 0)
    sections.push({
      heading: "### Changes — what merging this pull request does",
      entries: report.changes.map(changeEntry),
    });
  const footer = [
    report.summary.unchanged > 0
      ? `${plural(report.summary.unchanged, "other resource")}: nothing to report.`
      : "",
    unverifiableNote(report.unverifiable),
  ]
    .filter(Boolean)
    .join("\n\n");

  const full = [...head, ...sections.flatMap((s) => [s.heading, ...s.entries]), footer]
    .filter(Boolean)
    .join("\n\n");
  if (full.length <= limit) return `${full}\n`;

  const where = options.fullReport
    ? `the full report is in ${code(options.fullReport)}`
    : "run `okta-provisioning review --out FILE` to keep the full report";
  const total = sections.reduce((n, s) => n + s.entries.length, 0);
  const noteFor = (shown: number) =>
    `> [!NOTE]\n> Trimmed to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit: ` +
    `${total - shown} of ${total} resource entries not shown; ${where}.`;
  const parts = [...head];
  let length = parts.join("\n\n").length + noteFor(0).length + footer.length + 8;
  let shown = 0;
  outer: for (const s of sections) {
    if (length + s.heading.length + 2 > limit) break;
    parts.push(s.heading);
    length += s.heading.length + 2;
    for (const entry of s.entries) {
      if (length + entry.length + 2 > limit) break outer;
      parts.push(entry);
      length += entry.length + 2;
      shown++;
    }
  }
  return `${[...parts, noteFor(shown), footer].filter(Boolean).join("\n\n")}\n`;
}
