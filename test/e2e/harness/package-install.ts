import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiVersions, REPO_ROOT } from "./engine";

/** Versions a user's TypeScript Pulumi program would have next to our package. */
const PROGRAM_DEPENDENCIES = [
  `@pulumi/pulumi@${pulumiVersions().cli.replace(/^v/, "")}`,
  "@pulumi/okta@7.0.0",
  "typescript@5.9.3",
  "ts-node@10.9.2",
  "@types/node@20",
];

/**
 * Installs this package the way a user would — from `npm pack` — into a node_modules that every e2e program
 * links to. Keyed by the tarball's hash so an unchanged package is not installed twice.
 */
export function installPackedPackage(): string {
  const root = path.join(os.tmpdir(), "pulumi-okta-provisioning-e2e");
  fs.mkdirSync(root, { recursive: true });
  const packDir = fs.mkdtempSync(path.join(root, "pack-"));
  const tarball = packPackage(packDir);
  const digest = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 16);
  // The same tarball builds the native provider's plugin archive (harness/native.ts): kept beside the install.
  const kept = path.join(root, `pulumi-okta-provisioning-${digest}.tgz`);
  if (!fs.existsSync(kept)) fs.copyFileSync(tarball, kept);
  process.env.OKTA_PROVISIONING_E2E_TARBALL = kept;
  const installDir = path.join(root, `install-${digest}`);
  if (!fs.existsSync(path.join(installDir, ".complete"))) {
    // Several jest runs may install the same tarball at once: each installs into a directory of its own and
    // the first to finish renames it into place.
    const staging = `${installDir}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    fs.copyFileSync(tarball, path.join(staging, "package.tgz"));
    fs.writeFileSync(
      path.join(staging, "package.json"),
      JSON.stringify({ name: "okta-provisioning-e2e-program", private: true }, null, 2),
    );
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "./package.tgz", ...PROGRAM_DEPENDENCIES],
      { cwd: staging, stdio: ["ignore", "ignore", "inherit"] },
    );
    fs.writeFileSync(path.join(staging, ".complete"), new Date().toISOString());
    try {
      fs.renameSync(staging, installDir);
    } catch {
      // Another run won, or a half-finished install of an older harness is in the way.
      if (!fs.existsSync(path.join(installDir, ".complete"))) {
        fs.rmSync(installDir, { recursive: true, force: true });
        fs.renameSync(staging, installDir);
      } else fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  fs.rmSync(packDir, { recursive: true, force: true });
  return path.join(installDir, "node_modules");
}

/** `npm pack` of this package into `dir`: the tarball a user's `npm install` would get. */
export function packPackage(dir: string): string {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  ) as Array<{ filename: string }>;
  return path.join(dir, path.basename(packed[0].filename));
}
