/**
 * The native provider as a user of each language installs it, and the one e2e scenario every language runs on the
 * real CLI against the emulator: up, a no-op preview with no API call, drift seen and repaired, import, destroy.
 *
 * What a user installs is what a release attaches (scripts/lib/artifacts.js: the plugin archive, the Python wheel, the
 * npm tarball, the Go module), built once per package content and kept in ~/.cache/pulumi-okta-provisioning; the
 * commands that install it are read from the README's install section and run as written, in the program's fresh
 * directory, so the README cannot drift from what works.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../../emulator";
import { buildArtifacts, type Artifacts } from "../../../scripts/lib/artifacts";
import {
  appOf,
  callsSince,
  okta,
  snapshot,
  tokenConnectionConfig,
  writesSince,
  type Emulator,
} from "./emulator-helpers";
import { REPO_ROOT } from "./engine";
import { installPackedPackage } from "./package-install";
import { PulumiProject, type CommandResult, type PreviewJson } from "./project";
import { sdkGenerator } from "./python";

const CACHE = path.join(
  process.env.OKTA_PROVISIONING_PULUMI_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-okta-provisioning"),
  "artifacts",
);
const DAY_MS = 24 * 3600 * 1000;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The release files, built from the package e2e global setup packed (cached by its content, the build script's and
 * the generator's): one build serves every worker, the others wait for it.
 */
export function nativeArtifacts(): Artifacts {
  if (!process.env.OKTA_PROVISIONING_E2E_TARBALL) installPackedPackage();
  const tarball = process.env.OKTA_PROVISIONING_E2E_TARBALL as string;
  const hash = createHash("sha256");
  for (const file of [
    tarball,
    path.join(REPO_ROOT, "scripts", "lib", "artifacts.js"),
    path.join(REPO_ROOT, "scripts", "sdk-gen", "main.go"),
    path.join(REPO_ROOT, "scripts", "pulumi-versions.env"),
  ])
    hash.update(fs.readFileSync(file));
  const dir = path.join(CACHE, hash.digest("hex").slice(0, 16));
  const manifest = path.join(dir, "artifacts.json");
  const read = (): Artifacts => {
    const names = JSON.parse(fs.readFileSync(manifest, "utf8")) as Artifacts;
    const at = (f: string) => path.join(dir, path.basename(f));
    return {
      ...names,
      dir,
      schema: at(names.schema),
      pluginArchive: at(names.pluginArchive),
      wheel: at(names.wheel),
      nodeTarball: at(names.nodeTarball),
      goArchive: at(names.goArchive),
    };
  };
  if (fs.existsSync(manifest)) return read();
  fs.mkdirSync(CACHE, { recursive: true });
  const lock = `${dir}.lock`;
  for (const started = Date.now(); ; sleep(2000)) {
    if (fs.existsSync(manifest)) return read();
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another worker builds them; a lock older than the slowest build is a killed run's.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 20 * 60_000)
        fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 25 * 60_000) throw new Error(`waited 25 minutes for ${lock} to go`);
    }
  }
  try {
    const staging = `${dir}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const built = buildArtifacts(staging, {
      tarball,
      log: (line) => process.stderr.write(`e2e artifacts: ${line}\n`),
    });
    fs.writeFileSync(path.join(staging, "artifacts.json"), JSON.stringify(built, null, 2));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    // Builds of older package contents go after a day (other checkouts may still use theirs).
    for (const entry of fs.readdirSync(CACHE)) {
      const other = path.join(CACHE, entry);
      if (other !== dir && Date.now() - fs.statSync(other).mtimeMs > DAY_MS)
        fs.rmSync(other, { recursive: true, force: true });
    }
    return read();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export type InstallSection = "plugin" | "yaml" | "python" | "typescript" | "go";

/** The shell commands of the README's install section for `section`, as a user copies them. */
export function readmeInstallCommands(section: InstallSection): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`<!-- install:${section} -->`);
  const end = readme.indexOf(`<!-- /install:${section} -->`);
  if (start < 0 || end < start) throw new Error(`README.md has no install:${section} section`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start, end));
  if (!block) throw new Error(`README.md's install:${section} section has no sh block`);
  return block[1];
}

/**
 * Runs the README's commands for `section` in `dir`, with the release files beside them as a user downloaded them,
 * and the project's environment (its PULUMI_HOME, so the plugin installs there).
 */
