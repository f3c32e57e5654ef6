/**
 * Where a waiting OAuthConsent announces itself on this machine, so that `okta-provisioning consent complete URL`
 * (run in another terminal) can find the loopback page to hand the continue URL to. One file per waiting app,
 * readable by this user only; removed when the wait ends.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface WaitingConsent {
  appId: string;
  appName: string;
  orgUrl: string;
  authorizeUrl: string;
  /** The loopback page, unguessable path included. */
  pageUrl: string;
  pid: number;
  expiresAt: string;
}

export function rendezvousDir(): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  return (
    process.env.OKTA_PROVISIONING_CONSENT_DIR ?? path.join(os.tmpdir(), `okta-provisioning-consent-${uid}`)
  );
}

function fileFor(appId: string): string {
  return path.join(rendezvousDir(), `${appId}.json`);
}

export function announce(waiting: WaitingConsent): () => void {
  fs.mkdirSync(rendezvousDir(), { recursive: true, mode: 0o700 });
  const file = fileFor(waiting.appId);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(waiting, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return () => fs.rmSync(file, { force: true });
}

/** The consents waiting on this machine, optionally for one app; stale files of dead processes are skipped. */
export function waitingConsents(appId?: string): WaitingConsent[] {
  let names: string[];
  try {
    names = fs.readdirSync(rendezvousDir()).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const found: WaitingConsent[] = [];
  for (const name of names) {
    try {
      const waiting = JSON.parse(fs.readFileSync(path.join(rendezvousDir(), name), "utf8")) as WaitingConsent;
      if (appId && waiting.appId !== appId) continue;
      if (Date.parse(waiting.expiresAt) < Date.now() || !alive(waiting.pid)) continue;
      found.push(waiting);
    } catch {
      // A file being written or removed at this instant: not a waiting consent.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
