// @ts-check
/**
 * The one harness for throwaway Pulumi projects: `npm run demo`, every benchmark (bench/) and the e2e, browser and
 * reliability tests (test/e2e/harness/project.ts adds the packed-package install) build their projects here. A
 * project is a temp root holding `program/` (the program, its node_modules linked), `backend/` (a `file://` backend)
 * and `pulumi-home/`, with a passphrase, no update checks and no plugin downloads: what a user's machine has, minus
 * the network.
 *
 * Plain JavaScript checked by TypeScript (`// @ts-check`, JSDoc types; `npm run lint` type-checks it with the
 * tests): the demo and the benchmarks run under plain `node` after `npm run build`, and test tooling must not ship
 * in the package's dist/, so the harness cannot be compiled with the package; as checked JS it needs no build step
 * and the TypeScript tests import it with its types.
 */
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * @typedef {object} CommandResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {string} output stdout and stderr interleaved, as a terminal would show them
 * @property {number} ms wall time of the command
 * @property {unknown} [sampled] what `RunOptions.sample` answered when the command ended
 */

/**
 * @typedef {object} ProjectOptions
 * @property {string} pulumiDir the directory holding `pulumi` and its language hosts
 * @property {string} [root] the project's temp root (created); default: a new directory under the OS temp dir
 * @property {string} [rootPrefix] the name prefix of that new directory
 * @property {string} [programDir] a directory with a Pulumi.yaml and its program: copied (without node_modules and
 *   stack config files), never modified
 * @property {Record<string, string | { copyFrom: string }>} [files] program files written after the copy, by path
 *   relative to the program: a text, or a file or directory to copy
 * @property {string | false} [nodeModules] linked as the program's node_modules; default: this repository's own,
 *   with the package itself linked in by its name; `false`: none (a YAML program)
 * @property {string} [stack] default "test"
 * @property {Record<string, string>} [config] plain stack config, `namespace:key` → value
 * @property {Record<string, string>} [secrets] secret stack config, stored encrypted with the passphrase
 * @property {Record<string, string>} [env] extra environment for every pulumi command
 * @property {string} [passphrase]
 */

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} [env]
 * @property {number} [timeoutMs] default 600 000
 * @property {boolean} [terminal] run at a (pseudo-)terminal, without `--non-interactive`, as a person at a shell
 * @property {boolean} [nonInteractive] `false`: leave out the `--non-interactive` every other run gets
 * @property {(text: string) => void} [onOutput] each chunk of stdout and stderr as it arrives (the demo streams)
 * @property {(pid: number) => { stop(): unknown }} [sample] watches the process while it runs (a benchmark's memory)
 * @property {string} [input] written to the command's standard input (which is otherwise closed)
 */

/**
 * @typedef {object} PreviewStep
 * @property {string} op
 * @property {string} urn
 * @property {string} [type]
 * @property {{ inputs?: Record<string, unknown>, outputs?: Record<string, unknown> }} [oldState]
 * @property {{ inputs?: Record<string, unknown>, outputs?: Record<string, unknown>, type?: string }} [newState]
 * @property {string[]} [diffReasons]
 * @property {string[]} [replaceReasons]
 * @property {unknown} [detailedDiff]
 */

/**
 * `pulumi preview --json`.
 * @typedef {object} PreviewJson
 * @property {PreviewStep[]} [steps]
 * @property {Record<string, number>} [changeSummary]
 * @property {Array<{ message: string, severity: string, urn?: string }>} [diagnostics]
 */

/**
 * @typedef {object} ExportedResource
 * @property {string} urn
 * @property {string} type
 * @property {string} [id]
 * @property {Record<string, unknown>} [inputs]
 * @property {Record<string, unknown>} [outputs]
 * @property {boolean} [external] read by a `get`, not managed
 */

/**
 * `pulumi stack export`.
 * @typedef {{ deployment: { resources?: ExportedResource[] } }} StackExport
 */

/** Every pulumi still running, so an interrupted script can stop them (`stopAll`). */
const running = new Set();

const shellQuote = (/** @type {string} */ word) => `'${word.replace(/'/g, `'\\''`)}'`;

class PulumiProject {
  /**
   * A project laid out on disk, its stack not yet created (`init` does): for a caller that writes more first.
   * @param {ProjectOptions} options
   */
  constructor(options) {
    const root =
      options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), options.rootPrefix ?? "okta-provisioning-"));
    fs.mkdirSync(root, { recursive: true });
    /** @readonly */
    this.root = root;
    /** @readonly */
    this.dir = path.join(root, "program");
    /** @readonly */
    this.stack = options.stack ?? "test";
    /** @readonly */
    this.options = options;
    /**
     * The environment of every pulumi command, for a process of ours that runs pulumi itself (review, rollout).
     * @readonly
     * @type {Record<string, string>}
     */
    this.env = {
      // An OKTA_* variable of the developer's shell must not point a run at a real org.
      .../** @type {Record<string, string>} */ (
        Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
        )
      ),
      PATH: `${options.pulumiDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "throwaway-passphrase-not-a-secret",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
      ...options.env,
    };
    if (options.programDir) {
      const from = options.programDir;
      fs.cpSync(from, this.dir, {
        recursive: true,
        filter: (src) => !/node_modules|Pulumi\.[^/]+\.yaml$/.test(path.relative(from, src)),
      });
    } else fs.mkdirSync(this.dir, { recursive: true });
    for (const [file, content] of Object.entries(options.files ?? {})) {
      const target = path.join(this.dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (typeof content === "string") fs.writeFileSync(target, content);
      else fs.cpSync(content.copyFrom, target, { recursive: true });
    }
    if (typeof options.nodeModules === "string")
      fs.symlinkSync(options.nodeModules, path.join(this.dir, "node_modules"), "dir");
    else if (options.nodeModules !== false) linkRepositoryModules(this.dir);
    fs.mkdirSync(path.join(root, "backend"), { recursive: true });
  }

  /**
   * A project with its stack created and its config set.
   * @param {ProjectOptions} options
   * @returns {Promise<PulumiProject>}
   */
  static async setUp(options) {
    const project = new PulumiProject(options);
    await project.init();
    return project;
  }

  /** `stack init`, then the config of the options in one `config set-all`, and the secrets on standard input. */
  async init() {
    await this.pulumiOk(["stack", "init", this.stack]);
    await this.setConfigAll(this.options.config ?? {}, this.options.secrets ?? {});
  }

  /**
   * Runs `pulumi ARGS` in the project; resolves whatever the exit code.
   * @param {string[]} args
   * @param {RunOptions} [opts]
   * @returns {Promise<CommandResult>}
   */
  pulumi(args, opts = {}) {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      // Flags must come before a `--` that ends them (as in `config set KEY -- VALUE`).
      const end = args.indexOf("--");
      const argv =
        opts.terminal || opts.nonInteractive === false
          ? args
          : end < 0
            ? [...args, "--non-interactive"]
            : [...args.slice(0, end), "--non-interactive", ...args.slice(end)];
      const env = { ...this.env, ...opts.env };
      // At a terminal: util-linux `script` runs pulumi on a pseudo-terminal, its stdin and stdout a tty as when a
      // person types the command; what it prints arrives on our stdout.
      const [command, commandArgs] = opts.terminal
        ? ["script", ["-qefc", ["pulumi", ...argv].map(shellQuote).join(" "), "/dev/null"]]
        : ["pulumi", argv];
      const child = spawn(command, commandArgs, {
        cwd: this.dir,
        env: opts.terminal ? { TERM: "xterm-256color", ...env } : env,
        stdio: ["pipe", "pipe", "pipe"],
      });
      // Closed at once unless there is input: pulumi then reads nothing from it.
      child.stdin.end(opts.input ?? "");
      running.add(child);
      const sampler = child.pid !== undefined ? opts.sample?.(child.pid) : undefined;
      let stdout = "";
      let stderr = "";
      let output = "";
      child.stdout.on("data", (/** @type {Buffer} */ d) => {
        stdout += d.toString();
        output += d.toString();
        opts.onOutput?.(d.toString());
      });
      child.stderr.on("data", (/** @type {Buffer} */ d) => {
        stderr += d.toString();
        output += d.toString();
        opts.onOutput?.(d.toString());
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 600_000);
      child.on("error", (err) => {
        running.delete(child);
        clearTimeout(timer);
        sampler?.stop();
        reject(err);
      });
      child.on("close", (code) => {
        running.delete(child);
        clearTimeout(timer);
        const sampled = sampler?.stop();
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        resolve({ code, stdout, stderr, output, ms, ...(sampler ? { sampled } : {}) });
      });
    });
  }

  /**
   * Runs `pulumi ARGS` and fails with its output when it exits non-zero.
   * @param {string[]} args
   * @param {RunOptions} [opts]
   */
  async pulumiOk(args, opts = {}) {
    const result = await this.pulumi(args, opts);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return result;
  }

  /**
   * @param {string} key
   * @param {string} value
   * @param {boolean} [secret]
   */
  setConfig(key, value, secret = false) {
    // A secret goes on standard input, never on the command line, where every user of the machine can read it
    // (/proc/PID/cmdline): a live acceptance run's API token among them. Pulumi drops one trailing newline.
    if (secret) return this.pulumiOk(["config", "set", "--secret", key], { input: `${value}\n` });
    return this.pulumiOk(["config", "set", key, "--", value]);
  }

  /**
   * Plain config in one command (a pulumi start costs about a second); each secret in one of its own, on standard
   * input (see setConfig).
   * @param {Record<string, string>} config
   * @param {Record<string, string>} [secrets]
   */
  async setConfigAll(config, secrets = {}) {
    const args = Object.entries(config).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]);
    if (args.length) await this.pulumiOk(["config", "set-all", ...args]);
    for (const [key, value] of Object.entries(secrets)) await this.setConfig(key, value, true);
  }

  /** @param {string[]} [extra] */
  up(extra = []) {
    return this.pulumiOk(["up", "--yes", "--skip-preview", ...extra]);
  }

  /**
   * `pulumi preview --json`, parsed.
   * @param {string[]} [extra]
   * @returns {Promise<PreviewJson>}
   */
  async previewJson(extra = []) {
    const result = await this.pulumiOk(["preview", "--json", ...extra]);
    return JSON.parse(result.stdout);
  }

  /** @param {string[]} [extra] */
  refresh(extra = []) {
    return this.pulumiOk(["refresh", "--yes", "--skip-preview", ...extra]);
  }

  /** @param {string[]} [extra] */
  destroy(extra = []) {
    return this.pulumiOk(["destroy", "--yes", "--skip-preview", ...extra]);
  }

  /** @returns {Promise<StackExport>} */
  async stackExport() {
    const result = await this.pulumiOk(["stack", "export"]);
    return JSON.parse(result.stdout);
  }

  /** @returns {Promise<Record<string, unknown>>} */
  async outputs() {
    const result = await this.pulumiOk(["stack", "output", "--json"]);
    return JSON.parse(result.stdout);
  }

  /** The resources of the stack, as `pulumi stack export` has them. */
  async resources() {
    const exported = await this.stackExport();
    return exported.deployment.resources ?? [];
  }

  /**
   * The URN of the resource named `name` in the stack.
   * @param {string} name
   */
  async urnOf(name) {
    const urn = (await this.resources()).find((r) => r.urn.endsWith(`::${name}`))?.urn;
    if (!urn) throw new Error(`no resource named ${name} in stack ${this.stack}`);
    return urn;
  }

  /**
   * Bytes of the stack's state file in the `file://` backend, or null before the first update.
   * @param {string} project the Pulumi project name (Pulumi.yaml `name`)
   */
  stateFileBytes(project) {
    const file = path.join(this.root, "backend", ".pulumi", "stacks", project, `${this.stack}.json`);
    return fs.existsSync(file) ? fs.statSync(file).size : null;
  }

  /** Stops whatever still runs in the project and removes it. */
  cleanup() {
    killProcessesIn(this.root);
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The program's node_modules links this repository's, and the package itself by its name (as a user has it). */
function linkRepositoryModules(/** @type {string} */ dir) {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
  }
  fs.symlinkSync(REPO_ROOT, path.join(modules, "pulumi-okta-provisioning"));
}

/**
 * Pulumi starts plugins in process groups of their own, so a `pulumi` killed by a test (a crash, a Ctrl-C) can leave
 * its dynamic-provider process behind. Whatever still runs in the project's directory ends with the project.
 */
function killProcessesIn(/** @type {string} */ root) {
  if (!fs.existsSync("/proc")) return;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(root)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone already, or not ours to see.
    }
  }
}

/**
 * The directory holding `pulumi`: what `npm run ensure-pulumi` prints last (it builds the CLI on first use).
 * @returns {string}
 */
function ensurePulumiDir() {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = out.trim().split("\n").pop();
  if (!dir) throw new Error("npm run ensure-pulumi printed no directory");
  return dir;
}

/** Interrupts every pulumi a project of this process still runs (a script was interrupted or failed). */
function stopAll() {
  for (const child of running) child.kill("SIGINT");
}

module.exports = { PulumiProject, ensurePulumiDir, stopAll, REPO_ROOT };
