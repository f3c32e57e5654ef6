/**
 * `okta-provisioning adopt` end to end: an emulator org with many apps configured in different ways → adopt →
 * the generated program type-checks → preview shows only creates → `pulumi up` writes nothing to Okta → the next
 * preview has no changes → an edit of the generated code updates only that resource.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, callsSince, okta, snapshot, writesSince, type Emulator } from "./harness/emulator-helpers";
import { installPackedPackage } from "./harness/package-install";
import { PulumiProject } from "./harness/project";

jest.setTimeout(300_000);

/**
 * Runs the installed package's `adopt` command as the `okta-provisioning` bin's main() would. Asynchronously: the
 * emulator answers from this very process.
 */
function runAdopt(modules: string, args: string[], env: Record<string, string>) {
  const command = path.join(modules, "pulumi-okta-provisioning", "dist", "cli", "adopt", "command.js");
  const main =
    `const { adoptCommand } = require(${JSON.stringify(command)});` +
    "adoptCommand().parseAsync(process.argv.slice(1), { from: 'user' }).catch((err) => {" +
    "  console.error('okta-provisioning: ' + err.message); process.exitCode = err.exitCode ?? 1; });";
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", main, "--", ...args], {
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The `pulumi config set` commands the generated README tells the user to run, with their keys. */
function readmeConfigKeys(readme: string): { key: string; secret: boolean }[] {
  return [...readme.matchAll(/^pulumi config set (--secret )?([A-Za-z][A-Za-z0-9]*)\s/gm)].map((m) => ({
    key: m[2],
    secret: m[1] !== undefined,
  }));
}

function featureBlock(source: string, resource: string): { start: number; end: number } {
  const start = source.indexOf(`new ProvisioningFeature(${JSON.stringify(resource)}`);
  if (start < 0) throw new Error(`no ProvisioningFeature ${resource} in the generated program`);
  return { start, end: source.indexOf("});", start) };
}

describe("okta-provisioning adopt on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject | undefined;
  let outRoot: string;

  beforeAll(async () => {
    // Rate limits off: pacing has tests of its own, and this one is about what is written.
    emulator = await startEmulator({ seed: "mixed", rateLimit: false });
    outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "okta-prov-adopt-"));
  });

  afterAll(async () => {
    project?.cleanup();
    fs.rmSync(outRoot, { recursive: true, force: true });
    await emulator?.close();
  });

  it("generates a program whose first up writes nothing and whose edits update one resource", async () => {
    const org = emulator.orgs[0];
    // On top of the preset's 40 apps, a few configured by hand as an admin would in the Admin Console.
    const zscaler = appOf(org, "zscalerbyz").id;
    // With credentials the emulator verifies, as Okta does.
    await okta(org, "POST", `/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      baseUrl: emulator.zscalerTenants[0].baseUrl,
      profile: { authScheme: "TOKEN", token: emulator.zscalerTenants[0].token },
    });
    await okta(org, "PUT", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`, {
      create: { lifecycleCreate: { status: "ENABLED" } },
      update: {
        profile: { status: "ENABLED" },
        password: { status: "ENABLED", seed: "OKTA", change: "CHANGE" },
      },
    });
    const org2org = appOf(org, "okta_org2org").id;
    await okta(org, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
      baseUrl: org.url,
      profile: { authScheme: "TOKEN", token: org.apiToken },
    });
    await okta(org, "PUT", `/api/v1/apps/${org2org}/features/INBOUND_PROVISIONING`, {
      importSettings: {
        username: { usernameFormat: "CUSTOM", userNameExpression: "source.email" },
        schedule: { status: "ENABLED", fullImport: { expression: "30 1 * * 1", timezone: "Europe/Paris" } },
      },
      // The spec requires both objects of an INBOUND_PROVISIONING body (the emulator now enforces it).
      importRules: {},
    });
    // Two apps labelled "Slack": both get names from their ids, whatever order Okta lists them in.
    const secondSlack = emulator.addApp(org.name, { name: "slack", label: "Slack" });
    await okta(org, "POST", `/api/v1/apps/${secondSlack.id}/connections/default`, {
      profile: { authScheme: "OAUTH2" },
    });
    const totalApps = emulator.orgs[0].apps.length;
    expect(totalApps).toBeGreaterThanOrEqual(30);

    const modules = process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage();
    const out = path.join(outRoot, "adopted");
    let mark = snapshot(emulator);
    const adopted = await runAdopt(
      modules,
      ["--org-url", org.url, "--out", out, "--name", "adopted-org", "--page-size", "10"],
      {
        OKTA_API_TOKEN: org.apiToken,
      },
    );
    expect(adopted.stderr).not.toContain("okta-provisioning:");
    expect(adopted.status).toBe(0);
    expect(writesSince(emulator, mark)).toBe(0);
    // Five pages of ten: every app was listed by following the Link headers.
    expect(emulator.counters().operations.listApplications - (mark.operations.listApplications ?? 0)).toBe(
      Math.ceil(totalApps / 10),
    );
    const summary = /Adopted (\d+) of (\d+) apps scanned \((\d+) resources\); skipped (\d+)/.exec(
      adopted.stdout,
    );
    expect(summary).not.toBeNull();
    const [, adoptedApps, scanned, resources, skipped] = summary!.map(Number);
    expect(scanned).toBe(totalApps);
    expect(adoptedApps + skipped).toBe(totalApps);
    expect(adoptedApps).toBeGreaterThanOrEqual(12);
    expect(adopted.stdout + adopted.stderr).not.toContain(org.apiToken);

    const source = fs.readFileSync(path.join(out, "index.ts"), "utf8");
    const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
    expect(source).toContain('new ProvisioningConnection("zscaler-2-0"');
    expect(source).toContain(`new ProvisioningConnection("slack-${secondSlack.id.slice(-6)}"`);
    expect(source).not.toContain('new ProvisioningConnection("slack"');
    expect(source).not.toContain(emulator.zscalerTenants[0].token);
    const configKeys = readmeConfigKeys(readme);
    expect(configKeys).toContainEqual({ key: "zscaler20Token", secret: true });
    for (const { key } of configKeys.filter((k) => k.secret)) {
      expect(source).toContain(`config.requireSecret(${JSON.stringify(key)})`);
    }

    project = await PulumiProject.create({
      programDir: out,
      config: { "okta-provisioning:orgUrl": org.url },
      secrets: { "okta:apiToken": org.apiToken },
    });
    for (const { key, secret } of configKeys) await project.setConfig(key, `value-of-${key}`, secret);

    const tsc = spawnSync(
      process.execPath,
      [path.join(modules, "typescript", "bin", "tsc"), "--noEmit", "-p", project.dir],
      { encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);

    const preview = await project.previewJson();
    const steps = (preview.steps ?? []).filter((s) => !s.urn.includes("pulumi:pulumi:Stack"));
    expect(new Set(steps.map((s) => s.op))).toEqual(new Set(["create"]));
    expect(steps).toHaveLength(resources);

    mark = snapshot(emulator);
    await project.up();
    expect(writesSince(emulator, mark)).toBe(0);
    // One read per resource: the connection's GET (appName is in the code) or the feature's.
    expect(callsSince(emulator, mark)).toBe(resources);

    await project.pulumiOk(["preview", "--expect-no-changes"]);

    // A reviewer turns off Zscaler's password push in the generated code.
    const block = featureBlock(source, "zscaler-2-0-to-app");
    const edited =
      source.slice(0, block.start) +
      source.slice(block.start, block.end).replace(/(password: \{\s*status: )"ENABLED"/, '$1"DISABLED"') +
      source.slice(block.end);
    expect(edited).not.toBe(source);
    fs.writeFileSync(path.join(project.dir, "index.ts"), edited);
    const second = await project.previewJson();
    const changed = (second.steps ?? []).filter((s) => s.op !== "same");
    expect(changed.map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "zscaler-2-0-to-app"]]);

    mark = snapshot(emulator);
    await project.up();
    expect(writesSince(emulator, mark)).toBe(1);
    const push = await okta(org, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`);
    expect(push.body).toMatchObject({
      capabilities: {
        update: { password: { status: "DISABLED", seed: "OKTA" }, profile: { status: "ENABLED" } },
      },
    });
  });
});
