/**
 * Where the program goes. Checked before any call to Okta, written only after the whole org was read: a failed
 * adoption leaves nothing behind. An existing directory with files in it is refused unless forced, and then only
 * the generated files are replaced.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputDirError";
  }
}

export function checkOutputDir(dir: string, force: boolean): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    // Does not exist: created on write. Its parent must be a directory we can reach.
    const parent = path.dirname(path.resolve(dir));
    if (!fs.existsSync(parent) || !fs.statSync(parent).isDirectory()) {
      throw new OutputDirError(`--out ${dir}: ${parent} is not a directory`);
    }
    return;
  }
  if (!stat.isDirectory()) throw new OutputDirError(`--out ${dir} exists and is not a directory`);
  if (!force && fs.readdirSync(dir).length > 0) {
    throw new OutputDirError(
      `--out ${dir} exists and is not empty: choose a new directory, or pass --force to overwrite the generated files in it`,
    );
  }
}

/** The import file: its directory must exist; an existing file is replaced only when forced. */
export function checkOutputFile(file: string, force: boolean): void {
  const parent = path.dirname(path.resolve(file));
  if (!fs.existsSync(parent) || !fs.statSync(parent).isDirectory()) {
    throw new OutputDirError(`--out ${file}: ${parent} is not a directory`);
  }
  if (!fs.existsSync(file)) return;
  if (fs.statSync(file).isDirectory()) throw new OutputDirError(`--out ${file} is a directory: name a file`);
  if (!force)
    throw new OutputDirError(`--out ${file} exists: choose a new file name, or pass --force to replace it`);
}

/**
 * Writes each file atomically (temp file + rename), so an interrupted run leaves no half-written program. The
 * directory is the caller's and may be shared: the temp file is always a new file of ours (a link or file planted
 * at its name is removed, and O_EXCL|O_NOFOLLOW refuses one planted after that), never written through, and the
 * rename replaces a link at the target's name rather than following it.
 */
export function writeFiles(dir: string, files: Record<string, string>): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    fs.rmSync(temp, { force: true });
    const fd = fs.openSync(
      temp,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0),
      0o644,
    );
    try {
      fs.writeSync(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    written.push(target);
  }
  return written;
}
