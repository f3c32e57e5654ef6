/**
 * The shell blocks of the docs, as written: every fenced block of a documented file is preceded by a marker that says
 * whether a test runs it word for word (`<!-- doc-test: run -->`) or why it cannot (`<!-- doc-test: template … -->`,
 * e.g. it needs a real org). A block with no marker is an error, so a new command cannot go untested by accident.
 */
import * as fs from "node:fs";

export interface DocBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  text: string;
  marker: "run" | "template" | undefined;
}

export function docBlocks(file: string): DocBlock[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    const before =
      lines
        .slice(0, i)
        .reverse()
        .find((l) => l.trim() !== "") ?? "";
    const marker = /^<!-- doc-test: (run|template)\b/.exec(before.trim())?.[1] as DocBlock["marker"];
    blocks.push({ file, line: i + 1, lang: open[1], text: lines.slice(i + 1, end).join("\n"), marker });
    i = end;
  }
  return blocks;
}
