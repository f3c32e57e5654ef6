import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import type { ReviewReport } from "../../cli/review";
import { PulumiProject } from "./harness/project";
import { appOf, okta, snapshot, tokenConnectionConfig, type Emulator } from "./harness/emulator-helpers";
import { pulumiEnvOf } from "./review-env";

jest.setTimeout(300_000);

const PROGRAM = path.join(__dirname, "programs", "review");
const NS = "okta-provisioning-review";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("okta-provisioning review on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let secrets: string[];

  /** Runs the review command as installed from `npm pack`, as a user's CI job would. */
  function reviewCli(args: string[]): Promise<Run> {
    const entry = path.join(
      process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
      "pulumi-okta-provisioning",
      "dist",
      "cli",
      "review",
      "command.js",
    );
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [entry, "review", ...args], {
        cwd: project.dir,
        env: pulumiEnvOf(project),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        for (const secret of secrets) {
          expect(stdout).not.toContain(secret);
          expect(stderr).not.toContain(secret);
        }
        resolve({ code, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    // Credentials the emulator verifies, as Okta does: none is invented.
    const credentials = tokenConnectionConfig(emulator, NS);
    secrets = [credentials.zscaler.token, credentials.org2org.token, org.apiToken];
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        [`${NS}:zscalerAppId`]: appOf(org, "zscalerbyz").id,
        [`${NS}:org2orgAppId`]: appOf(org, "okta_org2org").id,
        ...credentials.config,
      },
      secrets: { "okta:apiToken": org.apiToken, ...credentials.secrets },
    });
    await project.up();
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  it("reports nothing for a clean stack, with one read per resource and no write", async () => {
    const mark = snapshot(emulator);
    const run = await reviewCli(["--stack", project.stack, "--fail-on", "changes"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("no drift, no changes (5 resources checked)");
    expect(run.stderr).toMatch(/review: stack test: 0 drifted, 0 to create, 0 to update/);
    const now = emulator.counters();
    expect(now.writes - mark.writes).toBe(0);
    expect(now.reads - mark.reads).toBe(4); // two connections, two features
  });

  it("reports drift made out of band and a program change in their own sections; --from agrees", async () => {
    const org = emulator.orgs[0];
    const zscaler = appOf(org, "zscalerbyz").id;
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    await project.setConfig(`${NS}:ticket`, "CHG-2024");

    const out = path.join(project.dir, "review.json");
    const run = await reviewCli([
      "--stack",
      project.stack,
      "--format",
      "json",
      "--out",
      out,
      "--fail-on",
      "drift",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/okta-provisioning: --fail-on drift: 1 resource\(s\) drifted/);
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as ReviewReport;
    expect(report.drift).toEqual([
      expect.objectContaining({
        name: "zscaler-push",
        kind: `ProvisioningFeature USER_PROVISIONING of app ${zscaler}`,
        properties: [{ path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" }],
      }),
    ]);
    expect(report.changes.map((c) => [c.name, c.op, c.properties])).toEqual(
      expect.arrayContaining([
        ["change-ticket", "update", [{ path: "ticket", before: "CHG-1000", after: "CHG-2024" }]],
        [
          "zscaler-push",
          "update",
          [
            {
              path: "capabilities.update.profile.status",
              before: "DISABLED",
              after: "ENABLED",
              revertsDrift: true,
            },
          ],
        ],
      ]),
    );
    expect(report.summary).toMatchObject({ drifted: 1, update: 2, destructive: 0 });

    // A user's own CI step saves the preview; --from gives the same findings.
    const saved = await project.pulumi(["preview", "--refresh", "--json"]);
    expect(saved.code).toBe(0);
    const file = path.join(project.dir, "preview.json");
    fs.writeFileSync(file, saved.stdout);
    const fromRun = await reviewCli(["--from", file, "--format", "json", "--stack", project.stack]);
    expect(fromRun.code).toBe(0);
    const fromReport = JSON.parse(fromRun.stdout) as ReviewReport;
    expect(fromReport.drift).toEqual(report.drift);
    expect(fromReport.changes).toEqual(report.changes);

    expect((await reviewCli(["--from", file, "--fail-on", "changes"])).code).toBe(2);
    expect((await reviewCli(["--from", file, "--fail-on", "destructive"])).code).toBe(0);
    const markdown = await reviewCli(["--from", file]);
    expect(markdown.stdout).toContain("### Drift");
    expect(markdown.stdout).toContain(
      '| <code>ticket</code> | <code>"CHG-1000"</code> | <code>"CHG-2024"</code> |',
    );
    expect(markdown.stdout).toMatch(/Not verifiable: .*<code>token<\/code> of <code>zscaler<\/code>/);
  });

  it("has nothing left to report after pulumi up --refresh", async () => {
    await project.up(["--refresh"]);
    const run = await reviewCli(["--stack", project.stack, "--format", "json", "--fail-on", "changes"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ReviewReport;
    expect(report.drift).toEqual([]);
    expect(report.changes).toEqual([]);
  });

  it("says an unknown stack is unknown, in one line, exit 1", async () => {
    const run = await reviewCli(["--stack", "no-such-stack"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n").pop()).toBe(
      `okta-provisioning: stack "no-such-stack" not found in ${project.dir} (\`pulumi stack ls\` lists the stacks)`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
