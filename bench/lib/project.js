// A throwaway Pulumi project for the benchmark: the program from bench/program, node_modules linking this
// repository's (and the package itself, as scripts/demo.js does), a file:// backend and a passphrase, all in a temp
// dir. `run` spawns the real CLI and answers its wall time and the peak memory of the processes it started.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { sampleMemory } = require("./memory");

const root = path.resolve(__dirname, "..", "..");
const children = new Set();

/** Stops any pulumi still running (the benchmark was interrupted or failed). */
function stopAll() {
  for (const child of children) child.kill("SIGINT");
}

function linkModules(dir) {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry));
  }
  fs.symlinkSync(root, path.join(modules, "pulumi-okta-provisioning"));
}

class BenchProject {
  /**
   * @param {string} tmp the benchmark's temp root
   * @param {string} name a directory name, also the stack name
   * @param {string} pulumiDir where `pulumi` and its plugins are
   */
  constructor(tmp, name, pulumiDir) {
    this.name = name;
    this.dir = path.join(tmp, name);
    this.backend = path.join(tmp, `${name}-backend`);
    fs.mkdirSync(this.dir);
    fs.mkdirSync(this.backend);
    fs.copyFileSync(path.join(root, "bench", "program", "index.js"), path.join(this.dir, "index.js"));
    fs.writeFileSync(
      path.join(this.dir, "Pulumi.yaml"),
      "name: okta-provisioning-bench\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
    );
    fs.writeFileSync(
      path.join(this.dir, "package.json"),
      JSON.stringify({ name: "okta-provisioning-bench", private: true, main: "index.js" }),
    );
    linkModules(this.dir);
    this.env = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
      ),
      PATH: `${pulumiDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(tmp, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
    };
  }

  /** Writes what the program declares on its next run. */
  declare(spec) {
    fs.writeFileSync(path.join(this.dir, "spec.json"), JSON.stringify(spec));
  }

  async init(org) {
    await this.run(["stack", "init", this.name]);
    await this.run([
      "config",
      "set-all",
      "--plaintext",
      `okta-provisioning:orgUrl=${org.url}`,
      "--secret",
      `okta:apiToken=${org.apiToken}`,
    ]);
  }

  /**
   * Runs `pulumi <args> --non-interactive`; rejects on a non-zero exit unless `allowFailure`.
   * Answers { code, output (stdout and stderr), stdout, ms, memory: { provider, program, engine } (peak bytes) }.
   */
  run(args, { allowFailure = false } = {}) {
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn("pulumi", [...args, "--non-interactive"], {
        cwd: this.dir,
        env: this.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.add(child);
      const memory = sampleMemory(child.pid);
      let output = "";
      let stdout = "";
      child.stdout.on("data", (d) => {
        output += d.toString();
        stdout += d.toString();
      });
      child.stderr.on("data", (d) => (output += d.toString()));
      child.on("error", (err) => {
        children.delete(child);
        memory.stop();
        reject(err);
      });
      child.on("close", (code) => {
        children.delete(child);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const peaks = memory.stop();
        if (code !== 0 && !allowFailure) {
          reject(new Error(`pulumi ${args.join(" ")} failed (exit ${code}):\n${output.slice(-3000)}`));
          return;
        }
        resolve({ code, output, stdout, ms, memory: peaks });
      });
    });
  }

  up() {
    return this.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
  }

  preview() {
    return this.run(["preview"], { allowFailure: true });
  }

  refresh() {
    return this.run(["refresh", "--yes", "--skip-preview"], { allowFailure: true });
  }

  destroy() {
    return this.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
  }

  async exportState() {
    const { stdout } = await this.run(["stack", "export"]);
    return JSON.parse(stdout);
  }

  /** Bytes of the stack's state file in the file:// backend. */
  stateFileBytes() {
    const dir = path.join(this.backend, ".pulumi", "stacks", "okta-provisioning-bench");
    const file = path.join(dir, `${this.name}.json`);
    return fs.existsSync(file) ? fs.statSync(file).size : null;
  }
}

module.exports = { BenchProject, stopAll };
