import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  browserCommands,
  ciSystem,
  decideOpen,
  openConsentPage,
  PULUMI_CI_VARIABLES,
  type OpenerSituation,
  type PulumiCli,
} from "../../../provider/consent/browser-opener";

const URL_ = "http://127.0.0.1:40123/consent/abc";
const atTerminal: PulumiCli = {
  pid: 1234,
  args: ["pulumi", "up", "--yes"],
  stdinIsTerminal: true,
  stdoutIsTerminal: true,
};
const desktop = (over: Partial<OpenerSituation> = {}): OpenerSituation => ({
  env: { DISPLAY: ":0", TERM: "xterm-256color" },
  platform: "linux",
  cli: atTerminal,
  ...over,
});
const reasonOf = (s: OpenerSituation) => {
  const d = decideOpen(URL_, s);
  return d.open ? "open" : d.reason;
};

describe("whether the consent page is opened in a browser", () => {
  it("opens at an interactive terminal on a desktop, with xdg-open, open or start", () => {
    expect(decideOpen(URL_, desktop())).toEqual({ open: true, command: [["xdg-open", URL_]] });
    expect(decideOpen(URL_, desktop({ platform: "darwin", env: {} }))).toEqual({
      open: true,
      command: [["open", URL_]],
    });
    expect(decideOpen(URL_, desktop({ platform: "win32", env: {} }))).toMatchObject({
      open: true,
      command: [["cmd", "/c", "start", '""', URL_]],
    });
  });

  it("does not open under --non-interactive", () => {
    expect(
      reasonOf(desktop({ cli: { ...atTerminal, args: ["pulumi", "up", "--non-interactive"] } })),
    ).toMatch(/--non-interactive/);
    expect(
      reasonOf(desktop({ cli: { ...atTerminal, args: ["pulumi", "--non-interactive=true", "up"] } })),
    ).toMatch(/--non-interactive/);
  });

  it("does not open when pulumi's stdin or stdout is not a terminal (piped, Automation API, a script)", () => {
    expect(reasonOf(desktop({ cli: { ...atTerminal, stdinIsTerminal: false } }))).toMatch(/not a terminal/);
    expect(reasonOf(desktop({ cli: { ...atTerminal, stdoutIsTerminal: false } }))).toMatch(/not a terminal/);
    expect(
      reasonOf(desktop({ cli: { ...atTerminal, stdinIsTerminal: undefined, stdoutIsTerminal: undefined } })),
    ).toMatch(/cannot be seen/);
  });

  it("does not open when the pulumi command cannot be found (another platform, another launcher)", () => {
    expect(reasonOf(desktop({ cli: undefined }))).toMatch(/cannot be seen/);
  });

  it.each([
    ["CI", "true"],
    ["CI", "1"],
    ["GITHUB_ACTIONS", "true"],
    ["GITLAB_CI", "true"],
    ["TF_BUILD", "True"],
    ["JENKINS_URL", "https://jenkins.example"],
    ["BUILDKITE", "true"],
    ["PULUMI_CI_SYSTEM", "my-ci"],
  ])("does not open in CI (%s=%s)", (name, value) => {
    expect(reasonOf(desktop({ env: { DISPLAY: ":0", [name]: value } }))).toMatch(/CI/);
  });

  it("reads CI as Pulumi does: CI=false is not CI, PULUMI_DISABLE_CI_DETECTION turns detection off", () => {
    expect(ciSystem({ CI: "false" })).toBeUndefined();
    expect(ciSystem({ CI: "" })).toBeUndefined();
    expect(ciSystem({ CI_NAME: "codeship" })).toBe("CI_NAME");
    expect(ciSystem({ CI: "true", PULUMI_DISABLE_CI_DETECTION: "1" })).toBeUndefined();
    for (const name of PULUMI_CI_VARIABLES) expect(ciSystem({ [name]: "x" })).toBe(name);
  });

  it("does not open with TERM=dumb, or on a Linux console without a display and without BROWSER", () => {
    expect(reasonOf(desktop({ env: { DISPLAY: ":0", TERM: "dumb" } }))).toMatch(/dumb/);
    expect(reasonOf(desktop({ env: { SSH_CONNECTION: "10.0.0.1 22 10.0.0.2 5000" } }))).toMatch(/no display/);
    expect(reasonOf(desktop({ env: { WAYLAND_DISPLAY: "wayland-0" } }))).toBe("open");
    expect(reasonOf(desktop({ env: { BROWSER: "w3m" } }))).toBe("open");
  });

  it("honours BROWSER: a command with arguments, %s for the URL, and a colon-separated list tried in order", () => {
    expect(decideOpen(URL_, desktop({ env: { BROWSER: "firefox" } }))).toEqual({
      open: true,
      command: [["firefox", URL_]],
    });
    expect(browserCommands("'/opt/My Browser/bin' --new-tab %s:chromium", URL_)).toEqual([
      ["/opt/My Browser/bin", "--new-tab", URL_],
      ["chromium", URL_],
    ]);
  });

  it("is turned off by the config key or the environment variable, whatever else holds", () => {
    expect(reasonOf(desktop({ setting: "false" }))).toMatch(/turned off/);
    expect(reasonOf(desktop({ env: { DISPLAY: ":0", OKTA_PROVISIONING_OPEN_BROWSER: "0" } }))).toMatch(
      /turned off/,
    );
    expect(reasonOf(desktop({ env: { DISPLAY: ":0", OKTA_PROVISIONING_OPEN_BROWSER: "never" } }))).toMatch(
      /turned off/,
    );
  });

  it("is forced on by either, even in CI, and config wins over the environment", () => {
    expect(
      reasonOf(desktop({ cli: undefined, env: { CI: "true", OKTA_PROVISIONING_OPEN_BROWSER: "1" } })),
    ).toBe("open");
    expect(reasonOf(desktop({ setting: "true", env: { OKTA_PROVISIONING_OPEN_BROWSER: "0" } }))).toBe("open");
    expect(reasonOf(desktop({ setting: "false", env: { OKTA_PROVISIONING_OPEN_BROWSER: "1" } }))).toMatch(
      /turned off/,
    );
  });
});

