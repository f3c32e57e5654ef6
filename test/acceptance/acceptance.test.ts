/**
 * The acceptance suite: the package against an Okta org, through Okta's public API only. Live with
 * OKTA_ACCEPTANCE_ORG_URL and OKTA_ACCEPTANCE_API_TOKEN (a throwaway org), else against the bundled emulator started
 * as its own process. It creates the apps it needs (`POST /api/v1/apps`), drives the real Pulumi CLI and the
 * `okta-provisioning` command over them, changes and checks the org as an admin would, and deletes what it made.
 * See the README's "Testing against a real org".
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ReviewReport } from "../../cli/review";
import { pulumiBinDir } from "../e2e/harness/engine";
import { PulumiProject, type CommandResult, type PreviewStep } from "../e2e/harness/project";
import { pulumiEnvOf } from "../e2e/review-env";
import { pressAllow } from "./harness/browser";
import { okProvisioning } from "./harness/cli";
import { watchControlRequests, type ControlGuard } from "./harness/control-guard";
import { label, LABEL_PREFIX, RUN_ID } from "./harness/labels";
import { googleApp, org2orgApp, zscalerApp } from "./harness/oin-apps";
import { OktaAdmin, type Feature } from "./harness/okta-admin";
import { providerRequests, writes } from "./harness/provider-requests";
import { describeUnless, notRunScenarios, summaryLines } from "./harness/scenarios";
import { startTarget, targetMode, type Target } from "./harness/target";

// Generous: at a free developer org's pace (ten requests a minute for one token) one `pulumi up` can take minutes.
jest.setTimeout(45 * 60_000);

const MODE = targetMode();
const LIVE = MODE === "live";
const PROGRAM = path.join(__dirname, "programs", "provisioning");
const CONSENT_PROGRAM = path.join(__dirname, "programs", "consent");
const REPO = path.resolve(__dirname, "..", "..");
const NS = "okta-provisioning-acceptance";
const COMMAND_TIMEOUT_MS = 20 * 60_000;

/** Set by the global setup on a live org that cannot have Org2Org apps (Integrator Free Plan orgs). */
const NO_ORG2ORG = process.env.OKTA_ACCEPTANCE_NO_ORG2ORG || undefined;
const CONSENT_BY_HAND = process.env.OKTA_ACCEPTANCE_CONSENT === "1";

// Real third-party credentials, never invented ones (Okta verifies them): live, a Zscaler tenant's from the
// environment (the run refuses to start without them, harness/target.ts); on the emulator, what it issued.
let ZSCALER_TOKEN: string;
let ZSCALER_BASE_URL: string;
/** The target org's service app for the two-legged connection: on the emulator, the one it made and printed. */
let OAUTH_CLIENT_ID: string;

let target: Target;
let admin: OktaAdmin;
let guard: ControlGuard;
const started = Date.now();
const created: { id: string; label: string }[] = [];
const projects: PulumiProject[] = [];

/** Creates an app through the apps API and remembers it for the final clean-up. */
async function createApp(body: Parameters<OktaAdmin["createApp"]>[0]) {
  const app = await admin.createApp(body);
  created.push({ id: app.id, label: app.label });
  return app;
}

async function stack(
  name: string,
  config: Record<string, string>,
  secrets: Record<string, string> = {},
  programDir = PROGRAM,
  env: Record<string, string> = {},
): Promise<PulumiProject> {
  const project = await PulumiProject.create({
    programDir,
    stack: name,
    config: { "okta-provisioning:orgUrl": target.orgUrl, ...config },
    secrets: { "okta:apiToken": target.apiToken, ...secrets },
    env,
  });
  projects.push(project);
  return project;
}

/** The provider logs each request it sends (read back by providerRequests). */
const DEBUG = { OKTA_PROVISIONING_DEBUG: "1" };

/** The planned step for a resource (a `--refresh` preview also lists its refresh steps first). */
function step(preview: { steps?: PreviewStep[] }, name: string): PreviewStep | undefined {
  return preview.steps?.find((s) => s.urn.endsWith(`::${name}`) && s.op !== "refresh");
}

