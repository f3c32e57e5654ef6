/**
 * The `pulumi` a rollout runs must be one no other local user could have put there or can replace: it runs with the
 * rollout's Okta credentials. Attacks: a root planted at the predictable temp path older releases used, an
 * installation another user owns, one others can write, and a symbolic link of another user on the way.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiCommand } from "../../../cli/rollout/workspace";
import { runPreview } from "../../../cli/review/run-preview";
import { untrustedReason } from "../../../cli/trusted-path";

/** A directory holding a `pulumi` that answers `version` and, when `marker` is given, leaves it behind. */
function fakeInstall(dir: string, marker?: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const touch = marker ? `echo ran >> '${marker}'\n` : "";
  fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\n${touch}echo v3.276.0\n`, { mode: 0o755 });
  return dir;
}

describe("the pulumi a rollout runs", () => {
  let tmp: string;
  let planted: string | undefined;

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "okta-pulumi-install-")));
    fs.chmodSync(tmp, 0o755);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (planted) fs.rmSync(planted, { recursive: true, force: true });
    planted = undefined;
  });

  it("never runs a pulumi planted at the predictable temp root of a directory not named bin", async () => {
    const install = fakeInstall(path.join(tmp, "pulumi-v3.276.0"));
    const marker = path.join(tmp, "planted-pulumi-ran");
    // What another user could make before the rollout starts: the root older releases computed and trusted.
    const digest = createHash("sha256").update(install).digest("hex").slice(0, 12);
    planted = path.join(os.tmpdir(), `okta-provisioning-pulumi-${digest}`);
    fs.rmSync(planted, { recursive: true, force: true });
    fakeInstall(path.join(planted, "bin"), marker);

    const command = await pulumiCommand({ pulumiDir: install });
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.realpathSync(command.command)).toBe(path.join(install, "pulumi"));
    // Its own root: made now, only this user's, not the planted one.
    const root = path.dirname(path.dirname(command.command));
    expect(root).not.toBe(planted);
    expect(fs.statSync(root).mode & 0o077).toBe(0);
  });

  it("refuses an installation other users can write, naming it and the fix", async () => {
    const install = fakeInstall(path.join(tmp, "shared"));
    fs.chmodSync(install, 0o777);
    await expect(pulumiCommand({ pulumiDir: install })).rejects.toThrow(
      new RegExp(
        `refusing to run pulumi from ${install}: ${install} is writable by other users \\(mode 0777\\).*chmod go-w`,
      ),
    );
    fs.chmodSync(install, 0o755);
    fs.chmodSync(path.join(install, "pulumi"), 0o777);
    await expect(pulumiCommand({ pulumiDir: install })).rejects.toThrow(/pulumi is writable by other users/);
  });

  it("review refuses a pulumi named by a path others can write, before running it", async () => {
    const marker = path.join(tmp, "ran");
    const install = fakeInstall(path.join(tmp, "shared"), marker);
    fs.chmodSync(install, 0o777);
    await expect(
      runPreview({ stack: "dev", pulumi: path.join(install, "pulumi"), cwd: tmp }),
    ).rejects.toThrow(/refusing to run .*writable by other users/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("refuses a directory on the way that others can write (without the sticky bit)", async () => {
    fs.chmodSync(tmp, 0o777);
    const install = fakeInstall(path.join(tmp, "inner"));
    await expect(pulumiCommand({ pulumiDir: install })).rejects.toThrow(
      `${tmp} is writable by other users (mode 0777)`,
    );
  });

  it("refuses an installation of another user, and a symbolic link of another user on the way", async () => {
    const install = fakeInstall(path.join(tmp, "theirs"));
    const link = path.join(tmp, "link");
    fs.symlinkSync(install, link);
    // What another user made: as root, files given to another uid; else this user's files seen as another user's.
    const uid = process.getuid!();
    if (uid === 0) {
      for (const p of [install, path.join(install, "pulumi")]) fs.chownSync(p, 4242, 4242);
      fs.lchownSync(link, 4242, 4242);
    } else jest.spyOn(process, "getuid").mockReturnValue(uid + 1);
    expect(untrustedReason(install)).toMatch(/belongs to another user/);
    expect(untrustedReason(link)).toMatch(/belongs to another user/);
    await expect(pulumiCommand({ pulumiDir: link })).rejects.toThrow(/refusing to run pulumi from/);
  });

  it("accepts an installation only this user and root can write, through a sticky shared directory", () => {
    const install = fakeInstall(path.join(tmp, "mine"));
    expect(untrustedReason(install)).toBeUndefined();
    // os.tmpdir() is typically a sticky shared directory (1777): fine on the way.
    expect(fs.statSync(path.dirname(tmp)).mode & 0o1000).toBe(0o1000);
  });
});
