// @ts-check
/**
 * The files a user installs the native provider and its SDKs from, without a clone of this repository — what a
 * release attaches, and what `npm run dist` and the e2e tests build:
 *
 *   pulumi-resource-okta-provisioning-vX.Y.Z-<os>-<arch>.tar.gz   the plugin, for `pulumi plugin install --file`
 *   pulumi_okta_provisioning-X.Y.Z-py3-none-any.whl              the Python SDK
 *   pulumi-okta-provisioning-native-X.Y.Z.tgz                    the TypeScript/JavaScript SDK (npm)
 *   okta-provisioning-sdk-go-vX.Y.Z.tar.gz                       the Go SDK, a module (unpacks to okta-provisioning-sdk-go/)
 *   schema.json                                                  the schema the plugin serves (GetSchema)
 *
 * Every SDK is generated from that one schema by Pulumi's own generators (scripts/sdk-gen). Plain JavaScript checked
 * by TypeScript, like scripts/lib/pulumi-project.js: the release script and the tests share it, and it ships in no
 * package.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const LANGUAGES = /** @type {const} */ (["python", "nodejs", "go"]);

/** @typedef {typeof LANGUAGES[number]} Language */

/**
 * @typedef {object} Artifacts
 * @property {string} dir
 * @property {string} version
 * @property {string} schema
 * @property {string} pluginArchive
 * @property {string} wheel
 * @property {string} nodeTarball
 * @property {string} goArchive
 * @property {Record<string, number>} seconds how long each was to build
 */

/** @param {string} cmd @param {string[]} args @param {import("node:child_process").ExecFileSyncOptions} [opts] */
function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...opts });
}

/** The last line a script prints: the ensure-* scripts print their result there. */
function lastLineOf(/** @type {string} */ script) {
  const out = run("bash", [path.join(REPO_ROOT, "scripts", script)]).toString();
  return out.trim().split("\n").pop() ?? "";
}

/** The engine version scripts/pulumi-versions.env pins (`v3.276.0`). */
function pulumiVersion() {
  const text = fs.readFileSync(path.join(REPO_ROOT, "scripts", "pulumi-versions.env"), "utf8");
  const match = /^PULUMI_CLI_VERSION=(\S+)$/m.exec(text);
  if (!match) throw new Error("scripts/pulumi-versions.env has no PULUMI_CLI_VERSION");
  return match[1];
}

/** The Go names of this machine, which Pulumi's plugin archives carry: `linux-amd64`, `darwin-arm64`. */
function platform() {
  const osName =
    /** @type {Record<string, string>} */ ({ win32: "windows" })[process.platform] ?? process.platform;
  const arch = /** @type {Record<string, string>} */ ({ x64: "amd64" })[process.arch] ?? process.arch;
  return `${osName}-${arch}`;
}

/** The schema the plugin answers GetSchema with (dist/plugin, built first). */
function servedSchema() {
  const plugin = path.join(REPO_ROOT, "dist", "plugin", "schema.js");
  if (!fs.existsSync(plugin)) throw new Error("the plugin is not built: run `npm run build` first");
  return /** @type {{ packageSchema(): string }} */ (require(plugin)).packageSchema();
}

/**
 * Runs Pulumi's generator for `language` over `schemaFile` into `outDir` (created).
 * @param {Language} language @param {string} schemaFile @param {string} outDir
 */
function generateSdk(language, schemaFile, outDir) {
  run(lastLineOf("ensure-sdk-gen.sh"), ["sdk", language, schemaFile, outDir]);
}

/**
 * `npm pack` of this package into `dir`.
 * @param {string} dir
 */
function packPackage(dir) {
  const packed = JSON.parse(
    run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: REPO_ROOT }).toString(),
  );
  return path.join(dir, path.basename(packed[0].filename));
}

/**
 * The plugin as Pulumi installs plugins: an archive whose root holds the executable `pulumi-resource-okta-provisioning`
 * (a launcher: Node.js 20+ runs the plugin's entry), and beside it this package as npm installs it (dist/, schema.json)
 * with its production dependencies and their lockfile. Its package.json is the package's, with the plugin as `main` and
 * nothing to build, so the folder is also a Node.js plugin as PulumiPlugin.yaml declares it: `pulumi package add
 * <folder>` runs it through the Node.js host, whose dependency install (`npm install`) finds everything in place.
 * The content is the same for every platform that has Node.js; the name says the platform Pulumi looks for.
 * @param {string} outDir @param {string} version @param {string} [tarball] this package's `npm pack`, made when absent
 */
