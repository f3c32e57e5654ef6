/**
 * A pull request controls its program's resource names and values; Okta (or whoever set up the org) controls app
 * names and the values a refresh reads. None of it may add structure to the bot's comment: headings, images, links,
 * HTML (a forged review marker), table cells or @mentions, nor control characters on a terminal.
 */
import { analyzePreview, renderMarkdown, type ReviewReport } from "../../../cli/review";
import { fixture } from "./fixtures";

const FORGED_NAME =
  "zscaler\n\n## ✅ Approved by the security team\n\n![ok](https://evil.example/badge.png) [docs](https://evil.example)" +
  " @acme/security-team <!-- okta-provisioning-review: infra/prod --> \u001b[31mred\u001b[0m | cell \\";

function forged(): ReviewReport {
  const report = analyzePreview(fixture("drift-and-changes"));
  const drift = report.drift[0];
  const change = report.changes[0];
  return {
    ...report,
    stack: "dev\n# stack",
    drift: [
      {
        ...drift,
        name: FORGED_NAME,
        kind: "ProvisioningConnection of app 0oa1 (@everyone ![x](https://evil.example/x.png))",
        properties: [
          { path: "status\n### path", before: "a\n# value", after: "@octocat ![i](https://e.example/i)" },
        ],
      },
    ],
    changes: [{ ...change, name: FORGED_NAME, destructive: "deletes it\n\n# and more" }],
  };
}

describe("untrusted text in the review comment", () => {
  const md = renderMarkdown(forged());

  it("adds no heading: every line starting with # is the review's own", () => {
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toEqual([
      "## Pulumi review: <code>dev\\u000a# stack</code>".replace("\\", "&#92;"),
      "### Drift — changed in Okta outside Pulumi since the last update",
      "### Changes — what merging this pull request does",
    ]);
  });

  it("adds no image, link, HTML comment or control character", () => {
    expect(md).not.toMatch(/!\[[^\]]*\]\(/);
    expect(md).not.toMatch(/\]\(/);
    expect(md).not.toContain("<!--");
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("mentions no one", () => {
    // GitHub's own bots break mentions with a zero-width space after the @.
    for (const m of md.matchAll(/(^|[^A-Za-z0-9_])@(.{0,7})/g)) expect(m[2]).toMatch(/^&#8203;/);
  });

  it("keeps every table row one row, and the names readable", () => {
    expect(md).toContain("<code>zscaler&#92;u000a&#92;u000a## ✅ Approved by the security team");
    for (const row of md.split("\n").filter((l) => l.startsWith("| <code>")))
      expect(row.split("|").length).toBe(5);
  });
});
