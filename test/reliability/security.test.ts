/**
 * Part 7, security (issue 29): attacks of a user on the same machine and of a pull request's author, on the real
 * Pulumi CLI and the package as installed from `npm pack`. Each attack is counted as tried and as refused; each
 * place a secret could land is counted as searched. The unit tests of each fix try the same attacks in detail.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { rollout } from "../../cli/rollout";
import { startEmulator } from "../../emulator";
import { waitingConsents, type WaitingConsent } from "../../provider/consent/rendezvous";
import { appOf, okta, type Emulator } from "../e2e/harness/emulator-helpers";
import { PulumiProject } from "../e2e/harness/project";
import { pulumiEnvOf } from "../e2e/review-env";
import { reportFigure } from "./harness/figures";
import { filesUnder, findSecrets, type Hit } from "./harness/secret-search";

jest.setTimeout(600_000);

const PLAIN = path.join(__dirname, "programs", "plain-secrets");
const CONSENT = path.join(__dirname, "programs", "consent");
const NS = "okta-provisioning-plain-secrets";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `okta-provisioning ARGS` as installed from `npm pack`, as a user or a CI job runs it. */
function cli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  return startCli(args, opts).finish(opts.input ?? "");
}

/** The command started with standard input still open: `finish` writes it and waits for the exit. */
function startCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
  const entry = path.join(
    process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
    "pulumi-okta-provisioning",
    "dist",
    "cli",
    "index.js",
  );
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return {
    pid: child.pid,
    finish: (input: string) => {
      child.stdin.end(input);
      return done;
    },
  };
}

/** Every process's arguments, as any user of the machine can read them. */
function allCommandLines(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      out[`/proc/${pid}/cmdline`] = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    } catch {
      // Gone since the listing.
    }
  }
  return out;
}

