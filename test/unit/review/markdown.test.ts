import { analyzePreview, renderMarkdown, GITHUB_COMMENT_LIMIT, type ReviewReport } from "../../../cli/review";
import { fixture } from "./fixtures";

describe("the Markdown report", () => {
  it("starts with the verdict, then the destructive block, then drift and changes in their own sections", () => {
    const md = renderMarkdown(analyzePreview(fixture("replace")));
    const lines = md.split("\n").filter(Boolean);
    expect(lines[1]).toMatch(
      /^\*\*Stack <code>dev<\/code>\*\*: 0 drifted · 0 to create · 0 to update · 2 to replace · 0 to delete/,
    );
    expect(lines[2]).toBe("> [!WARNING]");
    expect(md.indexOf("[!WARNING]")).toBeLessThan(md.indexOf("### Changes"));
    expect(md).toContain("<details><summary>⚠️ <b>replace</b> <code>org2org</code>");
  });

  it("puts drift and changes under separate headings with before and after per property", () => {
    const md = renderMarkdown(analyzePreview(fixture("drift-and-changes")));
    const drift = md.slice(md.indexOf("### Drift"), md.indexOf("### Changes"));
    const changes = md.slice(md.indexOf("### Changes"));
    expect(drift).toContain(
      "| <code>status</code> | <code>&quot;ENABLED&quot;</code>".replace(/&quot;/g, '"'),
    );
    expect(drift).not.toContain("change-ticket");
    expect(changes).toContain('| <code>ticket</code> | <code>"CHG-1000"</code> | <code>"CHG-2000"</code> |');
  });

  it("says a clean stack has nothing, and counts resources with nothing to report instead of listing them", () => {
    const md = renderMarkdown(analyzePreview(fixture("clean")));
    expect(md).toContain("no drift, no changes (5 resources checked)");
    expect(md).not.toContain("<details>");
    expect(md).toContain("5 other resources: nothing to report.");
    expect(md).toMatch(
      /Not verifiable: <code>token<\/code> of <code>org2org<\/code>, <code>token<\/code> of <code>zscaler<\/code>.*drift there cannot be seen/,
    );
  });

  it("shows secrets as [secret]", () => {
    const md = renderMarkdown(analyzePreview(fixture("secret-change")));
    expect(md).toContain("| <code>token</code> | <code>[secret]</code> | <code>[secret]</code> |");
  });

  it("trims a report over GitHub's limit, keeping the verdict and destructive block and saying where the rest is", () => {
    const base = analyzePreview(fixture("delete"));
    const template = analyzePreview(fixture("changes")).changes[1];
    const report: ReviewReport = {
      ...base,
      changes: [
        ...base.changes,
        ...Array.from({ length: 2000 }, (_, i) => ({
          ...template,
          name: `feature-${i}`,
          urn: `${template.urn}-${i}`,
        })),
      ],
      summary: { ...base.summary, update: 2000 },
    };
    const full = renderMarkdown(report, { limit: Number.POSITIVE_INFINITY });
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const md = renderMarkdown(report, { fullReport: "review.full.md" });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain("0 to replace · 1 to delete");
    expect(md).toContain("**delete** <code>org2org-import</code>");
    expect(md).toMatch(
      /Trimmed to fit GitHub's 65,536-character comment limit: \d+ of 2001 resource entries not shown; the full report is in <code>review\.full\.md<\/code>/,
    );
    // Whole entries only: every <details> that opens also closes.
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
  });
});
