/**
 * The README's first screen, as a new user follows it (issue 30): the files of a hand-made TypeScript program, written
 * as the README shows them; `npm install` and `pulumi stack init`; then the emulator, the config and `pulumi up`,
 * each block run word for word by bash in a fresh directory. The one substitution: the package comes from `npm pack`
 * of this checkout instead of the registry. On the machine's Node.js (20 in CI) and on Node.js 22.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { docBlocks } from "./harness/doc-blocks";
import { runBash } from "./harness/doc-blocks";
import { pulumiBinDir, REPO_ROOT } from "./harness/engine";
import { node22Dir } from "./harness/node-versions";
import { packPackage } from "./harness/package-install";

jest.setTimeout(900_000);

const README = path.join(REPO_ROOT, "README.md");
const FIRST_SCREEN = (() => {
  const text = fs.readFileSync(README, "utf8");
  const end = text.split("\n").findIndex((l) => l.startsWith("### From a clone of this repository"));
  return docBlocks(README).filter((b) => b.line < end);
})();

describe("the README's first screen, word for word", () => {
  let tarball: string;
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-readme-pack-"));
  beforeAll(() => {
    tarball = packPackage(packDir);
  });
  afterAll(() => fs.rmSync(packDir, { recursive: true, force: true }));

  it("marks every block of the first screen as a file, a command run here, or a template with a reason", () => {
    expect(FIRST_SCREEN.filter((b) => !b.marker).map((b) => `README.md:${b.line}`)).toEqual([]);
    expect(FIRST_SCREEN.filter((b) => b.marker === "file").map((b) => b.fileName)).toEqual([
      "package.json",
      "tsconfig.json",
      "Pulumi.yaml",
      "index.ts",
    ]);
    expect(FIRST_SCREEN.filter((b) => b.marker === "run")).toHaveLength(2);
  });

  const nodes: Array<[string, () => string | undefined]> = [
    [`Node.js ${process.versions.node.split(".")[0]} (this machine's)`, () => undefined],
    ["Node.js 22", () => node22Dir()],
  ];

  it.each(nodes)("installs and deploys to the emulator on %s", async (_name, nodeDir) => {
    const bin = nodeDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-readme-"));
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
      ),
      PATH: [bin, pulumiBinDir(), process.env.PATH].filter(Boolean).join(path.delimiter),
      // A user logged in to a backend, with a passphrase for secrets; `pulumi up` at a terminal asks to confirm.
      PULUMI_HOME: path.join(dir, ".pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, ".backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "readme-passphrase-not-a-secret",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
    };
    fs.mkdirSync(path.join(dir, ".backend"));
    try {
      for (const block of FIRST_SCREEN.filter((b) => b.marker === "file"))
        fs.writeFileSync(path.join(dir, block.fileName as string), `${block.text}\n`);
      // The one substitution: this checkout's package, not the registry's.
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(pkg.dependencies["pulumi-okta-provisioning"]).toBeDefined();
      pkg.dependencies["pulumi-okta-provisioning"] = `file:${tarball}`;
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));

      const [install, deploy] = FIRST_SCREEN.filter((b) => b.marker === "run");
      const installed = await runBash(install.text, dir, env, 600_000);
      if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.output.slice(-4000)}`);
      // npm 11 lists install scripts awaiting approval: none of ours, only the one the README names.
      expect(installed.output).not.toMatch(/pulumi-okta-provisioning@[\d.]+ \(/);
      const awaiting = [...installed.output.matchAll(/install-scripts\s+(@?[^@\s]+)@[\d.]+ \(/g)].map(
        (m) => m[1],
      );
      expect(awaiting.filter((name) => name !== "protobufjs")).toEqual([]);
      const warned = [...installed.output.matchAll(/EBADENGINE\s+package: '(@?[^@']+)@/g)].map((m) => m[1]);
      if (bin) expect(warned).toEqual([]);
      else expect(new Set(warned)).toEqual(new Set(["@pulumi/pulumi", "cookie"]));

      const deployed = await runBash(deploy.text, dir, env, 600_000);
      if (deployed.code !== 0) throw new Error(`the deploy block failed:\n${deployed.output.slice(-4000)}`);
      expect(deployed.output).toMatch(/\+ 3 created/);
      expect(deployed.output).not.toMatch(/TSError|error TS\d+/);
      // The emulated Zscaler tenant's token (the emulator verifies it as Okta does) stays a secret.
      const printed = JSON.parse(fs.readFileSync(path.join(dir, "emulator.json"), "utf8"));
      expect(deployed.output).not.toContain(printed.zscalerTenants[0].token);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