function buildPluginArchive(outDir, version, tarball) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-plugin-"));
  try {
    const packed = tarball ?? packPackage(work);
    run("tar", ["-xzf", packed, "-C", work]);
    const stage = path.join(work, "package");
    const manifest = JSON.parse(fs.readFileSync(path.join(stage, "package.json"), "utf8"));
    const main = "dist/plugin/main.js";
    const plugin = {
      name: manifest.name,
      version: manifest.version,
      description: "The okta-provisioning native Pulumi provider plugin",
      license: manifest.license,
      main,
      engines: manifest.engines,
      dependencies: manifest.dependencies,
    };
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(plugin, null, 2)}\n`);
    run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: stage,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const launcher = path.join(stage, "pulumi-resource-okta-provisioning");
    fs.writeFileSync(
      launcher,
      [
        "#!/bin/sh",
        "# The okta-provisioning provider plugin: Node.js 20+ runs the plugin beside this launcher.",
        'dir="$(cd "$(dirname "$0")" && pwd)"',
        `exec node "$dir/${main}" "$@"`,
        "",
      ].join("\n"),
    );
    fs.chmodSync(launcher, 0o755);
    fs.writeFileSync(
      path.join(stage, "PulumiPlugin.yaml"),
      [
        "# The okta-provisioning provider plugin. Installed (`pulumi plugin install --file`), Pulumi runs the executable",
        "# pulumi-resource-okta-provisioning beside this file; a folder given to `pulumi package add` runs with the",
        "# Node.js host, which starts package.json's main.",
        "runtime: nodejs",
        "",
      ].join("\n"),
    );
    const archive = path.join(outDir, `pulumi-resource-okta-provisioning-v${version}-${platform()}.tar.gz`);
    run("tar", ["-czf", archive, "-C", stage, "."]);
    return archive;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The Python SDK as a wheel, built offline with the virtualenv of scripts/ensure-python.sh (setuptools and wheel,
 * no build isolation).
 * @param {string} outDir @param {string} schemaFile @param {string} venv
 */
function buildPythonWheel(outDir, schemaFile, venv) {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-python-"));
  try {
    generateSdk("python", schemaFile, source);
    const before = new Set(fs.readdirSync(outDir));
    run(
      path.join(venv, "bin", "python"),
      [
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-build-isolation",
      ].concat(["-w", outDir, source]),
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const wheel = fs.readdirSync(outDir).find((f) => f.endsWith(".whl") && !before.has(f));
    if (!wheel) throw new Error("pip wheel wrote no wheel");
    return path.join(outDir, wheel);
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
}

/**
 * The TypeScript SDK compiled (with this repository's TypeScript and @pulumi/pulumi types) and packed as npm packs
 * Pulumi's own SDKs: `bin/` with the package.json beside the JavaScript and the declarations.
 * @param {string} outDir @param {string} schemaFile
 */
function buildNodeTarball(outDir, schemaFile) {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-nodejs-"));
  try {
    generateSdk("nodejs", schemaFile, source);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    run(path.join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", source], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (const file of ["package.json", "README.md"]) {
      fs.copyFileSync(path.join(source, file), path.join(source, "bin", file));
    }
    const packed = JSON.parse(
      run("npm", ["pack", "--json", "--pack-destination", outDir, path.join(source, "bin")]).toString(),
    );
    return path.join(outDir, path.basename(packed[0].filename));
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
}

/**
 * The Go SDK: a module (go.mod beside the package directory `oktaprovisioning/`) in an archive that unpacks to
 * `okta-provisioning-sdk-go/`, with its go.sum. Checked to build here first.
 * @param {string} outDir @param {string} schemaFile @param {string} version
 */
function buildGoArchive(outDir, schemaFile, version) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-go-"));
  try {
    const module = path.join(stage, "okta-provisioning-sdk-go");
    generateSdk("go", schemaFile, module);
    // The generator requires sdk/v3 v3.269.0, whose module graph names a pulumi-cloud-sdk release the Go module
    // proxy does not serve; the engine version this project pins is served whole (and Go picks the newest anyway).
    const env = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" };
    run("go", ["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@${pulumiVersion()}`], {
      cwd: module,
      env,
    });
    run("go", ["mod", "tidy"], { cwd: module, env, stdio: ["ignore", "ignore", "inherit"] });
    run("go", ["build", "./..."], { cwd: module, env, stdio: ["ignore", "inherit", "inherit"] });
    const archive = path.join(outDir, `okta-provisioning-sdk-go-v${version}.tar.gz`);
    run("tar", ["-czf", archive, "-C", stage, "okta-provisioning-sdk-go"]);
    return archive;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Every artifact into `outDir` (created). `only` limits it to some of them; the plugin archive and the schema are
 * always written.
 * @param {string} outDir
 * @param {{ only?: Array<"plugin" | Language>, tarball?: string, log?: (line: string) => void }} [options]
 * @returns {Artifacts}
 */
function buildArtifacts(outDir, options = {}) {
  const log = options.log ?? (() => {});
  const wanted = new Set(options.only ?? ["plugin", ...LANGUAGES]);
  fs.mkdirSync(outDir, { recursive: true });
  const text = servedSchema();
  const version = /** @type {{ version: string }} */ (JSON.parse(text)).version;
  const schema = path.join(outDir, "schema.json");
  fs.writeFileSync(schema, text);
  /** @type {Record<string, number>} */
  const seconds = {};
  /** @template T @param {string} name @param {() => T} build @returns {T} */
  const timed = (name, build) => {
    const started = Date.now();
    log(`building ${name}`);
    const result = build();
    seconds[name] = (Date.now() - started) / 1000;
    log(`built ${name} in ${seconds[name].toFixed(1)} s: ${path.basename(String(result))}`);
    return result;
  };
  const artifacts = /** @type {Artifacts} */ ({ dir: outDir, version, schema, seconds });
  if (wanted.has("plugin"))
    artifacts.pluginArchive = timed("plugin", () => buildPluginArchive(outDir, version, options.tarball));
  if (wanted.has("python")) {
    const venv = lastLineOf("ensure-python.sh");
    artifacts.wheel = timed("python", () => buildPythonWheel(outDir, schema, venv));
  }
  if (wanted.has("nodejs")) artifacts.nodeTarball = timed("nodejs", () => buildNodeTarball(outDir, schema));
  if (wanted.has("go")) artifacts.goArchive = timed("go", () => buildGoArchive(outDir, schema, version));
  return artifacts;
}

module.exports = { buildArtifacts, platform, LANGUAGES, REPO_ROOT };