async function until<T>(what: string, probe: () => T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const figures = { places: 0, attacks: 0, refused: 0, hits: 0 };

afterAll(() => {
  reportFigure(
    "security",
    `${figures.hits} secret hits in ${figures.places} places searched; ${figures.refused} of ${figures.attacks} ` +
      "attacks refused",
  );
});

describe("security: secret inputs passed as plain strings", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  // Credentials the emulator issued, as Okta verifies them: the first Zscaler tenant's token, then (the rotation) a
  // second tenant's; two API tokens of the Org2Org target org (the org itself). The admin password is not verified.
  const secrets: Record<string, string> = {
    adminPassword: "M365-password-config-require-1st-9e7d",
    adminPassword2: "M365-password-config-require-2nd-27bc",
  };
  let zscalerEnv: { ZSCALER_SCIM_TOKEN: string; ZSCALER_SCIM_BASE_URL: string };

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, rateLimit: false });
    const org = emulator.orgs[0];
    const rotated = emulator.addZscalerTenant();
    secrets.zscalerToken = emulator.zscalerTenants[0].token;
    secrets.zscalerToken2 = rotated.token;
    secrets.org2orgToken = emulator.addApiToken(org.name);
    secrets.org2orgToken2 = emulator.addApiToken(org.name);
    secrets.apiToken = org.apiToken;
    zscalerEnv = { ZSCALER_SCIM_TOKEN: rotated.token, ZSCALER_SCIM_BASE_URL: rotated.baseUrl };
    project = await PulumiProject.create({
      programDir: PLAIN,
      config: {
        "okta-provisioning:orgUrl": org.url,
        [`${NS}:zscalerAppId`]: appOf(org, "zscalerbyz").id,
        [`${NS}:org2orgAppId`]: appOf(org, "okta_org2org").id,
        [`${NS}:org2orgBaseUrl`]: org.url,
        [`${NS}:office365AppId`]: appOf(org, "office365").id,
        [`${NS}:adminUsername`]: "admin@acme.onmicrosoft.com",
      },
      secrets: {
        "okta:apiToken": org.apiToken,
        [`${NS}:org2orgToken`]: secrets.org2orgToken,
        [`${NS}:adminPassword`]: secrets.adminPassword,
      },
      env: {
        ZSCALER_SCIM_TOKEN: secrets.zscalerToken,
        ZSCALER_SCIM_BASE_URL: emulator.zscalerTenants[0].baseUrl,
      },
    });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("keeps them out of state, backups, history, review (Markdown and JSON) and rollout --preview", async () => {
    const places: Record<string, string> = {};
    const keep = (label: string, run: Run) => {
      places[`${label} stdout`] = run.stdout;
      places[`${label} stderr`] = run.stderr;
      return run;
    };
    keep("up", await project.up());

    // Rotate all three, the Zscaler token by its environment variable; then review and preview the change.
    await project.setConfig(`${NS}:org2orgToken`, secrets.org2orgToken2, true);
    await project.setConfig(`${NS}:adminPassword`, secrets.adminPassword2, true);
    await project.setConfig(`${NS}:adminUsername`, "it@acme.onmicrosoft.com");
    const env = { ...pulumiEnvOf(project), ...zscalerEnv };
    const preview = keep(
      "preview --refresh --json",
      await project.pulumiOk(["preview", "--refresh", "--json"], {
        env: zscalerEnv,
      }),
    );
    const saved = path.join(project.root, "preview.json");
    fs.writeFileSync(saved, preview.stdout);
    const markdown = keep(
      "review --from (Markdown)",
      await cli(["review", "--from", saved, "--stack", project.stack], { cwd: project.dir, env }),
    );
    const json = keep(
      "review --from --format json",
      await cli(["review", "--from", saved, "--stack", project.stack, "--format", "json"], {
        cwd: project.dir,
        env,
      }),
    );
    keep("review --stack", await cli(["review", "--stack", project.stack], { cwd: project.dir, env }));
    const plan = path.join(project.root, "rollout.yaml");
    fs.writeFileSync(
      plan,
      JSON.stringify({ program: "./program", waves: [{ name: "all", stacks: [project.stack] }] }),
    );
    const fleet = keep(
      "rollout --preview",
      await cli(
        ["rollout", "--plan", plan, "--preview", "--log-dir", path.join(project.root, "rollout-logs")],
        {
          cwd: project.root,
          env,
        },
      ),
    );
    keep(
      "up (rotated)",
      await project.pulumiOk(["up", "--yes", "--skip-preview"], {
        env: zscalerEnv,
      }),
    );
    keep("stack export", await project.pulumiOk(["stack", "export"]));

    // The rotation is shown, as [secret].
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain(
      "| <code>token</code> | <code>[secret]</code> | <code>[secret]</code> |",
    );
    expect(markdown.stdout).toContain("<code>settings.adminUsername</code>");
    expect(JSON.parse(json.stdout).changes.length).toBeGreaterThan(0);
    expect(fleet.code).toBe(0);
    // The Org2Org token was rotated alone (the Zscaler one moved with its tenant's base URL, which explains the re-post).
    expect(fleet.stdout).toMatch(/update org2org token \[secret\] → \[secret\]/);

    const files = filesUnder(project.root);
    // The search covered what the issue names: the state, its backups and its history.
    const backend = Object.keys(files).filter((f) => f.includes(`${path.sep}.pulumi${path.sep}`));
    for (const kind of ["stacks", "backups", "history"])
      expect(backend.some((f) => f.includes(`.pulumi${path.sep}${kind}${path.sep}`))).toBe(true);
    Object.assign(places, files);
    const hits: Hit[] = findSecrets(secrets, places);
    figures.places += Object.keys(places).length;
    figures.hits += hits.length;
    figures.attacks += 1;
    if (hits.length === 0) figures.refused += 1;
    expect(hits).toEqual([]);
  });

  it("runs no pulumi another user planted, and keeps the rollout's logs private in a shared --log-dir", async () => {
    // Another user plants, where releases before this one looked, a root whose bin/pulumi leaves a mark; and a
    // link at the name of the stack's log in a log directory anyone can write, pointing at a file of ours.
    const pulumiDir = process.env.OKTA_PROVISIONING_PULUMI_DIR as string;
    const digest = createHash("sha256").update(path.resolve(pulumiDir)).digest("hex").slice(0, 12);
    const planted = path.join(os.tmpdir(), `okta-provisioning-pulumi-${digest}`);
    const marker = path.join(project.root, "planted-pulumi-ran");
    fs.rmSync(planted, { recursive: true, force: true });
    fs.mkdirSync(path.join(planted, "bin"), { recursive: true });
    fs.writeFileSync(
      path.join(planted, "bin", "pulumi"),
      `#!/bin/sh\necho ran >> '${marker}'\nexec '${path.join(pulumiDir, "pulumi")}' "$@"\n`,
      { mode: 0o755 },
    );
    const shared = path.join(project.root, "shared-logs");
    fs.mkdirSync(shared, { mode: 0o777 });
    fs.chmodSync(shared, 0o1777);
    const victim = path.join(project.root, "victim.txt");
    fs.writeFileSync(victim, "a file of ours\n");
    fs.symlinkSync(victim, path.join(shared, `all.${project.stack}.log`));
    try {
      const summary = await rollout(
        { program: project.dir, waves: [{ name: "all", stacks: [project.stack] }] },
        {
          preview: true,
          pulumiDir,
          logDir: shared,
          env: { ...pulumiEnvOf(project), ...zscalerEnv } as Record<string, string>,
        },
      );
      expect(summary.waves[0].stacks[0].result).toBe("previewed");
      const log = path.join(shared, `all.${project.stack}.log`);
      const results = {
        "a planted pulumi": !fs.existsSync(marker),
        "a link at a log's name":
          fs.readFileSync(victim, "utf8") === "a file of ours\n" && fs.lstatSync(log).isFile(),
        "a log others can read": (fs.statSync(log).mode & 0o077) === 0,
      };
      for (const refused of Object.values(results)) {
        figures.attacks += 1;
        if (refused) figures.refused += 1;
      }
      expect(results).toEqual({
        "a planted pulumi": true,
        "a link at a log's name": true,
        "a log others can read": true,
      });
    } finally {
      fs.rmSync(planted, { recursive: true, force: true });
    }
  });
});

