import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installPackedPackage } from "./package-install";
import { pulumiBinDir } from "./engine";

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the command in milliseconds. */
  ms: number;
}

export interface ProjectOptions {
  /** A directory with a Pulumi.yaml and its program; copied, never modified. */
  programDir: string;
  stack?: string;
  /** Plain stack config, `namespace:key` → value. */
  config?: Record<string, string>;
  /** Secret stack config, `namespace:key` → value (stored encrypted with the passphrase). */
  secrets?: Record<string, string>;
  /** Extra environment for every pulumi command. */
  env?: Record<string, string>;
  /** The program's own node_modules; by default the shared install of the packed package. */
  nodeModules?: string;
}

export interface PulumiRunOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Run at a (pseudo-)terminal, without `--non-interactive`, as a person at a shell does. */
  terminal?: boolean;
  /** `false`: leave out the `--non-interactive` every other run gets (as a script that pipes pulumi does). */
  nonInteractive?: boolean;
}

const PASSPHRASE = "e2e-passphrase-not-a-secret";

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * A Pulumi project in a temp dir, with a local `file://` backend, a passphrase, no update checks and no plugin
 * downloads: what a user's machine has, minus the network. The program links to node_modules installed from
 * `npm pack` of this package.
 */
export class PulumiProject {
  readonly dir: string;
  readonly stack: string;
  private readonly root: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(root: string, stack: string, extraEnv: Record<string, string>) {
    this.root = root;
    this.dir = path.join(root, "program");
    this.stack = stack;
    const inherited = Object.fromEntries(
      // An OKTA_* variable of the developer's shell must not point a test at a real org.
      Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
    );
    this.env = {
      ...inherited,
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
      ...extraEnv,
    };
  }

  static async create(options: ProjectOptions): Promise<PulumiProject> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-e2e-"));
    const project = new PulumiProject(root, options.stack ?? "test", options.env ?? {});
    fs.cpSync(options.programDir, project.dir, {
      recursive: true,
      filter: (src) => !/node_modules|Pulumi\.[^/]+\.yaml$/.test(path.relative(options.programDir, src)),
    });
    const modules =
      options.nodeModules ?? process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage();
    fs.symlinkSync(modules, path.join(project.dir, "node_modules"), "dir");
    fs.mkdirSync(path.join(root, "backend"));
    await project.pulumiOk(["stack", "init", project.stack]);
    for (const [key, value] of Object.entries(options.config ?? {})) await project.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secrets ?? {}))
      await project.setConfig(key, value, true);
    return project;
  }

  /** Runs `pulumi ARGS` in the project; resolves whatever the exit code. */
  pulumi(args: string[], opts: PulumiRunOptions = {}): Promise<CommandResult> {
    const started = Date.now();
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
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 600_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  /** Runs `pulumi ARGS` and fails with its output when it exits non-zero. */
  async pulumiOk(args: string[], opts: PulumiRunOptions = {}) {
    const result = await this.pulumi(args, opts);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return result;
  }

  setConfig(key: string, value: string, secret = false) {
    return this.pulumiOk(["config", "set", ...(secret ? ["--secret"] : []), key, "--", value]);
  }

  up(extra: string[] = []) {
    return this.pulumiOk(["up", "--yes", "--skip-preview", ...extra]);
  }

  /** `pulumi preview --json`, parsed. */
  async previewJson(extra: string[] = []): Promise<PreviewJson> {
    const result = await this.pulumiOk(["preview", "--json", ...extra]);
    return JSON.parse(result.stdout) as PreviewJson;
  }

  refresh(extra: string[] = []) {
    return this.pulumiOk(["refresh", "--yes", "--skip-preview", ...extra]);
  }

  destroy(extra: string[] = []) {
    return this.pulumiOk(["destroy", "--yes", "--skip-preview", ...extra]);
  }

  async stackExport(): Promise<StackExport> {
    const result = await this.pulumiOk(["stack", "export"]);
    return JSON.parse(result.stdout) as StackExport;
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.pulumiOk(["stack", "output", "--json"]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The dynamic resources of the stack, as `pulumi stack export` has them. */
  async resources(): Promise<ExportedResource[]> {
    const exported = await this.stackExport();
    return exported.deployment.resources ?? [];
  }

  /** The URN of the resource named `name` in the stack. */
  async urnOf(name: string): Promise<string> {
    const urn = (await this.resources()).find((r) => r.urn.endsWith(`::${name}`))?.urn;
    if (!urn) throw new Error(`no resource named ${name} in stack ${this.stack}`);
    return urn;
  }

  cleanup(): void {
    killProcessesIn(this.root);
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Pulumi starts plugins in process groups of their own, so a `pulumi` killed by a test (a crash, a Ctrl-C) can leave
 * its dynamic-provider process behind. Whatever still runs in the project's directory ends with the project.
 */
function killProcessesIn(root: string): void {
  if (!fs.existsSync("/proc")) return;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(root)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone already, or not ours to see.
    }
  }
}

export interface PreviewStep {
  op: string;
  urn: string;
  type?: string;
  oldState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; type?: string };
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: unknown;
}

export interface PreviewJson {
  steps?: PreviewStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: Array<{ message: string; severity: string; urn?: string }>;
}

export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StackExport {
  deployment: { resources?: ExportedResource[] };
}
