/**
 * Where a waiting OAuthConsent announces itself on this machine, so that `okta-provisioning consent complete URL`
 * (run in another terminal) can find the loopback page to hand the continue URL to. One file per waiting app,
 * readable by this user only; removed when the wait ends.
 *
 * The directory lives under the shared temp dir, where another user could have made it first: it is used only when
 * it is ours and no one else can write to it, and a file in it is believed only when the process it names is a
 * live process of ours that started when the file says and the page it names is a loopback consent page.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

export interface WaitingConsent {
  appId: string;
  appName: string;
  orgUrl: string;
  authorizeUrl: string;
  /** The loopback page, unguessable path included. */
  pageUrl: string;
  pid: number;
  /** When the process `pid` started (Linux: /proc's start time), so a reused pid does not pass for it. */
  processStart?: string;
  expiresAt: string;
}

/** A hand-off directory that cannot be trusted; the message says what to do about it. */
export class RendezvousError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RendezvousError";
  }
}

/**
 * The loopback page's own URL shape (provider/consent/loopback-page.ts): the literal loopback address, a port, and
 * `/consent/` with 24 random bytes in base64url. `consent complete` POSTs to nothing else.
 */
const PAGE_URL = /^http:\/\/127\.0\.0\.1:([1-9][0-9]{0,4})\/consent\/[A-Za-z0-9_-]{32}$/;

export function isLoopbackPageUrl(url: unknown): url is string {
  if (typeof url !== "string") return false;
  const port = PAGE_URL.exec(url)?.[1];
  return port !== undefined && Number(port) <= 65535;
}

export function rendezvousDir(): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  return (
    process.env.OKTA_PROVISIONING_CONSENT_DIR ?? path.join(os.tmpdir(), `okta-provisioning-consent-${uid}`)
  );
}

function myUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

/** Throws a RendezvousError when `dir` exists but is not a directory of ours that only we can write to. */
function checkDir(dir: string, stat: fs.Stats): void {
  const fix = `remove it (rm -rf '${dir}') or set OKTA_PROVISIONING_CONSENT_DIR to a directory of your own`;
  if (stat.isSymbolicLink() || !stat.isDirectory())
    throw new RendezvousError(`the consent hand-off directory ${dir} is not a directory: ${fix}`);
  const uid = myUid();
  if (uid !== undefined && stat.uid !== uid)
    throw new RendezvousError(
      `the consent hand-off directory ${dir} belongs to another user (uid ${stat.uid}, you are ${uid}): ${fix}`,
    );
  if ((stat.mode & 0o022) !== 0)
    throw new RendezvousError(
      `the consent hand-off directory ${dir} is writable by other users (mode ` +
        `${(stat.mode & 0o777).toString(8).padStart(3, "0")}): run chmod 700 '${dir}', or ${fix}`,
    );
}

/** The hand-off directory, made (0700) when missing; throws a RendezvousError when the one found is not safe. */
function ensureDir(): string {
  const dir = rendezvousDir();
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    else if (code !== "EEXIST") throw err;
  }
  checkDir(dir, fs.lstatSync(dir));
  return dir;
}

/** The start time of process `pid` as /proc has it, or undefined where there is no /proc (or no such process). */
export function processStartOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime); fields 3 on follow the command name's closing parenthesis.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function fileFor(dir: string, appId: string): string {
  return path.join(dir, `${appId}.json`);
}

export function announce(waiting: Omit<WaitingConsent, "pid" | "processStart">): () => void {
  const dir = ensureDir();
  const file = fileFor(dir, waiting.appId);
  const tmp = `${file}.${process.pid}.tmp`;
  const processStart = processStartOf(process.pid);
  const record: WaitingConsent = { ...waiting, pid: process.pid, ...(processStart ? { processStart } : {}) };
  fs.writeFileSync(tmp, JSON.stringify(record, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return () => {
    // Only our own file: another update of the same app may have announced itself since.
    try {
      const now = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<WaitingConsent>;
      if (now.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Gone already.
    }
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A page in the hand-off directory (mode 0600, in a directory only this user can write) that sends the browser on
 * to the loopback page: the browser command is given this file's URL, never the page's, whose path is its only
 * secret and which any user of the machine could read in the command's arguments (`ps`, /proc/PID/cmdline). The
 * way Jupyter opens its server. Answers the file's URL and how to remove it.
 */
export function redirectPage(appId: string, pageUrl: string): { fileUrl: string; remove: () => void } {
  if (!isLoopbackPageUrl(pageUrl)) throw new RendezvousError("not a loopback consent page");
  const dir = ensureDir();
  const file = path.join(dir, `${appId}.open.html`);
  const tmp = `${file}.${process.pid}.tmp`;
  const href = escapeHtml(pageUrl);
  const html =
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="refresh" content="0;url=${href}"><title>Okta provisioning consent</title></head>\n` +
    `<body><p>Opening the consent page… If nothing happens, <a href="${href}">open it</a>.</p></body></html>\n`;
  fs.rmSync(tmp, { force: true });
  // "wx": a new file, never one (or a link) found at that name.
  fs.writeFileSync(tmp, html, { mode: 0o600, flag: "wx" });
  fs.renameSync(tmp, file);
  return {
    fileUrl: pathToFileURL(file).href,
    remove: () => fs.rmSync(file, { force: true }),
  };
}

/**
 * Whether `pid` is a live process of ours that started when the file says: pid 1, a pid of another user, a dead one
 * and a reused one are not.
 */
function isOurLiveProcess(pid: unknown, processStart: unknown): boolean {
  if (typeof pid !== "number" || !Number.isSafeInteger(pid) || pid <= 1) return false;
  const start = processStartOf(pid);
  if (start !== undefined || fs.existsSync("/proc/self/stat")) {
    // Linux: the process must exist, be ours, and have started when its file says.
    if (start === undefined || start !== processStart) return false;
    const uid = myUid();
    try {
      return uid === undefined || fs.statSync(`/proc/${pid}`).uid === uid;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone; EPERM: another user's process, not a consent of ours.
    return false;
  }
}

function isWaitingConsent(v: unknown): v is WaitingConsent {
  const w = v as Partial<WaitingConsent> | null;
  return (
    typeof w === "object" &&
    w !== null &&
    typeof w.appId === "string" &&
    typeof w.appName === "string" &&
    typeof w.orgUrl === "string" &&
    typeof w.authorizeUrl === "string" &&
    typeof w.expiresAt === "string"
  );
}

/**
 * The consents waiting on this machine, optionally for one app. Files of dead or foreign processes, expired ones and
 * ones naming a page that is not a loopback consent page are skipped; an unsafe directory throws a RendezvousError.
 */
export function waitingConsents(appId?: string): WaitingConsent[] {
  const dir = rendezvousDir();
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return [];
  }
  checkDir(dir, stat);
  const uid = myUid();
  const found: WaitingConsent[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    try {
      const file = path.join(dir, name);
      const fileStat = fs.lstatSync(file);
      if (!fileStat.isFile() || (uid !== undefined && fileStat.uid !== uid)) continue;
      const waiting: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
      if (!isWaitingConsent(waiting)) continue;
      if (appId && waiting.appId !== appId) continue;
      if (!(Date.parse(waiting.expiresAt) >= Date.now())) continue;
      if (!isLoopbackPageUrl(waiting.pageUrl)) continue;
      if (!isOurLiveProcess(waiting.pid, waiting.processStart)) continue;
      found.push(waiting);
    } catch {
      // A file being written or removed at this instant: not a waiting consent.
    }
  }
  return found;
}
