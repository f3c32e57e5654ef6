/**
 * Part 7, security (issue 29): attacks of a user on the same machine and of a pull request's author, on the real
 * Pulumi CLI and the package as installed from `npm pack`. Each attack is counted as tried and as refused; each
 * place a secret could land is counted as searched. The unit tests of each fix try the same attacks in detail.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, type Emulator } from "../e2e/harness/emulator-helpers";
import { PulumiProject } from "../e2e/harness/project";
import { pulumiEnvOf } from "../e2e/review-env";
import { reportFigure } from "./harness/figures";
import { filesUnder, findSecrets, type Hit } from "./harness/secret-search";

jest.setTimeout(600_000);

const PLAIN = path.join(__dirname, "programs", "plain-secrets");
const NS = "okta-provisioning-plain-secrets";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `okta-provisioning ARGS` as installed from `npm pack`, as a user or a CI job runs it. */
function cli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  const entry = path.join(
    process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
    "pulumi-okta-provisioning",
    "dist",
    "cli",
    "index.js",
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
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
  const secrets: Record<string, string> = {
    zscalerToken: "zscaler-token-from-env-1st-6d2a91",
    zscalerToken2: "zscaler-token-from-env-2nd-0b7e44",
    org2orgToken: "org2org-token-config-require-1st-53c8",
    org2orgToken2: "org2org-token-config-require-2nd-a1f0",
    adminPassword: "M365-password-config-require-1st-9e7d",
    adminPassword2: "M365-password-config-require-2nd-27bc",
  };

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, rateLimit: false });
    const org = emulator.orgs[0];
    secrets.apiToken = org.apiToken;
    project = await PulumiProject.create({
      programDir: PLAIN,
      config: {
        "okta-provisioning:orgUrl": org.url,
        [`${NS}:zscalerAppId`]: appOf(org, "zscalerbyz").id,
        [`${NS}:org2orgAppId`]: appOf(org, "okta_org2org").id,
        [`${NS}:office365AppId`]: appOf(org, "office365").id,
        [`${NS}:adminUsername`]: "admin@acme.onmicrosoft.com",
      },
      secrets: {
        "okta:apiToken": org.apiToken,
        [`${NS}:org2orgToken`]: secrets.org2orgToken,
        [`${NS}:adminPassword`]: secrets.adminPassword,
      },
      env: { ZSCALER_SCIM_TOKEN: secrets.zscalerToken },
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
    const env = { ...pulumiEnvOf(project), ZSCALER_SCIM_TOKEN: secrets.zscalerToken2 };
    const preview = keep(
      "preview --refresh --json",
      await project.pulumiOk(["preview", "--refresh", "--json"], {
        env: { ZSCALER_SCIM_TOKEN: env.ZSCALER_SCIM_TOKEN },
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
        env: { ZSCALER_SCIM_TOKEN: env.ZSCALER_SCIM_TOKEN },
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
    expect(fleet.stdout).toMatch(/update zscaler token \[secret\] → \[secret\]/);

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
});
