/**
 * Whether a program the product runs could have been put there, or be replaced, by another local user: the machine
 * may be shared, and whoever can write a directory on the way to `pulumi` runs their code with this user's Okta
 * tokens. A path is trusted when every directory from `/` to it, and the file itself, belongs to this user or to
 * root and no one else can write it (a shared sticky directory such as /tmp may be on the way: there no one can
 * replace what another made), and a symbolic link on the way belongs to this user or to root. The same rule as
 * OpenSSH's StrictModes and sudo's secure path.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const STICKY = 0o1000;

function myUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

function mode(stat: fs.Stats): string {
  return (stat.mode & 0o7777).toString(8).padStart(4, "0");
}

/** Why `stat` (of `where`) lets another user change what is there, or undefined when it does not. */
function problemOf(where: string, stat: fs.Stats, isLast: boolean): string | undefined {
  const uid = myUid();
  if (uid === undefined) return undefined; // Windows: ACLs, not modes; nothing this can check.
  if (stat.uid !== uid && stat.uid !== 0)
    return `${where} belongs to another user (uid ${stat.uid}; you are ${uid})`;
  if (stat.isSymbolicLink()) return undefined;
  const othersWrite = (stat.mode & 0o022) !== 0;
  // A sticky shared directory on the way (/tmp) is fine: no one can replace or remove what another user made in it.
  if (othersWrite && !(stat.isDirectory() && !isLast && (stat.mode & STICKY) !== 0))
    return `${where} is writable by other users (mode ${mode(stat)})`;
  return undefined;
}

/** Every prefix of an absolute path: `/a/b` → `/`, `/a`, `/a/b`. */
function prefixes(absolute: string): string[] {
  const { root } = path.parse(absolute);
  const parts = absolute.slice(root.length).split(path.sep).filter(Boolean);
  return [root, ...parts.map((_, i) => path.join(root, ...parts.slice(0, i + 1)))];
}

/**
 * Why `target` (a file or directory) is not safe to run from, or undefined when it is. Checks the path as given
 * (symbolic links on the way included) and the real path it leads to. A missing path is not a trust problem:
 * undefined, and running it fails as it would anyway.
 */
export function untrustedReason(target: string): string | undefined {
  const given = path.resolve(target);
  let real: string;
  try {
    real = fs.realpathSync(given);
  } catch {
    return undefined;
  }
  const givenPrefixes = prefixes(given);
  for (const [i, p] of givenPrefixes.entries()) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      return undefined;
    }
    // A link is judged by its owner here; where it leads is judged below, on the real path.
    if (stat.isSymbolicLink()) {
      const problem = problemOf(`the symbolic link ${p}`, stat, false);
      if (problem) return problem;
    } else if (i < givenPrefixes.length - 1 || stat.isDirectory()) {
      const problem = problemOf(p, stat, i === givenPrefixes.length - 1);
      if (problem) return problem;
    }
  }
  const realPrefixes = prefixes(real);
  for (const [i, p] of realPrefixes.entries()) {
    const problem = problemOf(p, fs.statSync(p), i === realPrefixes.length - 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why the Pulumi installation in `dir` is not safe to run, or undefined: the directory, `pulumi` in it, and every
 * other program of it the CLI may start (language hosts and provider plugins beside it).
 */
export function untrustedInstallReason(dir: string): string | undefined {
  const problem = untrustedReason(dir);
  if (problem) return problem;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!(entry.name === "pulumi" || entry.name.startsWith("pulumi-"))) continue;
    const file = path.join(dir, entry.name);
    const p = untrustedReason(file);
    if (p) return p;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    const fileProblem = problemOf(file, stat, true);
    if (fileProblem) return fileProblem;
  }
  return undefined;
}