export function runReadmeCommands(section: InstallSection, dir: string, env: Record<string, string>): number {
  const started = Date.now();
  const result = spawnSync("bash", ["-euo", "pipefail", "-c", readmeInstallCommands(section)], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `the README's ${section} install commands failed (${result.status}):\n${readmeInstallCommands(section)}\n` +
        `${result.stdout}\n${result.stderr}`,
    );
  }
  return (Date.now() - started) / 1000;
}

/** The release files copied into `dir`, where the README's commands expect them. */
export function placeArtifacts(artifacts: Artifacts, dir: string): void {
  for (const file of [artifacts.pluginArchive, artifacts.wheel, artifacts.nodeTarball, artifacts.goArchive]) {
    fs.copyFileSync(file, path.join(dir, path.basename(file)));
  }
}

/** A language's program, its install and how code that `pulumi import` writes joins it. */
export interface NativeLanguage {
  /** The README section, and the program under test/e2e/programs/native/. */
  name: "python" | "typescript" | "go";
  /** The language of Pulumi's code generators. */
  codegen: "python" | "nodejs" | "go";
  /** The line of generated code that shows it uses the native SDK (not the dynamic resources). */
  sdkImport: RegExp;
  /** Before the README's commands: what `pulumi new` would have made (a virtualenv, node_modules). */
  prepare?(dir: string, env: Record<string, string>): void;
  /** Environment the language needs for every command (the virtualenv first on PATH), over the project's. */
  env?(dir: string, base: Record<string, string>): Record<string, string>;
  /** Adds the code `pulumi import` generated to the program. */
  include(dir: string, code: string): void;
}

const CONNECTION = "okta-provisioning:index:ProvisioningConnection";
const FEATURE = "okta-provisioning:index:ProvisioningFeature";

/** The program's own Pulumi config namespace: every native program's project is `okta-provisioning-native`. */
const key = (name: string) => `okta-provisioning-native:${name}`;

/**
 * The scenario, as a jest `describe`: one stack (a Zscaler token connection and its To App feature), and an Org2Org
 * connection with its To Okta feature configured by hand, then imported. Prints how long each step took.
 */
