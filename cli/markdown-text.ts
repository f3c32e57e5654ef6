/**
 * Text the tool did not write — names and values from a pull request's program, app labels and names from Okta —
 * made inert in Markdown that GitHub renders (a pull-request comment, a generated README): control characters (a
 * newline would start a heading, a table row or a block of its own) shown as escapes; no HTML (a forged
 * `<!-- okta-provisioning-review … -->` marker, tags); no table-cell ends; no inline link or image (`[…](…)`,
 * `![…](…)`); no backslash escaping the markup around it; and no @mention, broken as GitHub's own bots break them
 * (a zero-width space after the `@`).
 */
import { printable } from "../provider/client";

export function inertMarkdown(text: string): string {
  return printable(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;")
    .replace(/\\/g, "&#92;")
    .replace(/\]\(/g, "]&#40;")
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "$1@&#8203;");
}
