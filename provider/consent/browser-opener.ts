/**
 * Opens the consent page in the user's browser when `pulumi up` runs at an interactive terminal, as `gh auth login`
 * or `az login` do. The provider runs in Pulumi's plugin process, whose stdio are pipes to the engine, and the engine
 * tells plugins nothing about `--non-interactive`: it only passes its own environment on. So the decision reads what
 * is knowable from here — the explicit setting, CI variables (Pulumi's own list, plus `CI`), `TERM`, a display —
 * and the `pulumi` CLI process this plugin runs under (its arguments and whether its stdin and stdout are
 * terminals: Pulumi's own test for interactive). When any of it is unknown, it does not open, and the terminal
 * shows the links as always.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const OPEN_BROWSER_ENV = "OKTA_PROVISIONING_OPEN_BROWSER";
export const OPEN_BROWSER_CONFIG = "okta-provisioning:openBrowser";

/** The CI systems Pulumi's CLI recognises (sdk/go/common/util/ciutil), by the variable that gives each away. */
export const PULUMI_CI_VARIABLES = [
  "PULUMI_CI_SYSTEM",
  "APPVEYOR",
  "CODEBUILD_BUILD_ARN",
  "bamboo_planKey",
  "BITBUCKET_COMMIT",
  "TF_BUILD",
  "BUILDKITE",
  "CIRCLECI",
  "CF_BUILD_URL",
  "DRONE",
  "GITHUB_ACTIONS",
  "GITLAB_CI",
  "GO_PIPELINE_LABEL",
  "HUDSON_URL",
  "JENKINS_URL",
  "MAGNUM",
  "SEMAPHORE",
  "SPACELIFT_MAX_REQUESTS_BURST",
  "TF_VAR_spacelift_run_trigger",
  "SPACELIFT_STORE_HOOKS_ENV_VARS",
  "TF_VAR_spacelift_commit_branch",
  "SPACELIFT_WORKER_TRACING_ENABLED",
  "TASK_ID",
  "RUN_ID",
  "TEAMCITY_VERSION",
  "TRAVIS",
];

/** The `pulumi` command this plugin runs under, as far as the operating system shows it. */
export interface PulumiCli {
  pid: number;
  args: string[];
  /** Whether its stdin and stdout are terminals; undefined where that cannot be seen. */
  stdinIsTerminal?: boolean;
  stdoutIsTerminal?: boolean;
}

export interface OpenerSituation {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** `okta-provisioning:openBrowser` from the stack config, if set. */
  setting?: string;
  cli?: PulumiCli;
}

export type OpenDecision = { open: true; command: string[][] } | { open: false; reason: string };

function parseSwitch(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (["1", "true", "yes", "on", "always"].includes(v)) return true;
  if (["0", "false", "no", "off", "never"].includes(v)) return false;
  return undefined;
}

export function ciSystem(env: NodeJS.ProcessEnv): string | undefined {
  if (env.PULUMI_DISABLE_CI_DETECTION) return undefined;
  const ci = env.CI?.trim().toLowerCase();
  if (ci && ci !== "false" && ci !== "0") return "CI";
  if (env.CI_NAME === "codeship") return "CI_NAME";
  return PULUMI_CI_VARIABLES.find((name) => env[name]);
}

/** Splits one command of `BROWSER` into words, honouring quotes; `%s` is the URL, appended when absent. */
export function browserCommands(browserVar: string, url: string): string[][] {
  return browserVar
    .split(":")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const words: string[] = [];
      for (const m of entry.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]);
      const withUrl = words.map((w) => w.replace(/%s/g, url));
      return words.some((w) => w.includes("%s")) ? withUrl : [...words, url];
    });
}

function platformCommand(platform: NodeJS.Platform, url: string): string[] | undefined {
  if (platform === "darwin") return ["open", url];
  // `start` is a cmd built-in; its first quoted argument is a window title.
  if (platform === "win32") return ["cmd", "/c", "start", '""', url.replace(/&/g, "^&")];
  if (["linux", "freebsd", "openbsd", "netbsd", "sunos", "aix"].includes(platform)) return ["xdg-open", url];
  return undefined;
}

/** Whether to open `url` now, and with what; every "no" says why (for the debug log and the tests). */
export function decideOpen(url: string, s: OpenerSituation): OpenDecision {
  const setting = parseSwitch(s.setting) ?? parseSwitch(s.env[OPEN_BROWSER_ENV]);
  if (setting === false)
    return { open: false, reason: `turned off (${OPEN_BROWSER_CONFIG} or ${OPEN_BROWSER_ENV})` };
  const browser = s.env.BROWSER?.trim();
  const command = browser
    ? browserCommands(browser, url)
    : [platformCommand(s.platform, url)].filter((c) => !!c);
  if (command.length === 0) return { open: false, reason: `no way to open a browser on ${s.platform}` };
  if (setting === true) return { open: true, command };

  const ci = ciSystem(s.env);
  if (ci) return { open: false, reason: `running in CI (${ci} is set)` };
  if ((s.env.TERM ?? "").toLowerCase() === "dumb") return { open: false, reason: "TERM is dumb" };
  if (!s.cli) return { open: false, reason: "the pulumi command this runs under cannot be seen" };
  if (s.cli.args.some((a) => a === "--non-interactive" || a === "--non-interactive=true")) {
    return { open: false, reason: "pulumi runs with --non-interactive" };
  }
  if (s.cli.stdinIsTerminal === false || s.cli.stdoutIsTerminal === false) {
    return { open: false, reason: "pulumi's stdin or stdout is not a terminal" };
  }
  if (s.cli.stdinIsTerminal === undefined && s.cli.stdoutIsTerminal === undefined) {
    return { open: false, reason: "whether pulumi runs at a terminal cannot be seen" };
  }
  // A remote shell or a console without a desktop: xdg-open would start a text browser nobody sees.
  if (
    !browser &&
    s.platform !== "darwin" &&
    s.platform !== "win32" &&
    !s.env.DISPLAY &&
    !s.env.WAYLAND_DISPLAY
  ) {
    return { open: false, reason: "no display (DISPLAY or WAYLAND_DISPLAY) and no BROWSER" };
  }
  return { open: true, command };
}