export function describeNativeLanguage(language: NativeLanguage, extra?: (ctx: () => NativeContext) => void) {
  describe(`the native provider from a ${language.name} program, installed as the README says`, () => {
    const ctx = {} as NativeContext;
    const printed: string[] = [];
    const times: Record<string, number> = {};

    const run = async (args: string[]): Promise<CommandResult> => {
      const result = await ctx.project.pulumi(args);
      printed.push(result.output);
      times[args.slice(0, 2).join(" ")] = (times[args.slice(0, 2).join(" ")] ?? 0) + result.ms / 1000;
      if (result.code !== 0)
        throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
      return result;
    };

    beforeAll(async () => {
      ctx.emulator = await startEmulator({ orgs: 1 });
      const org = ctx.emulator.orgs[0];
      // Credentials the emulator issued (an emulated Zscaler tenant's SCIM token, an API token of the Org2Org target
      // org): it verifies them as Okta does, so invented ones are refused.
      ctx.credentials = tokenConnectionConfig(ctx.emulator, "okta-provisioning-native");
      const artifacts = nativeArtifacts();
      ctx.artifacts = artifacts;
      ctx.project = await PulumiProject.create({
        programDir: path.join(__dirname, "..", "programs", "native", language.name),
        nodeModules: false,
        config: {
          "okta-provisioning:orgUrl": org.url,
          [key("zscalerAppId")]: appOf(org, "zscalerbyz").id,
          [key("zscalerBaseUrl")]: ctx.credentials.zscaler.baseUrl,
        },
        secrets: {
          "okta-provisioning:apiToken": org.apiToken,
          [key("zscalerToken")]: ctx.credentials.zscaler.token,
        },
      });
      const dir = ctx.project.dir;
      Object.assign(ctx.project.env, language.env?.(dir, ctx.project.env) ?? {});
      placeArtifacts(artifacts, dir);
      const started = Date.now();
      language.prepare?.(dir, ctx.project.env);
      times.prepare = (Date.now() - started) / 1000;
      times["install plugin"] = runReadmeCommands("plugin", dir, ctx.project.env);
      times[`install ${language.name} SDK`] = runReadmeCommands(language.name, dir, ctx.project.env);
    });

    afterAll(async () => {
      process.stderr.write(
        `native ${language.name} e2e, seconds: ${Object.entries(times)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(", ")}\n`,
      );
      ctx.project?.cleanup();
      await ctx.emulator?.close();
    });

    extra?.(() => ctx);

    it("deploys, previews no change with no call, sees drift and repairs it, imports an org's hand-made setup, and destroys", async () => {
      const { emulator, project, credentials } = ctx;
      const org = emulator.orgs[0];
      const secrets = [credentials.zscaler.token, credentials.org2org.token, org.apiToken];
      const zscaler = appOf(org, "zscalerbyz").id;
      const org2org = appOf(org, "okta_org2org").id;

      // ---- up: one activating POST for the connection, one PUT for the feature.
      let mark = snapshot(emulator);
      await run(["up", "--yes", "--skip-preview"]);
      expect(writesSince(emulator, mark)).toBe(2);
      expect(await project.outputs()).toMatchObject({ zscalerStatus: "ENABLED", pushStatus: "ENABLED" });
      expect((await okta(org, "GET", `/api/v1/apps/${zscaler}/connections/default`)).body).toMatchObject({
        status: "ENABLED",
        profile: { authScheme: "TOKEN" },
        baseUrl: credentials.zscaler.baseUrl,
      });
      expect(
        (await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`)).body,
      ).toMatchObject({
        status: "ENABLED",
        capabilities: { update: { profile: { status: "ENABLED" }, password: { change: "CHANGE" } } },
      });
      // Served by the plugin, not the dynamic provider.
      expect((await project.resources()).map((r) => r.type).sort()).toEqual([
        CONNECTION,
        FEATURE,
        "pulumi:providers:okta-provisioning",
        "pulumi:pulumi:Stack",
      ]);

      // ---- a preview of the unchanged program: no change, not one call to Okta.
      mark = snapshot(emulator);
      await run(["preview", "--expect-no-changes"]);
      expect(callsSince(emulator, mark)).toBe(0);

      // ---- drift made in the Admin Console: a refreshed preview names exactly that property, and writes nothing.
      await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
        update: { profile: { status: "DISABLED" } },
      });
      mark = snapshot(emulator);
      const drift = JSON.parse((await run(["preview", "--refresh", "--json"])).stdout) as PreviewJson;
      const updates = (drift.steps ?? []).filter((s) => s.op === "update");
      expect(updates.map((s) => s.urn.split("::").pop())).toEqual(["zscaler-push"]);
      expect(updates[0].detailedDiff).toEqual({
        "capabilities.update.profile.status": { kind: "update", inputDiff: true },
      });
      expect(writesSince(emulator, mark)).toBe(0);
      mark = snapshot(emulator);
      await run(["up", "--yes", "--skip-preview", "--refresh"]);
      expect(writesSince(emulator, mark)).toBe(1); // one PUT of the drifted leaf
      expect(
        (await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`)).body,
      ).toMatchObject({ capabilities: { update: { profile: { status: "ENABLED" } } } });

      // ---- an admin configured Org2Org by hand: `pulumi import`, then the code it generates joins the program.
      await okta(org, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
        baseUrl: credentials.org2org.baseUrl,
        profile: { authScheme: "TOKEN", token: credentials.org2org.token },
      });
      await okta(org, "PUT", `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`, {
        importSettings: {
          username: { usernameFormat: "EMAIL" },
          schedule: {
            status: "ENABLED",
            fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
          },
        },
        importRules: { userCreateAndMatch: { exactMatchCriteria: "EMAIL", autoConfirmExactMatch: true } },
      });
      fs.writeFileSync(
        path.join(project.dir, "import.json"),
        JSON.stringify({
          resources: [
            { type: CONNECTION, name: "org2org", id: org2org },
            { type: FEATURE, name: "org2org-imports", id: `${org2org}/INBOUND_PROVISIONING` },
          ],
        }),
      );
      mark = snapshot(emulator);
      // The language hosts built here (v3.68, v3.66) predate GenerateProgram: the engine imports, and the code is
      // generated the way `pulumi import` generates it (scripts/sdk-gen import-code).
      const imported = await run([
        "import",
        "--file",
        "import.json",
        "--yes",
        "--protect=false",
        "--generate-code=false",
      ]);
      expect(writesSince(emulator, mark)).toBe(0);
      // No "failed to validate ... almost certainly a bug in the provider": the token Okta never returns is fine.
      expect(imported.output).not.toMatch(/warning|failed to validate|bug in the/i);
      const exported = path.join(project.root, "stack.json");
      fs.writeFileSync(exported, JSON.stringify(await project.stackExport()));
      const code = importCode(language.codegen, ctx.artifacts.schema, exported, [
        "org2org",
        "org2org-imports",
      ]);
      expect(code).toMatch(language.sdkImport);
      expect(code).not.toMatch(/pulumi-okta-provisioning"|dynamic/);
      language.include(project.dir, code);
      mark = snapshot(emulator);
      await run(["preview", "--expect-no-changes"]);
      expect(callsSince(emulator, mark)).toBe(0);

      // ---- no secret in the state, and secret outputs stay secret.
      const state = JSON.stringify(await project.stackExport());
      for (const secret of secrets) expect(state).not.toContain(secret);

      // ---- destroy: both connections deactivated, both features back to Okta's disabled defaults.
      mark = snapshot(emulator);
      await run(["destroy", "--yes", "--skip-preview"]);
      expect(writesSince(emulator, mark)).toBe(4);
      for (const app of [zscaler, org2org]) {
        expect((await okta(org, "GET", `/api/v1/apps/${app}/connections/default`)).body).toMatchObject({
          status: "DISABLED",
        });
      }

      for (const text of printed) {
        // Installed with `pulumi plugin install`: the engine says nothing about a plugin found on PATH.
        expect(text).not.toMatch(/from \$PATH/);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    });

    it("reads what an admin configured with get and the functions, writing nothing, and leaves it in Okta", async () => {
      const { emulator, project, credentials } = ctx;
      const org = emulator.orgs[0];
      const org2org = appOf(org, "okta_org2org").id;
      // Org2Org configured by hand (the stack above was destroyed): the connection enabled, profile push on.
      await okta(org, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
        baseUrl: credentials.org2org.baseUrl,
        profile: { authScheme: "TOKEN", token: credentials.org2org.token },
      });
      await okta(org, "PUT", `/api/v1/apps/${org2org}/features/USER_PROVISIONING`, {
        update: { profile: { status: "ENABLED" } },
      });
      // The program as it was before the import joined it: Org2Org is only read now.
      for (const file of ["imported.ts", "imported.py", "imported.go"])
        fs.rmSync(path.join(project.dir, file), { force: true });
      await project.setConfig(key("lookupAppId"), org2org);
      try {
        let mark = snapshot(emulator);
        await run(["up", "--yes", "--skip-preview"]);
        // The program's own stack is created again; the looked-up resources and the functions only read.
        expect(writesSince(emulator, mark)).toBe(2);
        expect(await project.outputs()).toMatchObject({
          lookedUpStatus: "ENABLED",
          lookedUpAppName: "okta_org2org",
          lookedUpProfilePush: "ENABLED",
          lookedUpConnectionStatus: "ENABLED",
          lookedUpConnectionAuthScheme: "TOKEN",
          lookedUpFeatureStatus: "ENABLED",
        });
        const read = (await project.stackExport()).deployment.resources?.filter((r) =>
          /looked-up/.test(r.urn),
        );
        expect(read?.map((r) => [r.urn.split("::").pop(), r.external]).sort()).toEqual([
          ["looked-up", true],
          ["looked-up-push", true],
        ]);
        const state = JSON.stringify(await project.stackExport());
        for (const secret of [credentials.zscaler.token, credentials.org2org.token])
          expect(state).not.toContain(secret);
        // Read resources and functions read at every preview, as Pulumi's data sources do: reads only.
        mark = snapshot(emulator);
        await run(["preview"]);
        expect(writesSince(emulator, mark)).toBe(0);
        expect(callsSince(emulator, mark)).toBeGreaterThan(0);
      } finally {
        await project.pulumiOk(["config", "rm", key("lookupAppId")]);
      }
      // Dropped from the program: gone from the stack, and left as it is in Okta, as is destroy.
      await run(["up", "--yes", "--skip-preview"]);
      expect((await project.resources()).some((r) => /looked-up/.test(r.urn))).toBe(false);
      await run(["destroy", "--yes", "--skip-preview"]);
      expect((await okta(org, "GET", `/api/v1/apps/${org2org}/connections/default`)).body).toMatchObject({
        status: "ENABLED",
      });
    });
  });
}

export interface NativeContext {
  emulator: Emulator;
  project: PulumiProject;
  artifacts: Artifacts;
  /** The credentials the emulator issued for the token connections (tokenConnectionConfig). */
  credentials: ReturnType<typeof tokenConnectionConfig>;
}

/**
 * The code `pulumi import` writes for `names` of a stack export, in `language` (scripts/sdk-gen import-code: the
 * CLI's importer and the language's program generator). Fails on any diagnostic, error or warning.
 */
export function importCode(language: string, schema: string, stack: string, names: string[]): string {
  return execFileSync(sdkGenerator(), ["import-code", language, schema, stack, ...names], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}
