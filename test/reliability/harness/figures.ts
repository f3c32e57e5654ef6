/**
 * Each part of the suite prints its figure when it ends; the part that finishes last prints the one summary line
 * of all of them. Jest runs the parts' files in separate workers, so they meet in a directory named after the jest
 * process they share.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const PARTS = [
  "faults",
  "crashes",
  "bad-input",
  "secrets",
  "consent",
  "emulator",
  "security",
] as const;
export type Part = (typeof PARTS)[number];

// In a worker (a forked child) the jest process is the parent; run in band, it is this process.
const jestPid = typeof process.send === "function" ? process.ppid : process.pid;
const RUN_DIR = path.join(os.tmpdir(), `okta-provisioning-reliability-${jestPid}`);
const STALE_MS = 30 * 60_000;

function line(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Prints `reliability <part>: <figure>` and, once every part has reported in this jest run, the summary line. */
export function reportFigure(part: Part, figure: string): void {
  line(`\nreliability ${part}: ${figure}`);
  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.writeFileSync(path.join(RUN_DIR, `${part}.txt`), figure);
  const figures = PARTS.map((p) => {
    const file = path.join(RUN_DIR, `${p}.txt`);
    if (!fs.existsSync(file) || Date.now() - fs.statSync(file).mtimeMs > STALE_MS) return undefined;
    return `${p}: ${fs.readFileSync(file, "utf8")}`;
  });
  if (figures.every((f) => f !== undefined)) {
    line(`\nreliability summary | ${figures.join(" | ")}\n`);
    fs.rmSync(RUN_DIR, { recursive: true, force: true });
  }
}