// ---- The pulumi CLI this plugin runs under -------------------------------------------------------------------

function isPulumi(args: string[], exe?: string): boolean {
  const names = [exe, args[0]].filter((n): n is string => !!n).map((n) => path.basename(n));
  return names.some((n) => n === "pulumi" || n === "pulumi.exe");
}

function linuxProcess(pid: number): { ppid: number; args: string[]; exe?: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    let exe: string | undefined;
    try {
      exe = fs.readlinkSync(`/proc/${pid}/exe`);
    } catch {
      exe = undefined;
    }
    return { ppid, args, exe };
  } catch {
    return undefined;
  }
}

function linuxIsTerminal(pid: number, fd: number): boolean | undefined {
  try {
    const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    return /^\/dev\/(pts\/\d+|tty\w*|console)$/.test(target);
  } catch {
    return undefined;
  }
}

function psProcess(pid: number): { ppid: number; args: string[]; tty?: string } | undefined {
  try {
    const out = execFileSync("ps", ["-o", "ppid=,tty=,command=", "-p", String(pid)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 2000,
    }).trim();
    const m = /^(\d+)\s+(\S+)\s+(.*)$/.exec(out);
    if (!m) return undefined;
    return { ppid: Number(m[1]), tty: m[2], args: m[3].split(/\s+/) };
  } catch {
    return undefined;
  }
}

/** Walks up from this process to the nearest `pulumi`; a few levels (node ← launcher script ← pulumi). */
export function findPulumiCli(
  platform: NodeJS.Platform = process.platform,
  start = process.ppid,
): PulumiCli | undefined {
  let pid = start;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    if (platform === "linux") {
      const p = linuxProcess(pid);
      if (!p) return undefined;
      if (isPulumi(p.args, p.exe)) {
        return {
          pid,
          args: p.args,
          stdinIsTerminal: linuxIsTerminal(pid, 0),
          stdoutIsTerminal: linuxIsTerminal(pid, 1),
        };
      }
      pid = p.ppid;
    } else if (platform !== "win32") {
      // macOS and the BSDs: ps shows the controlling terminal, not where stdin points, so that is all we know.
      const p = psProcess(pid);
      if (!p) return undefined;
      if (isPulumi(p.args)) {
        const tty = p.tty && p.tty !== "??" && p.tty !== "-" ? true : false;
        return { pid, args: p.args, stdinIsTerminal: tty, stdoutIsTerminal: tty };
      }
      pid = p.ppid;
    } else {
      return undefined;
    }
  }
  return undefined;
}

// ---- Opening --------------------------------------------------------------------------------------------------

/** Starts the first command that exists, detached: the browser outlives neither `pulumi up` nor waits for it. */
function launch(commands: string[][]): Promise<boolean> {
  const [first, ...rest] = commands;
  if (!first) return Promise.resolve(false);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(first[0], first.slice(1), {
        detached: true,
        stdio: "ignore",
        windowsVerbatimArguments: first[0] === "cmd",
      });
    } catch {
      resolve(launch(rest));
      return;
    }
    child.once("error", () => resolve(launch(rest)));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}

/**
 * Opens the page when the situation allows; answers the line to print about it, or undefined when nothing was
 * tried (the terminal then shows the links as it always did).
 */
export async function openConsentPage(
  url: string,
  setting: string | undefined,
  situation: Partial<OpenerSituation> = {},
): Promise<string | undefined> {
  const platform = situation.platform ?? process.platform;
  const env = situation.env ?? process.env;
  const unreadable = [
    [OPEN_BROWSER_CONFIG, setting],
    [OPEN_BROWSER_ENV, env[OPEN_BROWSER_ENV]],
  ].find(([, v]) => v?.trim() && parseSwitch(v) === undefined);
  const warning = unreadable
    ? `  ${unreadable[0]} is ${JSON.stringify(unreadable[1])}: use true or false (ignored).\n`
    : "";
  let decision: OpenDecision;
  try {
    decision = decideOpen(url, {
      env,
      platform,
      setting,
      cli: "cli" in situation ? situation.cli : findPulumiCli(platform),
    });
  } catch (err) {
    // Opening is a convenience: it must never be why a consent fails.
    decision = { open: false, reason: (err as Error).message };
  }
  if (!decision.open) {
    if (process.env.OKTA_PROVISIONING_DEBUG)
      process.stderr.write(`OAuthConsent: browser not opened: ${decision.reason}\n`);
    return warning ? warning.trimEnd() : undefined;
  }
  const opened = await launch(decision.command);
  return opened
    ? `${warning}  Opened the consent page in your browser (to stop that: ${OPEN_BROWSER_ENV}=0, or ` +
        `\`pulumi config set ${OPEN_BROWSER_CONFIG} false\`).`
    : `${warning}  Could not start a browser (${decision.command.map((c) => c[0]).join(", ")}): open the page yourself.`;
}
