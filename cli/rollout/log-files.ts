/**
 * Where each stack's Pulumi log goes. Logs hold what Pulumi printed about the stack (resource names, errors, org
 * URLs): the directory is made 0700 and each log 0600. The caller may name a directory others can write (a shared
 * --log-dir): a name planted there — a symbolic link to another file, a file of someone else — is replaced, never
 * written through, and the log is written through the descriptor opened for it, not by name again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The log directory: `dir` (made 0700 when missing, with any missing parents), or a new private temp directory. */
export function makeLogDir(dir?: string): string {
  if (!dir) {
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
    return fs.mkdtempSync(path.join(os.tmpdir(), `okta-provisioning-rollout-${stamp}-`));
  }
  const resolved = path.resolve(dir);
  fs.mkdirSync(resolved, { recursive: true, mode: 0o700 });
  return resolved;
}

export interface LogFile {
  section(title: string): void;
  write(text: string): void;
  close(): void;
}

const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Opens `file` as a new log, mode 0600: whatever had that name (a link included) is removed, not followed. */
export function openLog(file: string): LogFile {
  try {
    if (!fs.lstatSync(file).isDirectory()) fs.unlinkSync(file);
  } catch {
    // Nothing there.
  }
  // O_EXCL: a name someone planted between the unlink and here makes this fail rather than be written through.
  const fd = fs.openSync(
    file,
    fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NO_FOLLOW,
    0o600,
  );
  let open = true;
  const write = (text: string) => {
    if (open) fs.writeSync(fd, text);
  };
  return {
    section: (title) => write(`\n=== ${title} (${new Date().toISOString()}) ===\n`),
    write,
    close: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}
