/**
 * No secret of a waiting consent in any process's arguments (readable by every user: `ps`, /proc/PID/cmdline) nor in
 * a file others can read: `consent complete` takes the continue URL on standard input and refuses it as an
 * argument, and the browser is given a private file that redirects to the page instead of the page's URL.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { ON_COMMAND_LINE, readContinueUrl } from "../../../cli/consent-command";
import { program } from "../../../cli/index";
import { redirectPage } from "../../../provider/consent/rendezvous";

const APP = "0oa1gjh63g214q0Hq0g4";
const CONTINUE = `https://acme.okta.com/api/v1/apps/google/${APP}/oauth2/callback?code=c-1&state=s-1`;
const PAGE = `http://127.0.0.1:4567/consent/${"Ab3_".repeat(8)}`;

describe("consent complete takes the continue URL on standard input only", () => {
  it("refuses it on the command line, saying why and what to run instead, and uses nothing", async () => {
    const run = program()
      .exitOverride()
      .parseAsync(["node", "okta-provisioning", "consent", "complete", CONTINUE]);
    await expect(run).rejects.toThrow(ON_COMMAND_LINE);
    expect(ON_COMMAND_LINE).toMatch(/every user of this machine can read it/);
    expect(ON_COMMAND_LINE).toMatch(/Run `okta-provisioning consent complete` without it and paste the URL/);
  });

  it("reads a piped URL, trimmed, and refuses empty or oversized input", async () => {
    expect(await readContinueUrl(Readable.from([`  ${CONTINUE}\n`]))).toBe(CONTINUE);
    await expect(readContinueUrl(Readable.from(["\n"]))).rejects.toThrow(/no continue URL: paste it/);
    await expect(readContinueUrl(Readable.from(["x".repeat(70_000)]))).rejects.toThrow(/too long/);
  });
});

describe("the browser is given a private file that redirects to the consent page", () => {
  let root: string;
  const previous = process.env.OKTA_PROVISIONING_CONSENT_DIR;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "consent-redirect-"));
    process.env.OKTA_PROVISIONING_CONSENT_DIR = path.join(root, "handoff");
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.OKTA_PROVISIONING_CONSENT_DIR;
    else process.env.OKTA_PROVISIONING_CONSENT_DIR = previous;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("names no secret in its URL, is readable by this user only, and leads to the page", () => {
    const { fileUrl, remove } = redirectPage(APP, PAGE);
    const secret = new URL(PAGE).pathname.split("/").pop() as string;
    expect(fileUrl).toMatch(/^file:\/\//);
    expect(fileUrl).not.toContain(secret);
    const file = fileURLToPath(fileUrl);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, "utf8")).toContain(`<meta http-equiv="refresh" content="0;url=${PAGE}">`);
    remove();
    expect(fs.existsSync(file)).toBe(false);
  });

  it("does not write through a link planted at its temporary name", () => {
    const handoff = path.join(root, "handoff");
    fs.mkdirSync(handoff, { mode: 0o700 });
    const victim = path.join(root, "victim.txt");
    fs.writeFileSync(victim, "unchanged");
    fs.symlinkSync(victim, path.join(handoff, `${APP}.open.html.${process.pid}.tmp`));
    const { fileUrl } = redirectPage(APP, PAGE);
    expect(fs.readFileSync(victim, "utf8")).toBe("unchanged");
    expect(fs.lstatSync(fileURLToPath(fileUrl)).isFile()).toBe(true);
  });

  it("refuses to redirect anywhere but a loopback consent page", () => {
    expect(() => redirectPage(APP, "https://evil.example/consent/x")).toThrow(/not a loopback consent page/);
  });
});
