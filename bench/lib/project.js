// The benchmark's project: the one harness (scripts/lib/pulumi-project.js) with bench/program as the program, the
// org set in its stack config, and each command answering its wall time and the peak memory of the processes it
// started (bench/lib/memory.js).
const fs = require("node:fs");
const path = require("node:path");
const { PulumiProject, stopAll } = require("../../scripts/lib/pulumi-project");
const { sampleMemory } = require("./memory");

const PROJECT = "okta-provisioning-bench";

/** The emulated Zscaler tenant's SCIM base URL and token, as the program's stack config. */
function zscalerConfig(emulator) {
  const [tenant] = emulator.zscalerTenants;
  return {
    plain: { [`${PROJECT}:zscalerBaseUrl`]: tenant.baseUrl },
    secret: { [`${PROJECT}:zscalerToken`]: tenant.token },
  };
}

class BenchProject extends PulumiProject {
  /**
   * @param {string} tmp the benchmark's temp root
   * @param {string} name a directory name, also the stack name
   * @param {string} pulumiDir where `pulumi` and its plugins are
   * @param {Record<string, string>} [env] extra environment (PULUMI_SKIP_CHECKPOINTS)
   */
  constructor(tmp, name, pulumiDir, env = {}) {
    super({
      root: path.join(tmp, name),
      stack: name,
      pulumiDir,
      env,
      passphrase: "bench-passphrase",
      files: {
        "index.js": { copyFrom: path.join(__dirname, "..", "program", "index.js") },
        "Pulumi.yaml": `name: ${PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
        "package.json": JSON.stringify({ name: PROJECT, private: true, main: "index.js" }),
      },
    });
    /** The directory name, also the stack name. */
    this.name = name;
  }

  /** Writes what the program declares on its next run. */
  declare(spec) {
    fs.writeFileSync(path.join(this.dir, "spec.json"), JSON.stringify(spec));
  }

  /** The org, and the emulated Zscaler tenant the program's connections use (the emulator verifies the token). */
  async init(org, emulator) {
    await this.pulumiOk(["stack", "init", this.stack]);
    const { plain, secret } = zscalerConfig(emulator);
    await this.setConfigAll(
      { "okta-provisioning:orgUrl": org.url, ...plain },
      { "okta:apiToken": org.apiToken, ...secret },
    );
  }

  /**
   * Runs `pulumi <args> --non-interactive`; rejects on a non-zero exit unless `allowFailure`.
   * Answers { code, output (stdout and stderr), stdout, ms, memory: { provider, program, engine } (peak bytes) }.
   */
  async run(args, { allowFailure = false } = {}) {
    const result = await this.pulumi(args, { sample: (pid) => sampleMemory(pid) });
    if (result.code !== 0 && !allowFailure)
      throw new Error(
        `pulumi ${args.join(" ")} failed (exit ${result.code}):\n${result.output.slice(-3000)}`,
      );
    return { ...result, memory: result.sampled };
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
    return super.stateFileBytes(PROJECT);
  }
}

module.exports = { BenchProject, stopAll, zscalerConfig };