describe("opening it", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opener-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const recorder = (name: string) => {
    const file = path.join(tmp, `${name}.txt`);
    const script = path.join(tmp, `${name}.sh`);
    fs.writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > "${file}"\n`, { mode: 0o755 });
    return { script, file };
  };
  const waitFor = async (file: string) => {
    for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
    return fs.readFileSync(file, "utf8").trim();
  };

  it("starts BROWSER with the page's URL and says how to turn it off", async () => {
    const { script, file } = recorder("one");
    const line = await openConsentPage(URL_, undefined, {
      env: { BROWSER: script },
      platform: "linux",
      cli: atTerminal,
    });
    expect(line).toMatch(
      /Opened the consent page in your browser .*OKTA_PROVISIONING_OPEN_BROWSER=0.*openBrowser false/,
    );
    expect(await waitFor(file)).toBe(URL_);
  });

  it("goes on to the next BROWSER entry when one does not exist, and says so when none does", async () => {
    const { script, file } = recorder("two");
    const line = await openConsentPage(URL_, undefined, {
      env: { BROWSER: `${tmp}/no-such-browser:${script}` },
      platform: "linux",
      cli: atTerminal,
    });
    expect(line).toMatch(/Opened/);
    expect(await waitFor(file)).toBe(URL_);
    const none = await openConsentPage(URL_, undefined, {
      env: { BROWSER: `${tmp}/nothing-here` },
      platform: "linux",
      cli: atTerminal,
    });
    expect(none).toMatch(/Could not start a browser/);
  });

  it("prints nothing extra when it does not open", async () => {
    const { script, file } = recorder("three");
    const line = await openConsentPage(URL_, undefined, {
      env: { BROWSER: script, CI: "true" },
      cli: atTerminal,
    });
    expect(line).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(file)).toBe(false);
  });
});

// The real process tree: a program named `pulumi` starts a shell that starts node, as the CLI starts the
// dynamic-provider launcher; node must find that `pulumi`, its arguments, and whether it runs at a terminal.
(process.platform === "linux" ? describe : describe.skip)("finding the pulumi command on Linux", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opener-tree-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The opener's own source, compiled as the package build does, run in a child node.
  const source = path.resolve(__dirname, "../../../provider/consent/browser-opener.ts");
  const probe = path.join(tmp, "probe.js");
  fs.writeFileSync(
    probe,
    `const ts = require(${JSON.stringify(require.resolve("typescript"))});\n` +
      `const js = ts.transpileModule(require("fs").readFileSync(${JSON.stringify(source)}, "utf8"), ` +
      `{ compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;\n` +
      `const m = new module.constructor(); m.paths = module.paths; m._compile(js, ${JSON.stringify(source)});\n` +
      `process.stdout.write(JSON.stringify(m.exports.findPulumiCli("linux") ?? null));\n`,
  );
  // `pulumi` is a shell under that name; `; exit` keeps it from exec'ing its child, so it stays the parent.
  const fakePulumi = path.join(tmp, "pulumi");
  fs.symlinkSync("/bin/sh", fakePulumi);
  const script = `sh -c 'node "${probe}" > "${tmp}/found.json"'; exit $?`;
  const found = () => JSON.parse(fs.readFileSync(path.join(tmp, "found.json"), "utf8")) as PulumiCli;

  it("sees pipes as not a terminal, and the command's arguments", () => {
    execFileSync(fakePulumi, ["-c", script, "pulumi", "up", "--non-interactive"], { stdio: "pipe" });
    const cli = found();
    expect(cli.args[0]).toBe(fakePulumi);
    expect(cli.args.slice(-2)).toEqual(["up", "--non-interactive"]);
    expect(cli).toMatchObject({ stdinIsTerminal: false, stdoutIsTerminal: false });
    expect(decideOpen(URL_, desktop({ cli }))).toMatchObject({ open: false });
  });

  it("sees a pseudo-terminal as a terminal", () => {
    const quoted = script.replace(/'/g, `'\\''`);
    const run = spawnSync(
      "script",
      ["-qefc", `'${fakePulumi}' -c '${quoted}' pulumi up --yes`, "/dev/null"],
      {
        stdio: "pipe",
      },
    );
    expect(run.status).toBe(0);
    const cli = found();
    expect(cli).toMatchObject({ stdinIsTerminal: true, stdoutIsTerminal: true });
    expect(cli.args.slice(-2)).toEqual(["up", "--yes"]);
    expect(decideOpen(URL_, desktop({ cli }))).toMatchObject({ open: true });
  });

  it("finds nothing when no pulumi is among its parents", () => {
    const out = execFileSync("sh", ["-c", `node "${probe}"; exit $?`], { encoding: "utf8" });
    expect(out).toBe("null");
  });
});

describe("a setting it cannot read", () => {
  it("names the key and the values it takes, and is ignored", async () => {
    const line = await openConsentPage(URL_, "maybe", { env: { CI: "true" }, cli: atTerminal });
    expect(line).toBe('  okta-provisioning:openBrowser is "maybe": use true or false (ignored).');
    const fromEnv = await openConsentPage(URL_, undefined, {
      env: { CI: "true", OKTA_PROVISIONING_OPEN_BROWSER: "sometimes" },
      cli: atTerminal,
    });
    expect(fromEnv).toMatch(/OKTA_PROVISIONING_OPEN_BROWSER is "sometimes": use true or false/);
  });
});
