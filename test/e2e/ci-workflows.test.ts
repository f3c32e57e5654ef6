/**
 * The CI examples in examples/ci, run as GitHub would run them: the job's steps in order, their `run:` scripts
 * literally in bash, against a real stack on the emulator with the real Pulumi CLI and this package installed from
 * `npm pack`; posting the pull-request comment and uploading artifacts are stubs that record what they would do.
 * A job must fail on drift, on destructive changes and on a failed preview, and pass on a clean stack.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, okta, tokenConnectionConfig, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject } from "./harness/project";
import { runJob, workflowSteps, type JobRun, type PullRequest } from "./harness/workflow";
import { pulumiEnvOf } from "./review-env";

jest.setTimeout(600_000);

const CI = path.join(__dirname, "..", "..", "examples", "ci");
const PROGRAM = path.join(__dirname, "programs", "review");
const NS = "okta-provisioning-review";
const PASSPHRASE = "e2e-passphrase-not-a-secret";

/** What the harness did before the job: the checkout, Node, the Pulumi CLI, and the program's `npm ci`. */
const PREPARED = {
  preparedUses: ["actions/checkout@", "actions/setup-node@", "pulumi/actions@"],
  preparedRuns: ["npm ci"],
};

function describeRun(run: JobRun): string {
  return run.steps
    .map((s) => `${s.skipped ? "skipped" : `exit ${s.code}`}: ${s.name}\n${s.stdout}${s.stderr}`)
    .join("\n");
}