describe("security: a waiting consent, seen by another user of the machine", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okta-security-consent-"));
  const consentDir = path.join(tmp, "handoff");
  const opened = path.join(tmp, "browser-args.txt");
  const browserPid = path.join(tmp, "browser.pid");
  const previousDir = process.env.OKTA_PROVISIONING_CONSENT_DIR;

  beforeAll(async () => {
    // The "browser" pulumi up starts: it writes down its arguments and stays alive, as a browser does, so its
    // command line can be read while the consent waits.
    const browser = path.join(tmp, "browser.sh");
    fs.writeFileSync(
      browser,
      `#!/bin/sh\necho $$ > "${browserPid}"\nprintf '%s\\n' "$@" >> "${opened}"\nexec sleep 300\n`,
      { mode: 0o755 },
    );
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    emulator = await startEmulator({ orgs: 1, rateLimit: false });
    const org = emulator.orgs[0];
    project = await PulumiProject.create({
      programDir: CONSENT,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-consent-attacks:googleAppId": appOf(org, "google").id,
      },
      secrets: { "okta:apiToken": org.apiToken },
      env: {
        OKTA_PROVISIONING_CONSENT_DIR: consentDir,
        OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1",
        OKTA_PROVISIONING_OPEN_BROWSER: "1",
        BROWSER: browser,
      },
    });
  });

  afterAll(async () => {
    if (fs.existsSync(browserPid)) {
      try {
        process.kill(Number(fs.readFileSync(browserPid, "utf8").trim()), "SIGKILL");
      } catch {
        // Ended already.
      }
    }
    if (previousDir === undefined) delete process.env.OKTA_PROVISIONING_CONSENT_DIR;
    else process.env.OKTA_PROVISIONING_CONSENT_DIR = previousDir;
    project?.cleanup();
    await emulator?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("shows no secret in any process's arguments or in a file others can read, and takes the URL on stdin", async () => {
    const org = emulator.orgs[0];
    const google = appOf(org, "google").id;
    const env = { ...pulumiEnvOf(project), OKTA_PROVISIONING_CONSENT_DIR: consentDir };
    const up = project.pulumi(["up", "--yes", "--skip-preview"]);
    const waiting: WaitingConsent = await until("the consent to wait", () => waitingConsents(google)[0]);
    await until("the browser to start", () => (fs.existsSync(browserPid) ? true : undefined));
    const continueUrl = emulator.approveConsent(waiting.authorizeUrl);
    const secrets: Record<string, string> = {
      "the page's path": new URL(waiting.pageUrl).pathname,
      "the authorize state": new URL(waiting.authorizeUrl).searchParams.get("state") as string,
      "the consent code": new URL(continueUrl).searchParams.get("code") as string,
    };
    const places: Record<string, string> = {};
    const attack = (what: string, refused: boolean) => {
      figures.attacks += 1;
      if (refused) figures.refused += 1;
      expect({ what, refused }).toEqual({ what, refused: true });
    };

    // 1. Every process's command line while the consent waits, the browser it opened included.
    const whileWaiting = allCommandLines();
    Object.assign(places, whileWaiting);
    attack("read /proc/*/cmdline while the consent waits", findSecrets(secrets, whileWaiting).length === 0);
    expect(fs.readFileSync(opened, "utf8").trim()).toMatch(/^file:\/\//);

    // 2. The continue URL given on the command line (the old form): refused, nothing used, the wait goes on.
    const before = emulator.counters(org.name).writes;
    const onCommandLine = await cli(["consent", "complete", continueUrl], { cwd: tmp, env });
    expect(onCommandLine.code).toBe(1);
    expect(onCommandLine.stderr).toMatch(/every user of this machine can read it .* it was not used/);
    attack(
      "continue URL on consent complete's command line",
      emulator.counters(org.name).writes === before && waitingConsents(google).length === 1,
    );

    // 3. consent complete waiting for its standard input: its command line holds nothing; then the URL, piped.
    const complete = startCli(["consent", "complete"], { cwd: tmp, env });
    await until("consent complete to start", () =>
      fs.existsSync(`/proc/${complete.pid}/cmdline`) &&
      fs.readFileSync(`/proc/${complete.pid}/cmdline`, "utf8").includes("consent")
        ? true
        : undefined,
    );
    const whileCompleting = allCommandLines();
    Object.assign(
      places,
      Object.fromEntries(Object.entries(whileCompleting).map(([k, v]) => [`${k} (during complete)`, v])),
    );
    attack(
      "read /proc/*/cmdline while consent complete runs",
      findSecrets(secrets, whileCompleting).length === 0,
    );
    const handed = await complete.finish(`${continueUrl}\n`);
    expect(handed.stdout).toMatch(/Consent complete/);
    const result = await up;
    expect(result.code).toBe(0);
    expect((await okta(org, "GET", `/api/v1/apps/${google}/connections/default`)).body).toMatchObject({
      status: "ENABLED",
    });

    // 4. Files: what holds a secret of the consent is readable by this user only, in a directory of theirs only.
    const files = { ...filesUnder(project.root), ...filesUnder(tmp) };
    figures.places += Object.keys(places).length + Object.keys(files).length;
    const readableByOthers = Object.entries(files).filter(([label]) => {
      const file = label.replace(/^file /, "");
      const full = [project.root, tmp].map((d) => path.join(d, file)).find((f) => fs.existsSync(f));
      return full !== undefined && (fs.statSync(full).mode & 0o044) !== 0;
    });
    const leaked = findSecrets(secrets, Object.fromEntries(readableByOthers));
    attack("read files others can read", leaked.length === 0);
    expect(fs.statSync(consentDir).mode & 0o077).toBe(0);

    const hits = findSecrets(secrets, places);
    figures.hits += hits.length + leaked.length;
    expect(hits).toEqual([]);
  });
});