/** `okta-provisioning review` of a stack, as a pull-request job runs it: the JSON report. */
async function review(project: PulumiProject): Promise<ReviewReport> {
  const run = await okProvisioning(["review", "--stack", project.stack, "--format", "json"], {
    cwd: project.dir,
    env: pulumiEnvOf(project),
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
  expect(run.stderr).not.toContain(target.apiToken);
  if (run.code !== 0) throw new Error(`okta-provisioning review exited ${run.code}\n${run.stderr}`);
  return JSON.parse(run.stdout) as ReviewReport;
}

/** Destroy resets a feature only while provisioning is on; to look at it afterwards, an admin turns it on again. */
async function featureAfterDestroy(appId: string, name: "USER_PROVISIONING" | "INBOUND_PROVISIONING") {
  await admin.activateConnection(appId);
  try {
    return await admin.feature(appId, name);
  } finally {
    await admin.deactivateConnection(appId);
  }
}

beforeAll(async () => {
  guard = watchControlRequests();
  target = await startTarget();
  admin = new OktaAdmin(target.orgUrl, target.apiToken);
  ({ token: ZSCALER_TOKEN, baseUrl: ZSCALER_BASE_URL } = target.zscaler);
  OAUTH_CLIENT_ID = target.org2orgClientId ?? "";
  process.stderr.write(`\nacceptance: run ${RUN_ID} against ${target.describe()}\n`);
  // What a killed run left behind goes first, with the very command users run.
  const swept = await sweep();
  expect(swept.code).toBe(0);
  process.stderr.write(`acceptance: ${swept.stdout.trim().split("\n").pop()}\n`);
});

// Progress as it happens: jest reports a test file only when it ends, and a paced run takes many minutes.
beforeEach(() => {
  const elapsed = Math.round((Date.now() - started) / 1000);
  process.stderr.write(
    `acceptance: [${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, "0")}] ${expect.getState().currentTestName}\n`,
  );
});

afterAll(async () => {
  for (const project of projects) project.cleanup();
  // Whatever a failed scenario left: the apps go, and with them their connections and features.
  for (const app of created.splice(0)) {
    try {
      await admin.deactivateAndDelete(app.id);
    } catch {
      // Already gone (the last scenario deletes them), or the org is unreachable; the next run's sweep removes it.
    }
  }
  await target?.close();
  guard?.dispose();
  const seconds = Math.round((Date.now() - started) / 1000);
  const stats = admin?.limiterStats();
  process.stderr.write(
    [
      `\nacceptance: ${target?.describe()}: finished in ${Math.floor(seconds / 60)} min ${seconds % 60} s`,
      `  the suite's own requests: ${stats?.calls ?? 0} (${stats?.rateLimited ?? 0} answered 429), ` +
        `waited ${Math.round((stats?.waitedMs ?? 0) / 1000)} s for Okta's rate limits`,
      ...(notRunScenarios().length ? ["  not run here:", ...summaryLines()] : []),
      "",
    ].join("\n"),
  );
});

function sweep() {
  return okProvisioningSweep({
    OKTA_ACCEPTANCE_ORG_URL: target.orgUrl,
    OKTA_ACCEPTANCE_API_TOKEN: target.apiToken,
  });
}

/** `npm run acceptance:sweep` as a user runs it (the script itself, with the org in the environment). */
function okProvisioningSweep(env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
    const child = spawn(process.execPath, [path.join(REPO, "scripts", "acceptance-sweep.js")], {
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("leftovers", () => {
  it("acceptance:sweep removes a killed run's labelled apps, active or not, and nothing else", async () => {
    const others = async () =>
      (await admin.appsStartingWith("")).filter((a) => !a.label.startsWith(LABEL_PREFIX)).map((a) => a.id);
    const before = await others();
    // What a run killed mid-way leaves: an active app with its provisioning on, and one already deactivated.
    const killedRun = `killed${RUN_ID}`;
    const active = await createApp(zscalerApp(label("zscaler", killedRun)));
    await admin.setConnection(
      active.id,
      { baseUrl: ZSCALER_BASE_URL, profile: { authScheme: "TOKEN", token: ZSCALER_TOKEN } },
      true,
    );
    const inactive = await createApp(zscalerApp(label("zscaler-2", killedRun)));
    await admin.request("POST", `/api/v1/apps/${inactive.id}/lifecycle/deactivate`);

    const run = await sweep();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/removed 2 apps labelled okta-prov-acc-/);
    for (const app of [active, inactive]) {
      expect(await admin.status("GET", `/api/v1/apps/${app.id}`)).toBe(404);
      expect(await admin.status("GET", `/api/v1/apps/${app.id}/connections/default`)).toBe(404);
    }
    expect(await others()).toEqual(before);
    expect((await sweep()).stdout).toMatch(/nothing labelled okta-prov-acc-/);
    created.splice(0, created.length, ...created.filter((a) => a.id !== active.id && a.id !== inactive.id));
  });

  it("acceptance:sweep without an org says what to set, and exits 2", async () => {
    const run = await okProvisioningSweep({});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set OKTA_ACCEPTANCE_ORG_URL and OKTA_ACCEPTANCE_API_TOKEN/);
  });
});

describe("token apps: Zscaler 2.0 and Org2Org", () => {
  let project: PulumiProject;
  let zscaler: string;
  let org2org: string | undefined;
  // The org is its own Org2Org target (its URL is the connection's baseUrl), reached with the suite's own
  // (throwaway) API token: a credential Okta, and the emulator, verify and accept.
  const org2orgSecret = () => target.apiToken;

  beforeAll(async () => {
    zscaler = (await createApp(zscalerApp(label("zscaler")))).id;
    if (!NO_ORG2ORG) {
      // The org is its own hub: the target is this org, reached with the suite's own (throwaway) token.
      org2org = (await createApp(org2orgApp(label("org2org"), target.orgUrl))).id;
    }
    project = await stack(
      "token",
      {
        [`${NS}:zscalerAppId`]: zscaler,
        [`${NS}:zscalerBaseUrl`]: ZSCALER_BASE_URL,
        ...(org2org ? { [`${NS}:org2orgAppId`]: org2org, [`${NS}:org2orgBaseUrl`]: target.orgUrl } : {}),
      },
      {
        [`${NS}:zscalerToken`]: ZSCALER_TOKEN,
        ...(org2org ? { [`${NS}:org2orgToken`]: org2orgSecret() } : {}),
      },
    );
  });

  if (NO_ORG2ORG) {
    describeUnless(
      MODE,
      { reason: NO_ORG2ORG },
      "the Org2Org token connection and its To Okta import",
      () => {},
    );
  }

  it("pulumi up enables the connections and sets the features, as Okta's API then reports", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
    expect(await admin.connection(zscaler)).toMatchObject({
      status: "ENABLED",
      baseUrl: ZSCALER_BASE_URL,
      profile: { authScheme: "TOKEN" },
    });
    expect(await admin.feature(zscaler, "USER_PROVISIONING")).toMatchObject({
      status: "ENABLED",
      capabilities: {
        create: { lifecycleCreate: { status: "ENABLED" } },
        update: { profile: { status: "ENABLED" }, password: { status: "ENABLED", change: "CHANGE" } },
      },
    });
    if (org2org) {
      expect(await admin.connection(org2org)).toMatchObject({
        status: "ENABLED",
        baseUrl: target.orgUrl,
        profile: { authScheme: "TOKEN" },
      });
      expect(await admin.feature(org2org, "INBOUND_PROVISIONING")).toMatchObject({
        capabilities: {
          importSettings: { schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0" } } },
          importRules: { userCreateAndMatch: { autoConfirmExactMatch: true, autoActivateNewUsers: true } },
        },
      });
    }
    const state = JSON.stringify(await project.stackExport());
    for (const value of [ZSCALER_TOKEN, target.apiToken]) expect(state).not.toContain(value);
  });

  it("a preview right after has no changes, with and without --refresh", async () => {
    const plain = await project.pulumiOk(["preview", "--expect-no-changes"], { env: DEBUG });
    expect(providerRequests(plain)).toEqual([]);
    const refreshed = await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
      env: DEBUG,
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    expect(writes(providerRequests(refreshed))).toEqual([]);
  });

  it("drift made in the org is seen by preview --refresh and okta-provisioning review, and up --refresh repairs it", async () => {
    // An admin turns off profile push in Zscaler and the whole Org2Org connection.
    await admin.putFeature(zscaler, "USER_PROVISIONING", { update: { profile: { status: "DISABLED" } } });
    if (org2org) await admin.deactivateConnection(org2org);

    const preview = await project.previewJson(["--refresh"]);
    const push = step(preview, "zscaler-push");
    expect(push?.op).toBe("update");
    expect(push?.oldState?.inputs).toMatchObject({
      capabilities: { update: { profile: { status: "DISABLED" } } },
    });
    expect(push?.newState?.inputs).toMatchObject({
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    if (org2org) expect(step(preview, "org2org")?.op).toBe("update");

    const report = await review(project);
    expect(report.drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: "zscaler-push",
          properties: [{ path: "capabilities.update.profile.status", before: "ENABLED", after: "DISABLED" }],
        }),
        ...(org2org ? [expect.objectContaining({ name: "org2org", status: "changed" })] : []),
      ]),
    );

    await project.pulumiOk(["up", "--yes", "--skip-preview", "--refresh"], { timeoutMs: COMMAND_TIMEOUT_MS });
    expect(await admin.feature(zscaler, "USER_PROVISIONING")).toMatchObject({
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    if (org2org) expect((await admin.connection(org2org)).status).toBe("ENABLED");
    await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
  });

  it("updates each feature in place when the program changes", async () => {
    await project.setConfig(`${NS}:zscalerProfilePush`, "DISABLED");
    await project.setConfig(`${NS}:zscalerPasswordChange`, "KEEP_EXISTING");
    if (org2org) {
      await project.setConfig(`${NS}:org2orgFullImport`, "30 3 * * 1");
      await project.setConfig(`${NS}:org2orgAutoActivate`, "false");
    }
    const preview = await project.previewJson();
    const changed = (preview.steps ?? [])
      .filter((s) => s.op !== "same" && s.op !== "refresh")
      .map((s) => [s.op, s.urn.split("::").pop()]);
    expect(changed).toEqual(
      expect.arrayContaining([
        ["update", "zscaler-push"],
        ...(org2org ? [["update", "org2org-import"]] : []),
      ]),
    );
    expect(changed).toHaveLength(org2org ? 2 : 1);

    const up = await project.pulumiOk(["up", "--yes", "--skip-preview"], {
      env: DEBUG,
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    // One PUT per feature, of what changed; the connections are untouched.
    expect(writes(providerRequests(up)).sort()).toEqual(
      [
        `PUT /api/v1/apps/${zscaler}/features/USER_PROVISIONING`,
        ...(org2org ? [`PUT /api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`] : []),
      ].sort(),
    );
    expect(await admin.feature(zscaler, "USER_PROVISIONING")).toMatchObject({
      capabilities: { update: { profile: { status: "DISABLED" }, password: { change: "KEEP_EXISTING" } } },
    });
    if (org2org) {
      expect(await admin.feature(org2org, "INBOUND_PROVISIONING")).toMatchObject({
        capabilities: {
          importSettings: { schedule: { fullImport: { expression: "30 3 * * 1" } } },
          importRules: { userCreateAndMatch: { autoActivateNewUsers: false } },
        },
      });
    }
  });

  it("destroy deactivates the connections and resets the features", async () => {
    await project.pulumiOk(["destroy", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
    expect((await admin.connection(zscaler)).status).toBe("DISABLED");
    const push = await featureAfterDestroy(zscaler, "USER_PROVISIONING");
    // A feature's status reads ENABLED in every recording, whatever its capabilities: the capabilities tell.
    expect(push).toMatchObject({
      capabilities: {
        create: { lifecycleCreate: { status: "DISABLED" } },
        update: { profile: { status: "DISABLED" }, password: { status: "DISABLED" } },
      },
    });
    if (org2org) {
      expect((await admin.connection(org2org)).status).toBe("DISABLED");
      const imports = await featureAfterDestroy(org2org, "INBOUND_PROVISIONING");
      // Back to what an untouched one reads (recorded): no schedule, USERNAME matching, no automation.
      expect(imports).toMatchObject({
        capabilities: {
          importSettings: { schedule: { status: "DISABLED" } },
          importRules: {
            userCreateAndMatch: { exactMatchCriteria: "USERNAME", autoActivateNewUsers: false },
          },
        },
      });
    }
  });

  describe("adopting what an admin configured by hand", () => {
    /** What the program declares (its defaults), clicked in by an admin through the connections and features API. */
    async function configureByHand() {
      await admin.setConnection(
        zscaler,
        { baseUrl: ZSCALER_BASE_URL, profile: { authScheme: "TOKEN", token: ZSCALER_TOKEN } },
        true,
      );
      await admin.putFeature(zscaler, "USER_PROVISIONING", {
        create: { lifecycleCreate: { status: "ENABLED" } },
        update: {
          profile: { status: "ENABLED" },
          lifecycleDeactivate: { status: "ENABLED" },
          password: { status: "ENABLED", seed: "RANDOM", change: "CHANGE" },
        },
      });
      if (!org2org) return;
      await admin.setConnection(
        org2org,
        { baseUrl: target.orgUrl, profile: { authScheme: "TOKEN", token: org2orgSecret() } },
        true,
      );
      await admin.putFeature(org2org, "INBOUND_PROVISIONING", {
        importSettings: {
          username: { usernameFormat: "EMAIL" },
          schedule: {
            status: "ENABLED",
            fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
          },
        },
        importRules: {
          userCreateAndMatch: {
            exactMatchCriteria: "EMAIL",
            autoConfirmExactMatch: true,
            autoActivateNewUsers: true,
          },
        },
      });
    }

    it("adopt: true takes over the hand-made configuration without writing to Okta", async () => {
      await configureByHand();
      const adopting = await stack(
        "adopt",
        {
          [`${NS}:zscalerAppId`]: zscaler,
          [`${NS}:zscalerBaseUrl`]: ZSCALER_BASE_URL,
          [`${NS}:adopt`]: "true",
          ...(org2org ? { [`${NS}:org2orgAppId`]: org2org, [`${NS}:org2orgBaseUrl`]: target.orgUrl } : {}),
        },
        {
          [`${NS}:zscalerToken`]: ZSCALER_TOKEN,
          ...(org2org ? { [`${NS}:org2orgToken`]: org2orgSecret() } : {}),
        },
      );
      const up = await adopting.pulumiOk(["up", "--yes", "--skip-preview"], {
        env: DEBUG,
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      const requests = providerRequests(up);
      expect(requests.length).toBeGreaterThan(0);
      expect(writes(requests)).toEqual([]);
      await adopting.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      expect((await admin.connection(zscaler)).status).toBe("ENABLED");
      // The apps stay configured for the next scenario: this stack is dropped without a destroy.
    });

    it("okta-provisioning adopt writes a program whose first up writes nothing and whose destroy deactivates", async () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-acc-adopt-"));
      const dir = path.join(out, "adopted");
      try {
        const apps = [zscaler, ...(org2org ? [org2org] : [])];
        const run = await okProvisioning(
          [
            "adopt",
            "--org-url",
            target.orgUrl,
            "--apps",
            apps.join(","),
            "--out",
            dir,
            "--name",
            "acceptance-adopted",
          ],
          { env: { OKTA_API_TOKEN: target.apiToken }, timeoutMs: COMMAND_TIMEOUT_MS },
        );
        expect(run.stderr).not.toContain("okta-provisioning:");
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(new RegExp(`Adopted ${apps.length} of ${apps.length} apps scanned`));
        expect(run.stdout).toMatch(/all reads/);
        const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
        expect(source).toContain(`appId: "${zscaler}"`);
        expect(source).not.toContain(ZSCALER_TOKEN);

        const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
        const keys = [...readme.matchAll(/^pulumi config set (--secret )?([A-Za-z][A-Za-z0-9]*)\s/gm)].map(
          (m) => m[2],
        );
        const project = await stack("adopted", {}, {}, dir);
        // Okta never returns a connection token: the README lists them; the person adopting sets what they know.
        for (const key of keys) {
          const value = /zscaler/i.test(key) ? ZSCALER_TOKEN : org2orgSecret();
          await project.setConfig(key, value, true);
        }
        const up = await project.pulumiOk(["up", "--yes", "--skip-preview"], {
          env: DEBUG,
          timeoutMs: COMMAND_TIMEOUT_MS,
        });
        expect(writes(providerRequests(up))).toEqual([]);
        await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
          timeoutMs: COMMAND_TIMEOUT_MS,
        });

        await project.pulumiOk(["destroy", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
        expect((await admin.connection(zscaler)).status).toBe("DISABLED");
        if (org2org) expect((await admin.connection(org2org)).status).toBe("DISABLED");
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });
  });
});

describeUnless(
  MODE,
  NO_ORG2ORG
    ? { reason: NO_ORG2ORG }
    : {
        reason:
          "the hub org's service app must hold this app's JWKS and the okta.users.manage and okta.groups.manage " +
          "grants, set up through Dynamic Client Registration (/oauth2/v1/clients) and grants, outside the apps API",
        command:
          'follow Okta\'s guide "Secure API connections between orgs with OAuth 2.0" for an Org2Org app in this org, ' +
          "then `pulumi up` test/acceptance/programs/provisioning with oauthAppId and oauthClientId set",
      },
  "Org2Org with a two-legged OAuth 2.0 connection",
  () => {
    let project: PulumiProject;
    let app: string;

    beforeAll(async () => {
      app = (await createApp(org2orgApp(label("org2org-oauth"), target.orgUrl))).id;
      // The public key a hub org's service app is registered with; Okta makes it with the app.
      const { jwks } = await admin.jwks(app);
      expect(jwks.keys[0]).toMatchObject({ kty: "RSA", use: "sig" });
      expect(jwks.keys[0]).not.toHaveProperty("d");
      project = await stack("oauth", { [`${NS}:oauthAppId`]: app, [`${NS}:oauthClientId`]: OAUTH_CLIENT_ID });
    });

    it("pulumi up enables the connection with the hub's client id and key rotation, and pushes users", async () => {
      await project.pulumiOk(["up", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
      expect(await admin.connection(app)).toMatchObject({
        status: "ENABLED",
        profile: { authScheme: "OAUTH2", clientId: OAUTH_CLIENT_ID, signing: { rotationMode: "AUTO" } },
      });
      expect(await admin.feature(app, "USER_PROVISIONING")).toMatchObject({
        status: "ENABLED",
        capabilities: {
          update: { profile: { status: "ENABLED" }, lifecycleDeactivate: { status: "DISABLED" } },
        },
      });
      await project.pulumiOk(["preview", "--expect-no-changes"]);
      await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
    });

    it("drift in the connection's key rotation and in the feature is seen, reviewed and repaired", async () => {
      await admin.setConnection(
        app,
        { profile: { authScheme: "OAUTH2", clientId: OAUTH_CLIENT_ID, signing: { rotationMode: "MANUAL" } } },
        true,
      );
      await admin.putFeature(app, "USER_PROVISIONING", {
        update: { lifecycleDeactivate: { status: "ENABLED" } },
      });
      const preview = await project.previewJson(["--refresh"]);
      expect(step(preview, "org2org-oauth")?.op).toBe("update");
      expect(step(preview, "org2org-oauth")?.oldState?.inputs).toMatchObject({
        signing: { rotationMode: "MANUAL" },
      });
      expect(step(preview, "org2org-oauth-push")?.op).toBe("update");
      const report = await review(project);
      expect(report.drift.map((d) => d.name).sort()).toEqual(["org2org-oauth", "org2org-oauth-push"]);

      await project.pulumiOk(["up", "--yes", "--skip-preview", "--refresh"], {
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      expect((await admin.connection(app)).profile.signing).toEqual({ rotationMode: "AUTO" });
      expect(await admin.feature(app, "USER_PROVISIONING")).toMatchObject({
        capabilities: { update: { lifecycleDeactivate: { status: "DISABLED" } } },
      });
    });

    it("updates the feature, then destroy deactivates the connection and resets the feature", async () => {
      await project.setConfig(`${NS}:oauthDeactivate`, "ENABLED");
      const up = await project.pulumiOk(["up", "--yes", "--skip-preview"], {
        env: DEBUG,
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      expect(writes(providerRequests(up))).toEqual([`PUT /api/v1/apps/${app}/features/USER_PROVISIONING`]);
      expect(await admin.feature(app, "USER_PROVISIONING")).toMatchObject({
        capabilities: { update: { lifecycleDeactivate: { status: "ENABLED" } } },
      });

      await project.pulumiOk(["destroy", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
      expect((await admin.connection(app)).status).toBe("DISABLED");
      const reset = await featureAfterDestroy(app, "USER_PROVISIONING");
      expect(reset).toMatchObject({
        capabilities: { create: { lifecycleCreate: { status: "DISABLED" } } },
      } satisfies Partial<Feature>);
    });
  },
);

describeUnless(
  MODE,
  CONSENT_BY_HAND
    ? undefined
    : {
        reason: "a person must consent in Google Workspace",
        command:
          "OKTA_ACCEPTANCE_CONSENT=1 OKTA_ACCEPTANCE_GOOGLE_DOMAIN=<your Google Workspace domain> " +
          'npm run test:acceptance -- -t "three-legged", then open the authorize URL it prints, allow, and run ' +
          "`npx okta-provisioning consent complete` and paste the continue URL",
      },
  "three-legged OAuth consent (Google Workspace)",
  () => {
    const consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-acc-consent-"));
    afterAll(() => fs.rmSync(consentDir, { recursive: true, force: true }));

    it("pulumi up waits for the consent, completes it with okta-provisioning consent, and enables the connection", async () => {
      const google = (
        await createApp(
          googleApp(label("google"), process.env.OKTA_ACCEPTANCE_GOOGLE_DOMAIN ?? "my-company-domain"),
        )
      ).id;
      const env = { OKTA_PROVISIONING_CONSENT_DIR: consentDir, OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "2" };
      const project = await stack(
        "consent",
        { [`${NS}-consent:googleAppId`]: google },
        {},
        CONSENT_PROGRAM,
        env,
      );
      const up = project.pulumi(["up", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });

      // What the person running `pulumi up` does: find the authorize link, open it, and hand back Okta's answer.
      const authorizeUrl = await waitForAuthorizeUrl(google, env, up);
      if (LIVE) {
        process.stderr.write(
          `\nacceptance: open ${authorizeUrl} , allow access, then run:\n` +
            `  OKTA_PROVISIONING_CONSENT_DIR=${consentDir} npx okta-provisioning consent complete\n` +
            "and paste the continue URL when it asks\n",
        );
      } else {
        const continueUrl = await pressAllow(authorizeUrl);
        // On standard input, as a person pastes it: never on the command line, where every user could read it.
        const handed = await okProvisioning(["consent", "complete"], { env, input: continueUrl });
        expect(handed.stderr).toBe("");
        expect(handed.stdout).toMatch(/Consent complete/);
      }
      const result = await up;
      if (result.code !== 0)
        throw new Error(`pulumi up exited ${result.code}\n${result.stdout}\n${result.stderr}`);
      expect((await admin.connection(google)).status).toBe("ENABLED");
      expect(await admin.feature(google, "USER_PROVISIONING")).toMatchObject({
        capabilities: { update: { profile: { status: "ENABLED" } } },
      });
      await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
      expect((await admin.connection(google)).status).toBe("DISABLED");
    });
  },
);

/** Polls `okta-provisioning consent list` (what the person would run) until the waiting consent shows up. */
async function waitForAuthorizeUrl(appId: string, env: Record<string, string>, up: Promise<CommandResult>) {
  let finished: CommandResult | undefined;
  void up.then((r) => (finished = r));
  const deadline = Date.now() + COMMAND_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (finished)
      throw new Error(
        `pulumi up ended before the consent was asked for\n${finished.stdout}\n${finished.stderr}`,
      );
    const list = await okProvisioning(["consent", "list"], { env });
    const line = list.stdout.split("\n").findIndex((l) => l.startsWith(appId));
    const authorize =
      line >= 0 ? /authorize:\s+(\S+)/.exec(list.stdout.split("\n")[line + 1] ?? "")?.[1] : undefined;
    if (authorize) return authorize;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no OAuthConsent started waiting for ${appId}`);
}

describe("pulumi import through the native provider plugin", () => {
  const IMPORT_PROGRAM = path.join(__dirname, "programs", "plugin-import");
  const IMPORT_TOKEN = () => ZSCALER_TOKEN;
  /** The installed package's launcher, first on PATH as `node_modules/.bin` is for a user who installed it. */
  const pluginPath = () =>
    [
      path.join(process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string, ".bin"),
      pulumiBinDir(),
      process.env.PATH,
    ].join(path.delimiter);

  it("pulumi import of a connection and a feature configured by hand, from okta-provisioning adopt's import file, then a preview with no changes", async () => {
    const app = (await createApp(zscalerApp(label("zscaler-import")))).id;
    // An admin's work: the connection with its token, and push of new users and profile changes.
    await admin.setConnection(
      app,
      { baseUrl: ZSCALER_BASE_URL, profile: { authScheme: "TOKEN", token: IMPORT_TOKEN() } },
      true,
    );
    const configured = await admin.putFeature(app, "USER_PROVISIONING", {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: { profile: { status: "ENABLED" } },
    });

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-acc-import-"));
    try {
      const file = path.join(out, "org.import.json");
      const adopted = await okProvisioning(
        ["adopt", "--org-url", target.orgUrl, "--apps", app, "--format", "import-file", "--out", file],
        { env: { OKTA_API_TOKEN: target.apiToken }, timeoutMs: COMMAND_TIMEOUT_MS },
      );
      expect(adopted.stderr).not.toContain("okta-provisioning:");
      expect(adopted.code).toBe(0);
      expect(adopted.stdout).toMatch(/: token \(the API token .* accepts from Okta\)/);
      const spec = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: { type: string; id: string }[] };
      expect(spec.resources.map((r) => [r.type, r.id])).toEqual([
        ["okta-provisioning:index:ProvisioningConnection", app],
        ["okta-provisioning:index:ProvisioningFeature", `${app}/USER_PROVISIONING`],
      ]);

      const project = await PulumiProject.create({
        programDir: IMPORT_PROGRAM,
        stack: "import",
        config: { "okta-provisioning:orgUrl": target.orgUrl },
        secrets: { "okta-provisioning:apiToken": target.apiToken, zscalerToken: IMPORT_TOKEN() },
        env: { PATH: pluginPath() },
      });
      projects.push(project);
      const generated = path.join(out, "imported.yaml");
      // Unprotected, so that this scenario's destroy (and a failed run's clean-up) can remove them.
      await project.pulumiOk(["import", "--file", file, "--yes", "--protect=false", "--out", generated], {
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      // Okta never returns the token (adopt said so): the person importing reads it from secret config.
      const code = fs
        .readFileSync(generated, "utf8")
        .replace(
          /(type: okta-provisioning:ProvisioningConnection\n {4}properties:\n)/,
          "$1      token: ${zscalerToken}\n",
        );
      expect(code).toContain("token: ${zscalerToken}");
      expect(code).not.toContain(IMPORT_TOKEN());
      fs.appendFileSync(path.join(project.dir, "Pulumi.yaml"), code);
      await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"], {
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
      // Nothing was written: Okta reports what the admin configured.
      expect((await admin.connection(app)).status).toBe("ENABLED");
      expect((await admin.feature(app, "USER_PROVISIONING")).capabilities).toEqual(configured.capabilities);
      expect(JSON.stringify(await project.stackExport())).not.toContain(IMPORT_TOKEN());

      await project.pulumiOk(["destroy", "--yes", "--skip-preview"], { timeoutMs: COMMAND_TIMEOUT_MS });
      expect((await admin.connection(app)).status).toBe("DISABLED");
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("clean-up", () => {
  it("deactivates and deletes every app it created; Okta then answers 404 for them and their connections", async () => {
    const mine = await admin.appsStartingWith(label(""));
    expect(mine.map((a) => a.id).sort()).toEqual(created.map((a) => a.id).sort());
    for (const app of created.splice(0)) {
      await admin.deactivateAndDelete(app.id);
      expect(await admin.status("GET", `/api/v1/apps/${app.id}`)).toBe(404);
      expect(await admin.status("GET", `/api/v1/apps/${app.id}/connections/default`)).toBe(404);
      expect(await admin.status("GET", `/api/v1/apps/${app.id}/features`)).toBe(404);
    }
    expect(await admin.appsStartingWith(label(""))).toEqual([]);
  });

  it("spoke only Okta's public API: no request of this process went to the emulator's control endpoints", () => {
    expect(guard.violations()).toEqual([]);
  });
});
