import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { completeConsent } from "../../../cli/consent-command";
import { CliError } from "../../../cli/errors";
import { announce, waitingConsents } from "../../../provider/consent/rendezvous";

const APP = "0oa1gjh63g214q0Hq0g4";
const CONTINUE = `https://acme.okta.com/api/v1/apps/google/${APP}/oauth2/callback?code=c-1&state=s-1`;
const PAGE_PATH = `/consent/${"a".repeat(32)}`;

function waiting(pageUrl: string) {
  return {
    appId: APP,
    appName: "google",
    orgUrl: "https://acme.okta.com",
    authorizeUrl: "https://accounts.example/o/oauth2/auth?state=s-1",
    pageUrl,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  };
}

describe("the consent hand-off directory is trusted only when it is ours", () => {
  let root: string;
  let dir: string;
  const previous = process.env.OKTA_PROVISIONING_CONSENT_DIR;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rendezvous-unit-"));
    dir = path.join(root, "handoff");
    process.env.OKTA_PROVISIONING_CONSENT_DIR = dir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.OKTA_PROVISIONING_CONSENT_DIR;
    else process.env.OKTA_PROVISIONING_CONSENT_DIR = previous;
    fs.rmSync(root, { recursive: true, force: true });
  });

  const oneLine = async (attempt: Promise<unknown>): Promise<string> => {
    const err = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).not.toContain("\n");
    return (err as Error).message;
  };

  it("makes a missing directory 0700 and finds the consent announced there", () => {
    const withdraw = announce(waiting(`http://127.0.0.1:4567${PAGE_PATH}`));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(waitingConsents(APP)).toEqual([expect.objectContaining({ appId: APP, pid: process.pid })]);
    withdraw();
    expect(waitingConsents(APP)).toEqual([]);
  });

  it("refuses an existing directory that others can write to, saying what to do", async () => {
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    const reason =
      `the consent hand-off directory ${dir} is writable by other users (mode 777): run chmod 700 '${dir}', ` +
      `or remove it (rm -rf '${dir}') or set OKTA_PROVISIONING_CONSENT_DIR to a directory of your own`;
    expect(() => announce(waiting(`http://127.0.0.1:4567${PAGE_PATH}`))).toThrow(reason);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(() => waitingConsents()).toThrow(reason);
    expect(await oneLine(completeConsent(CONTINUE))).toBe(reason);
  });

  it("refuses an existing directory of another user", async () => {
    // As root, a directory given away; otherwise one root owns already.
    const root0 = process.getuid?.() === 0;
    if (root0) {
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.chownSync(dir, 4242, 4242);
    } else process.env.OKTA_PROVISIONING_CONSENT_DIR = dir = "/";
    const owner = fs.statSync(dir).uid;
    const reason = new RegExp(
      `^the consent hand-off directory ${dir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} belongs to another user ` +
        `\\(uid ${owner}, you are ${process.getuid?.()}\\): remove it`,
    );
    expect(() => announce(waiting(`http://127.0.0.1:4567${PAGE_PATH}`))).toThrow(reason);
    expect(await oneLine(completeConsent(CONTINUE))).toMatch(reason);
  });

  it("does not count a file naming pid 1, a dead process or a reused pid as a waiting consent", () => {
    fs.mkdirSync(dir, { mode: 0o700 });
    const child = spawnSync(process.execPath, ["-e", "0"]);
    const plant = (name: string, pid: number, extra: Record<string, unknown> = {}) =>
      fs.writeFileSync(
        path.join(dir, `${name}.json`),
        JSON.stringify({ ...waiting(`http://127.0.0.1:4567${PAGE_PATH}`), appId: name, pid, ...extra }),
        { mode: 0o600 },
      );
    plant("init", 1);
    plant("dead", child.pid ?? 999_999);
    plant("reused", process.pid, { processStart: "1" });
    expect(waitingConsents()).toEqual([]);
  });

  it("consent complete POSTs only to the loopback page's own URL, never where a file points", async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      if (req.url === PAGE_PATH) {
        // A page of the right shape that sends the continue URL on elsewhere.
        res.writeHead(307, { location: "/steal" });
        return res.end();
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, message: "stolen" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      for (const pageUrl of [
        `http://127.0.0.1:${port}/steal`,
        `http://localhost:${port}${PAGE_PATH}`,
        `http://127.0.0.1:${port}${PAGE_PATH}/../../steal`,
        `http://127.0.0.1:${port}${PAGE_PATH}?next=/steal`,
        `http://user@127.0.0.1:${port}${PAGE_PATH}`,
      ]) {
        const withdraw = announce(waiting(pageUrl));
        expect(await oneLine(completeConsent(CONTINUE))).toMatch(/no OAuthConsent is waiting for app/);
        withdraw();
      }
      expect(received).toEqual([]);
      const withdraw = announce(waiting(`http://127.0.0.1:${port}${PAGE_PATH}`));
      expect(await oneLine(completeConsent(CONTINUE))).toMatch(/did not answer on its loopback page/);
      withdraw();
      expect(received).toEqual([`POST ${PAGE_PATH}`]);
    } finally {
      server.close();
    }
  });
});
