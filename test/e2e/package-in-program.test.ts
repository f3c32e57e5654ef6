/**
 * The package as a user adds it to a program that already has its own @pulumi/pulumi, of another version than the
 * one this package is developed against: npm must find one copy of @pulumi/pulumi in the tree (a second one nested
 * under this package would make its resources and outputs another module's), and the program must deploy.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, type Emulator } from "./harness/emulator-helpers";
import { REPO_ROOT } from "./harness/engine";
import { packPackage } from "./harness/package-install";
import { PulumiProject } from "./harness/project";

jest.setTimeout(900_000);

const ourPackage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version: string }>;
};
/** The @pulumi/pulumi this repo is developed and tested with (the lockfile's). */
const DEV_PIN = lock.packages["node_modules/@pulumi/pulumi"].version;
/** Another version npm has: the user's program was written against it before adding this package. */
const USERS_PULUMI = DEV_PIN === "3.259.0" ? "3.276.0" : "3.259.0";

/** Every installed copy of `name` in the tree under `dir`, with its version. */
function copiesOf(dir: string, name: string): Array<{ at: string; version: string }> {
  const found: Array<{ at: string; version: string }> = [];
  const walk = (modules: string) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@")
        ? fs.readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`)
        : [entry];
      for (const pkg of names) {
        const pkgDir = path.join(modules, pkg);
        if (pkg === name) {
          const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
          found.push({ at: path.relative(dir, pkgDir), version });
        }
        walk(path.join(pkgDir, "node_modules"));
      }
    }
  };
  walk(path.join(dir, "node_modules"));
  return found;
}

describe("this package in a program that has its own @pulumi/pulumi", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-own-pulumi-"));

  beforeAll(async () => {
    expect(USERS_PULUMI).not.toBe(DEV_PIN);
    // The user's program as it was: its own @pulumi/pulumi, TypeScript, nothing of ours yet.
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify(
        {
          name: "users-program",
          private: true,
          dependencies: {
            "@pulumi/pulumi": USERS_PULUMI,
            typescript: "5.9.3",
            "ts-node": "10.9.2",
            "@types/node": "20.19.43",
          },
        },
        null,
        2,
      ),
    );
    const npm = (args: string[]) =>
      execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
        cwd: dir,
        stdio: ["ignore", "ignore", "inherit"],
      });
    npm(["install"]);
    // Then they add this package, as its README says: `npm install pulumi-okta-provisioning`.
    npm(["install", packPackage(dir)]);

    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: path.join(__dirname, "programs", "own-pulumi"),
      nodeModules: path.join(dir, "node_modules"),
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-own-pulumi:zscalerAppId": appOf(org, "zscalerbyz").id,
        "okta-provisioning-own-pulumi:zscalerBaseUrl": emulator.zscalerTenants[0].baseUrl,
      },
      secrets: {
        "okta:apiToken": org.apiToken,
        "okta-provisioning-own-pulumi:zscalerToken": emulator.zscalerTenants[0].token,
      },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves one copy of @pulumi/pulumi in the tree: the program's", () => {
    expect(copiesOf(dir, "@pulumi/pulumi")).toEqual([
      { at: "node_modules/@pulumi/pulumi", version: USERS_PULUMI },
    ]);
  });

  it("installs one copy of each of its runtime dependencies", () => {
    for (const name of Object.keys(ourPackage.dependencies)) {
      const copies = copiesOf(dir, name);
      expect({ name, copies: copies.length }).toEqual({ name, copies: 1 });
    }
  });

  it("deploys: the program's outputs go into this package's resources, and a preview after is empty", async () => {
    await project.up();
    expect(await project.outputs()).toMatchObject({
      sdkVersion: USERS_PULUMI,
      oneSdk: true,
      connectionStatus: "ENABLED",
      pushStatus: "ENABLED",
    });
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    await project.destroy();
  });
});
