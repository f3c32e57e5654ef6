/**
 * The shell blocks of the docs, as written: every fenced block of a documented file is preceded by a marker that says
 * whether a test runs it word for word (`<!-- doc-test: run -->`) or why it cannot (`<!-- doc-test: template … -->`,
 * e.g. it needs a real org). A block with no marker is an error, so a new command cannot go untested by accident.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";

export interface DocBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  text: string;
  marker: "run" | "template" | "file" | undefined;
  /** For `<!-- doc-test: file NAME -->`: the file of a reader's project the block is, written as it stands. */
  fileName?: string;
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
    const found = /^<!-- doc-test: (run|template|file)\b\s*(\S*)/.exec(before.trim());
    const marker = found?.[1] as DocBlock["marker"];
    const text = lines.slice(i + 1, end).join("\n");
    blocks.push({
      file,
      line: i + 1,
      lang: open[1],
      text,
      marker,
      ...(marker === "file" ? { fileName: found?.[2] } : {}),
    });
    i = end;
  }
  return blocks;
}

/** Runs `script` with bash in `cwd`; whatever it left running in the background is stopped with it. */
export function runBash(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 180_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], { cwd, env, detached: true });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), timeoutMs);
    child.on("error", reject);
    // "exit", not "close": an emulator a block starts with `&` keeps the shell's stderr open until it is stopped.
    child.on("exit", (code) => {
      clearTimeout(timer);
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        // Nothing left running.
      }
      resolve({ code, output });
    });
  });
}
