import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { completeConsent } from "../../cli/consent-command";
import { waitingConsents } from "../../provider/consent/rendezvous";
import { appOf, okta, type Emulator } from "./harness/emulator-helpers";
import { PulumiProject } from "./harness/project";
import { installPackedPackage } from "./harness/package-install";

jest.setTimeout(600_000);

const EXAMPLES = path.join(__dirname, "..", "..", "examples");
const consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-examples-consent-"));
let emulator: Emulator;

beforeAll(async () => {
  process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
  emulator = await startEmulator({ orgs: 2 });
});
afterAll(async () => {
  await emulator?.close();
  fs.rmSync(consentDir, { recursive: true, force: true });
});

/** Plays the third-party admin for the consent the running `pulumi up` waits on. */
async function approveWhenAsked(appId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [waiting] = waitingConsents(appId);
    if (waiting) {
      const res = await fetch(waiting.authorizeUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "decision=allow",
      });
      const body = (await res.json()) as { continue_oauth_flow_url: { href: string } };
      await completeConsent(body.continue_oauth_flow_url.href);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no consent asked for ${appId}`);
}

async function deploy(
  example: string,
  config: Record<string, string>,
  secrets: Record<string, string>,
  consentFor?: string,
): Promise<PulumiProject> {
  const org = emulator.orgs[0];
  const project = await PulumiProject.create({
    programDir: path.join(EXAMPLES, example),
    config: { "okta-provisioning:orgUrl": org.url, ...config },
    secrets: { "okta:apiToken": org.apiToken, ...secrets },
    env: { OKTA_PROVISIONING_CONSENT_DIR: consentDir, OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "1" },
  });
  const up = project.up();
  if (consentFor) await approveWhenAsked(consentFor);
  await up;
  await project.pulumiOk(["preview", "--expect-no-changes"]);
  return project;
}

async function destroy(project: PulumiProject) {
  await project.destroy();
  project.cleanup();
}

describe("the examples deploy against the emulator", () => {
  it("zscaler-token: a token connection with To App provisioning", async () => {
    const org = emulator.orgs[0];
    const appId = appOf(org, "zscalerbyz").id;
    const project = await deploy(
      "zscaler-token",
      {
        "example-zscaler-token:appId": appId,
        "example-zscaler-token:scimBaseUrl": emulator.zscalerTenants[0].baseUrl,
      },
      // The emulated Zscaler tenant's token: the emulator verifies it, as Okta does.
      { "example-zscaler-token:scimToken": emulator.zscalerTenants[0].token },
    );
    expect(await project.outputs()).toMatchObject({ connectionStatus: "ENABLED", featureStatus: "ENABLED" });
    await destroy(project);
  });

  it("org2org-import: a token connection with a scheduled To Okta import", async () => {
    const org = emulator.orgs[0];
    const appId = appOf(org, "okta_org2org").id;
    const project = await deploy(
      "org2org-import",
      // The other emulated org is the target: its URL and API token, which the emulator verifies as Okta does.
      { "example-org2org-import:appId": appId, "example-org2org-import:targetOrgUrl": emulator.orgs[1].url },
      { "example-org2org-import:targetOrgApiToken": emulator.orgs[1].apiToken },
    );
    const feature = await okta(org, "GET", `/api/v1/apps/${appId}/features/INBOUND_PROVISIONING`);
    expect(feature.body).toMatchObject({
      capabilities: {
        importSettings: { schedule: { status: "ENABLED", fullImport: { expression: "0 2 * * 0" } } },
      },
    });
    await destroy(project);
  });

  it("google-oauth-consent: OAuth 2.0 completed by OAuthConsent", async () => {
    const org = emulator.orgs[0];
    const appId = appOf(org, "google").id;
    const project = await deploy(
      "google-oauth-consent",
      { "example-google-oauth-consent:appId": appId },
      {},
      appId,
    );
    expect(await project.outputs()).toMatchObject({ connectionStatus: "ENABLED", featureStatus: "ENABLED" });
    await destroy(project);
  });

  it("office365-admin-secrets: admin credentials stay secret in state", async () => {
    const org = emulator.orgs[0];
    const appId = appOf(org, "office365").id;
    const password = "example-m365-admin-password";
    const project = await deploy(
      "office365-admin-secrets",
      {
        "example-office365-admin-secrets:appId": appId,
        "example-office365-admin-secrets:adminUsername": "admin@acme.example",
      },
      { "example-office365-admin-secrets:adminPassword": password },
      appId,
    );
    expect(JSON.stringify(await project.stackExport())).not.toContain(password);
    await destroy(project);
  });

  it("multi-org: one program over two orgs, credentials only in stack config", async () => {
    const [us, emea] = emulator.orgs;
    const project = await PulumiProject.create({ programDir: path.join(EXAMPLES, "multi-org") });
    await project.pulumiOk(["config", "set", "--path", "okta-provisioning:orgs.us.orgUrl", us.url]);
    await project.pulumiOk([
      "config",
      "set",
      "--path",
      "--secret",
      "okta-provisioning:orgs.us.apiToken",
      us.apiToken,
    ]);
    await project.pulumiOk(["config", "set", "--path", "okta-provisioning:orgs.emea.orgUrl", emea.url]);
    await project.pulumiOk([
      "config",
      "set",
      "--path",
      "--secret",
      "okta-provisioning:orgs.emea.apiToken",
      emea.apiToken,
    ]);
    await project.pulumiOk([
      "config",
      "set",
      "--path",
      "example-multi-org:apps.us.zscalerAppId",
      appOf(us, "zscalerbyz").id,
    ]);
    await project.pulumiOk([
      "config",
      "set",
      "--path",
      "example-multi-org:apps.emea.zscalerAppId",
      appOf(emea, "zscalerbyz").id,
    ]);
    // Each org's Zscaler tenant: an emulated one, whose tokens the emulator verifies as Okta does.
    const tenants = { us: emulator.zscalerTenants[0], emea: emulator.addZscalerTenant() };
    for (const [alias, tenant] of Object.entries(tenants)) {
      await project.pulumiOk([
        "config",
        "set",
        "--path",
        `example-multi-org:apps.${alias}.zscalerBaseUrl`,
        tenant.baseUrl,
      ]);
      await project.setConfig(`example-multi-org:${alias}ZscalerToken`, tenant.token, true);
    }
    await project.up();
    for (const org of [us, emea]) {
      const connection = await okta(
        org,
        "GET",
        `/api/v1/apps/${appOf(org, "zscalerbyz").id}/connections/default`,
      );
      expect(connection.body).toMatchObject({ status: "ENABLED" });
    }
    const state = JSON.stringify(await project.stackExport());
    expect(state).not.toContain(us.apiToken);
    expect(state).not.toContain(emea.apiToken);
    await destroy(project);
  });

  it("okta-app-and-provisioning: type-checks with @pulumi/okta (deploying it needs the Okta provider plugin)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-example-tsc-"));
    try {
      fs.cpSync(path.join(EXAMPLES, "okta-app-and-provisioning"), dir, { recursive: true });
      const modules = process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage();
      fs.symlinkSync(modules, path.join(dir, "node_modules"), "dir");
      execFileSync(path.join(modules, ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: dir, stdio: "pipe" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