describe("the CI examples, run as GitHub runs them", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let workspace: string;
  const pr: PullRequest = { number: 42, comments: [], posted: [] };
  let stack: string;
  let marker: string;

  const job = async (file: string): Promise<JobRun> => {
    const run = await runJob({
      workflowFile: path.join(CI, file),
      workspace,
      matrix: { stack },
      secrets: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
      env: pulumiEnvOf(project),
      pullRequest: pr,
      ...PREPARED,
    });
    // Never a secret in what the job posts or prints.
    const everything = describeRun(run) + pr.comments.map((c) => c.body).join("\n") + run.summary;
    for (const secret of [
      "zscaler-scim-token-ci-e2e-5b1f",
      "org2org-api-token-ci-e2e-77aa",
      emulator.orgs[0].apiToken,
    ])
      expect(everything).not.toContain(secret);
    return run;
  };
  /** The workflow's own comment: its bot's, with the marker. */
  const theComment = () => {
    const mine = pr.comments.filter(
      (c) => c.user?.login === "github-actions[bot]" && c.body.startsWith(marker),
    );
    expect(mine).toHaveLength(1);
    return mine[0].body;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    // The stack the workflow's matrix names first, as the example would review it.
    const { steps } = workflowSteps(path.join(CI, "pull-request-review.yml"));
    expect(steps.length).toBeGreaterThan(0);
    stack = "dev";
    project = await PulumiProject.create({
      programDir: PROGRAM,
      stack,
      config: {
        "okta-provisioning:orgUrl": org.url,
        [`${NS}:zscalerAppId`]: appOf(org, "zscalerbyz").id,
        [`${NS}:org2orgAppId`]: appOf(org, "okta_org2org").id,
        ...tokenConnectionConfig(emulator, NS).config,
      },
      // Credentials the emulator verifies, as Okta does: none is invented.
      secrets: { "okta:apiToken": org.apiToken, ...tokenConnectionConfig(emulator, NS).secrets },
    });
    await project.up();
    // The checkout: the workflows' PROJECT_DIR (infra) is the Pulumi project.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "okta-ci-workspace-"));
    fs.symlinkSync(project.dir, path.join(workspace, "infra"), "dir");
    marker = `<!-- okta-provisioning-review: infra/${stack} -->`;
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("the matrix names the stack reviewed here", () => {
    const text = fs.readFileSync(path.join(CI, "pull-request-review.yml"), "utf8");
    expect(text).toMatch(/- stack: dev\n/);
  });

  it("the workflows pass actionlint (with shellcheck over their scripts when it is installed)", () => {
    const ensure = path.join(__dirname, "..", "..", "scripts", "ensure-actionlint.sh");
    const built = spawnSync("bash", [ensure], { encoding: "utf8", timeout: 600_000 });
    expect({ code: built.status, stderr: built.status === 0 ? "" : built.stderr }).toEqual({
      code: 0,
      stderr: "",
    });
    const actionlint = built.stdout.trim().split("\n").pop() as string;
    const files = ["pull-request-review.yml", "drift-alert.yml"].map((f) => path.join(CI, f));
    const lint = spawnSync(actionlint, ["-no-color", ...files], { encoding: "utf8" });
    expect({ code: lint.status, out: lint.stdout + lint.stderr }).toEqual({ code: 0, out: "" });
  });

  it("pull request, clean stack: the job passes and posts one comment saying so, whoever posted the marker first", async () => {
    // Anyone can comment on a pull request, the hidden marker included: the job must post and edit only its own.
    const forged = {
      id: 1,
      body: `${marker}\nLGTM, safe to merge`,
      user: { login: "mallory", type: "User" },
    };
    pr.comments.push({ ...forged });
    const run = await job("pull-request-review.yml");
    expect({ failed: run.failed, log: run.failed ? describeRun(run) : "" }).toEqual({
      failed: false,
      log: "",
    });
    expect(theComment()).toContain("no drift, no changes");
    expect(pr.comments.find((c) => c.id === 1)).toEqual(forged);
    expect(run.uploaded).toEqual(expect.arrayContaining(["infra/review.json"]));
  });

  it("scheduled drift alert, clean stack: passes", async () => {
    const run = await job("drift-alert.yml");
    expect(run.failed).toBe(false);
    expect(run.summary).toContain("no drift, no changes");
  });

  it("drift made in the Admin Console fails the pull request's job and the drift alert", async () => {
    const org = emulator.orgs[0];
    await okta(org, "PUT", `/api/v1/apps/${appOf(org, "zscalerbyz").id}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    const run = await job("pull-request-review.yml");
    expect(run.failed).toBe(true);
    const body = theComment();
    expect(body).toContain("### Drift");
    expect(body).toContain("capabilities.update.profile.status");
    // Edited in place, not a second comment.
    expect(pr.posted.map((p) => p.op)).toEqual(["create", "update"]);

    const alert = await job("drift-alert.yml");
    expect(alert.failed).toBe(true);
    expect(alert.summary).toContain("### Drift");
    expect(alert.uploaded).toEqual(["infra/drift.md"]);
    await project.up(["--refresh"]);
  });

  it("a destructive change (deactivating a connection) fails the pull request's job", async () => {
    await project.setConfig(`${NS}:zscalerEnabled`, "false");
    try {
      const run = await job("pull-request-review.yml");
      expect(run.failed).toBe(true);
      expect(theComment()).toMatch(/Destructive changes[\s\S]*deactivates the provisioning connection/);
    } finally {
      await project.pulumiOk(["config", "rm", `${NS}:zscalerEnabled`]);
    }
  });

  it("a preview that fails (a bad org URL in stack config) fails the job, and the comment says the review failed", async () => {
    const orgUrl = emulator.orgs[0].url;
    await project.setConfig("okta-provisioning:orgUrl", "not-a-url");
    try {
      const run = await job("pull-request-review.yml");
      expect({ failed: run.failed, log: run.failed ? "" : describeRun(run) }).toEqual({
        failed: true,
        log: "",
      });
      const body = theComment();
      expect(body).not.toContain("no drift, no changes");
      expect(body).toMatch(/The review failed/);
      expect(body).toMatch(
        /> okta-provisioning: preview\.json is a failed preview, which cannot be reviewed: /,
      );
    } finally {
      await project.setConfig("okta-provisioning:orgUrl", orgUrl);
    }
  });

  it("the stack is clean again: the job passes", async () => {
    const run = await job("pull-request-review.yml");
    expect(run.failed).toBe(false);
    expect(theComment()).toContain("no drift, no changes");
  });
});
