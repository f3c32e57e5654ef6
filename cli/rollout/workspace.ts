/**
 * The program's Pulumi workspace: the CLI to run, the stacks of the plan checked against the backend, and which
 * Okta org each stack points at (read from its stack config file, so stacks of one org never run at once).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { orgUrlOf, PROVIDER_CONFIG_KEYS } from "../../provider/orgs";
import { CliError } from "../errors";
import { untrustedInstallReason } from "../trusted-path";
import type { RolloutPlan } from "./types";

export interface WorkspaceOptions {
  /** A Pulumi CLI the caller resolved. */
  pulumiCommand?: PulumiCommand;
  /** The directory holding `pulumi` (and its plugins), when it is not on PATH. */
  pulumiDir?: string;
  /** Extra environment for every pulumi command (over this process's: PULUMI_BACKEND_URL and friends). */
  env?: Record<string, string>;
}

/** Roots made for this process's runs, removed when it exits. */
const madeRoots = new Set<string>();

function removeMadeRoots(): void {
  for (const root of madeRoots) fs.rmSync(root, { recursive: true, force: true });
  madeRoots.clear();
}

/**
 * `PulumiCommand.get({ root })` runs `ROOT/bin/pulumi`. An install whose directory is not named `bin` gets a root
 * of its own whose `bin` links to it: a new directory made for this run by `mkdtemp` (mode 0700, a name no one can
 * guess, never one found already there), so that another user cannot plant the `pulumi` that runs. The install
 * itself must be one no other user can write.
 */
async function commandIn(dir: string): Promise<PulumiCommand> {
  const resolved = path.resolve(dir);
  if (path.basename(resolved) === "bin") return PulumiCommand.get({ root: path.dirname(resolved) });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-pulumi-"));
  if (madeRoots.size === 0) process.once("exit", removeMadeRoots);
  madeRoots.add(root);
  fs.symlinkSync(fs.realpathSync(resolved), path.join(root, "bin"), "dir");
  return PulumiCommand.get({ root });
}

/** Refuses a Pulumi installation another local user could change: it would run with this user's credentials. */
function checkTrusted(dir: string): void {
  const problem = untrustedInstallReason(dir);
  if (problem)
    throw new CliError(
      `refusing to run pulumi from ${path.resolve(dir)}: ${problem}, so another user could replace what runs ` +
        "(with your Okta credentials). Use a Pulumi installation that only you or root can write " +
        "(`chmod go-w` on it and the directories above it, or install it under your home directory).",
    );
}

/** The Pulumi CLI to run: the caller's, the one in `pulumiDir` (checked first), or `pulumi` on PATH. */
export async function pulumiCommand(options: WorkspaceOptions): Promise<PulumiCommand> {
  if (options.pulumiCommand) return options.pulumiCommand;
  if (options.pulumiDir) checkTrusted(options.pulumiDir);
  try {
    return options.pulumiDir ? await commandIn(options.pulumiDir) : await PulumiCommand.get();
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (/ENOENT|not found/i.test(text))
      throw new CliError(
        `cannot run pulumi: ${options.pulumiDir ? `no pulumi in ${options.pulumiDir}` : "pulumi is not on PATH"} (install the Pulumi CLI)`,
      );
    throw new CliError(`cannot run pulumi: ${text.split("\n").find((l) => l.trim()) ?? "unknown error"}`);
  }
}

/** The last segment of a stack name: `org/project/dev` and `dev` name the same stack of a project. */
function shortName(name: string): string {
  return name.split("/").pop() ?? name;
}

/**
 * The Okta org a stack's config points at, when its config file says (best effort: only used for pacing), read by
 * the provider's own org reader, so `orgUrl: https://acme.okta.com` and `orgName: acme` are one org here as in Okta.
 */
export function orgOfStack(programDir: string, stack: string): string | undefined {
  for (const ext of ["yaml", "yml"]) {
    const file = path.join(programDir, `Pulumi.${shortName(stack)}.${ext}`);
    if (!fs.existsSync(file)) continue;
    try {
      const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
      const config = doc?.config ?? {};
      // Secrets are `{ secure: … }` objects: only plain strings can name an org.
      const source = {
        get: (key: string) => (typeof config[key] === "string" ? (config[key] as string) : undefined),
      };
      // `okta:*` is the dynamic resources' config; a plugin stack's default provider reads `okta-provisioning:*`.
      return orgUrlOf(source) ?? orgUrlOf(source, PROVIDER_CONFIG_KEYS);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface OpenedWorkspace {
  workspace: LocalWorkspace;
  stacks: Map<string, Stack>;
}

/**
 * Opens the program's workspace and selects every stack of the plan, one after another: `stack select` writes the
 * workspace file under PULUMI_HOME, which parallel selects would race on. A stack missing from the backend is
 * refused here, before anything runs.
 */
export async function openWorkspace(plan: RolloutPlan, options: WorkspaceOptions): Promise<OpenedWorkspace> {
  const command = await pulumiCommand(options);
  let workspace: LocalWorkspace;
  let existing: string[];
  try {
    workspace = await LocalWorkspace.create({
      workDir: plan.program,
      pulumiCommand: command,
      envVars: options.env,
    });
    existing = (await workspace.listStacks()).map((s) => s.name);
  } catch (err) {
    throw new CliError(
      `cannot list the stacks of ${plan.program}: ${firstLine(err)} (is PULUMI_BACKEND_URL or \`pulumi login\` set for this project?)`,
    );
  }
  const missing: string[] = [];
  for (const wave of plan.waves)
    for (const stack of wave.stacks)
      if (!existing.some((name) => name === stack || shortName(name) === shortName(stack)))
        missing.push(`"${stack}" (wave "${wave.name}")`);
  if (missing.length > 0)
    throw new CliError(
      `${plan.source ?? "the plan"} names stack(s) that do not exist in the backend of ${plan.program}: ${missing.join(", ")} (\`pulumi stack ls\` lists them)`,
    );
  const stacks = new Map<string, Stack>();
  for (const wave of plan.waves)
    for (const stack of wave.stacks) {
      try {
        stacks.set(stack, await Stack.select(stack, workspace));
      } catch (err) {
        throw new CliError(`cannot select stack "${stack}": ${firstLine(err)}`);
      }
    }
  return { workspace, stacks };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split("\n").map((l) => l.trim());
  return (
    lines.find((l) => /^error:/i.test(l))?.replace(/^error:\s*/i, "") ??
    lines.find((l) => l && !/^code:|^stdout:|^stderr:/.test(l)) ??
    "unknown error"
  );
}
