/**
 * The native plugin as a Pulumi provider engineer would try it, on the real CLI with a YAML program against the
 * emulator: replacements that keep the app (`pulumi up --replace`,
 * `replaceOnChanges`) without clobbering themselves, an explicit provider moved to another org (its resources are
 * deleted in the old org and created in the new), a rotated credential that replaces nothing, and where a rotated
 * default-provider token reaches `refresh` and `destroy`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import {
  appOf,
  callsSince,
  okta,
  snapshot,
  tokenConnectionConfig,
  writesSince,
  type Emulator,
} from "./harness/emulator-helpers";
import { PulumiProject, type CommandResult, type PreviewJson } from "./harness/project";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "plugin-provider");
const NS = "okta-provisioning-plugin-provider";
const SPARE_TOKEN = "00spare-named-org-token-in-clear-5b7e";

describe("the native plugin's provider behaviour on the real Pulumi CLI", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  /** Credentials the emulator issued (a Zscaler tenant's SCIM token, the Org2Org target org's API token). */
  let credentials: ReturnType<typeof tokenConnectionConfig>;
  const printed: string[] = [];
  const run = async (args: string[]): Promise<CommandResult> => {
    const result = await project.pulumi(args);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const ok = async (args: string[]): Promise<CommandResult> => {
    const result = await run(args);
    if (result.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const connection = async (org: Emulator["orgs"][number], app: string) =>
    (await okta(org, "GET", `/api/v1/apps/${app}/connections/default`)).body as Record<string, unknown>;
  const urnOf = async (name: string) => {
    const found = (await project.resources()).find((r) => r.urn.endsWith(`::${name}`));
    if (!found) throw new Error(`no ${name} in the stack`);
    return found.urn;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 2, rateLimit: false });
    const [org1] = emulator.orgs;
    // The emulator verifies a connection's credentials as Okta does: none is invented.
    credentials = tokenConnectionConfig(emulator, NS);
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org1.url,
        [`${NS}:orgUrl`]: org1.url,
        [`${NS}:zscalerAppId`]: appOf(org1, "zscalerbyz").id,
        [`${NS}:org2orgAppId`]: appOf(org1, "okta_org2org").id,
        [`${NS}:baseUrl`]: credentials.zscaler.baseUrl,
        [`${NS}:org2orgBaseUrl`]: credentials.org2org.baseUrl,
      },
      secrets: {
        "okta-provisioning:apiToken": org1.apiToken,
        [`${NS}:orgToken`]: org1.apiToken,
        [`${NS}:zscalerToken`]: credentials.zscaler.token,
        [`${NS}:org2orgToken`]: credentials.org2org.token,
      },
    });
    await ok(["up", "--yes", "--skip-preview"]);
    expect(await connection(org1, appOf(org1, "zscalerbyz").id)).toMatchObject({ status: "ENABLED" });
  });

  afterAll(async () => {
    project?.cleanup();
    await emulator?.close();
  });

  afterAll(() => {
    for (const text of printed)
      for (const secret of [
        ...emulator.zscalerTenants.map((t) => t.token),
        SPARE_TOKEN,
        ...emulator.orgs.map((o) => o.apiToken),
      ])
        expect(text).not.toContain(secret);
  });

  it("keeps a named org's token of an explicit provider secret in the state, its backups and history", async () => {
    const provider = (await project.resources()).find((r) => r.urn.endsWith("::org"));
    expect(JSON.stringify(provider?.inputs)).toContain("spare");
    const backend = path.join(project.root, "backend");
    const files = fs.readdirSync(backend, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = fs.readFileSync(path.join(file.parentPath, file.name), "utf8");
      expect(text).not.toContain(SPARE_TOKEN);
    }
  });

  it("`pulumi up --replace` of the connection and of its feature leaves both as the program says", async () => {
    const org1 = emulator.orgs[0];
    const zscaler = appOf(org1, "zscalerbyz").id;
    await ok(["up", "--yes", "--skip-preview", "--replace", await urnOf("zscaler")]);
    expect(await connection(org1, zscaler)).toMatchObject({ status: "ENABLED" });
    await ok(["up", "--yes", "--skip-preview", "--replace", await urnOf("zscalerPush")]);
    expect(
      (await okta(org1, "GET", `/api/v1/apps/${zscaler}/features/USER_PROVISIONING`)).body,
    ).toMatchObject({
      capabilities: { update: { profile: { status: "ENABLED" } } },
    });
    expect(await project.outputs()).toMatchObject({ zscalerStatus: "ENABLED" });
    await ok(["preview", "--expect-no-changes"]);
  });

  it("a replaceOnChanges replacement of the same app deletes first, so the new connection stays enabled", async () => {
    const org1 = emulator.orgs[0];
    const zscaler = appOf(org1, "zscalerbyz").id;
    // Another Zscaler tenant: its own base URL and token.
    const other = emulator.addZscalerTenant();
    await project.setConfig(`${NS}:baseUrl`, other.baseUrl);
    await project.setConfig(`${NS}:zscalerToken`, other.token, true);
    // Deleted first, though the diff names no replacement of its own: the program's replaceOnChanges makes it one.
    const planned = (await ok(["preview"])).stdout;
    expect(planned.indexOf("zscaler delete original")).toBeGreaterThan(-1);
    expect(planned.indexOf("zscaler delete original")).toBeLessThan(
      planned.indexOf("zscaler create replacement"),
    );
    await ok(["up", "--yes", "--skip-preview"]);
    expect(await connection(org1, zscaler)).toMatchObject({
      status: "ENABLED",
      baseUrl: other.baseUrl,
    });
    await ok(["preview", "--expect-no-changes"]);
  });

  it("a rotated default-provider token reaches refresh and destroy only through the program (--run-program)", async () => {
    const org1 = emulator.orgs[0];
    // The stack config now holds a token the org refuses; the state's copy of the provider config the old one.
    await project.setConfig("okta-provisioning:apiToken", "00rotated-but-not-this-orgs-token", true);
    const fromState = await run(["refresh", "--yes", "--skip-preview"]);
    expect(fromState.code).toBe(0);
    const fromProgram = await run(["refresh", "--yes", "--skip-preview", "--run-program"]);
    expect(fromProgram.code).not.toBe(0);
    expect(fromProgram.stdout + fromProgram.stderr).toMatch(
      /The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired .*okta-provisioning:apiToken/,
    );
    await project.setConfig("okta-provisioning:apiToken", org1.apiToken, true);
    await ok(["preview", "--expect-no-changes"]);
  });

  it("pulumi preview of a change tries the provider's credentials once: a wrong token fails it with one read, no write", async () => {
    const org1 = emulator.orgs[0];
    const wrong = "00wrong-explicit-provider-token-9d1e";
    await project.setConfig(`${NS}:orgToken`, wrong, true);
    try {
      // The provider's token changed, no resource did: no call.
      let mark = snapshot(emulator);
      const noop = await run(["preview", "--json"]);
      expect(noop.code).toBe(0);
      const ops = (JSON.parse(noop.stdout) as PreviewJson).steps?.filter(
        (s) => !s.urn.includes("pulumi:providers"),
      );
      expect(ops?.every((s) => s.op === "same")).toBe(true);
      expect(callsSince(emulator, mark)).toBe(0);

      // A change through that provider: the preview fails before showing it, one read, nothing written.
      await project.setConfig(`${NS}:enabled`, "false");
      mark = snapshot(emulator);
      const refused = await run(["preview"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(
        /The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired \(401/,
      );
      expect(refused.stdout + refused.stderr).toMatch(
        /pulumi preview tried the org's credentials with one read/,
      );
      expect(refused.stdout + refused.stderr).not.toContain(wrong);
      expect(callsSince(emulator, mark)).toBe(1);
      expect(writesSince(emulator, mark)).toBe(0);
    } finally {
      await project.setConfig(`${NS}:enabled`, "true");
      await project.setConfig(`${NS}:orgToken`, org1.apiToken, true);
    }
    await ok(["preview", "--expect-no-changes"]);
  });

  it("moving the explicit provider to another org deletes its resources there and creates them in the new one", async () => {
    const [org1, org2] = emulator.orgs;
    const old = appOf(org1, "zscalerbyz").id;
    const moved = appOf(org2, "zscalerbyz").id;
    await project.setConfig(`${NS}:orgUrl`, org2.url);
    await project.setConfig(`${NS}:orgToken`, org2.apiToken, true);
    await project.setConfig(`${NS}:zscalerAppId`, moved);
    const org2org = appOf(org1, "okta_org2org").id;
    const before = await connection(org1, org2org);
    await ok(["up", "--yes", "--skip-preview"]);
    expect(await connection(org1, old)).toMatchObject({ status: "DISABLED" });
    expect(await connection(org2, moved)).toMatchObject({ status: "ENABLED" });
    // The old org's feature was reset before its connection was turned off.
    await okta(org1, "POST", `/api/v1/apps/${old}/connections/default/lifecycle/activate`);
    expect((await okta(org1, "GET", `/api/v1/apps/${old}/features/USER_PROVISIONING`)).body).toMatchObject({
      capabilities: { update: { profile: { status: "DISABLED" } } },
    });
    await okta(org1, "POST", `/api/v1/apps/${old}/connections/default/lifecycle/deactivate`);
    // The default provider's resource did not move.
    expect(await connection(org1, org2org)).toEqual(before);
    await ok(["preview", "--expect-no-changes"]);
  });

  it("a rotated credential of the explicit provider replaces nothing and writes nothing", async () => {
    const org2 = emulator.orgs[1];
    await project.setConfig(`${NS}:orgToken`, emulator.addApiToken(org2.name), true);
    const preview = JSON.parse((await ok(["preview", "--json"])).stdout) as PreviewJson;
    const ops = Object.fromEntries((preview.steps ?? []).map((s) => [s.urn.split("::").pop(), s.op]));
    expect(ops).toMatchObject({ org: "update" });
    expect(Object.values(ops)).not.toContain("replace");
    expect(Object.values(ops)).not.toContain("create-replacement");
    const mark = snapshot(emulator);
    await ok(["up", "--yes", "--skip-preview"]);
    expect(writesSince(emulator, mark)).toBe(0);
  });

  it("imports from a named org of the default provider by <alias>:<id>, and the generated code says org", async () => {
    const org2 = emulator.orgs[1];
    const org2org = appOf(org2, "okta_org2org").id;
    // An admin configured Org2Org by hand in the org the stack config names emea.
    await okta(org2, "POST", `/api/v1/apps/${org2org}/connections/default?activate=TRUE`, {
      // Its target: the first org (an API token of it, and its URL).
      baseUrl: emulator.orgs[0].url,
      profile: { authScheme: "TOKEN", token: emulator.orgs[0].apiToken },
    });
    await ok(["config", "set", "--path", "okta-provisioning:orgs.emea.orgUrl", org2.url]);
    await ok(["config", "set", "--path", "--secret", "okta-provisioning:orgs.emea.apiToken", org2.apiToken]);
    // pulumi import configures the default provider from the state's copy of its config: `up` records the new org.
    await ok(["up", "--yes", "--skip-preview"]);
    const mark = snapshot(emulator);
    const imported = await ok([
      "import",
      "okta-provisioning:index:ProvisioningConnection",
      "emeaOrg2org",
      `emea:${org2org}`,
      "--yes",
      "--protect=false",
      "--out",
      "emea.yaml",
    ]);
    expect(writesSince(emulator, mark)).toBe(0);
    // The token Okta never returns is not asked for until the profile is posted again (issue 27): no warning.
    expect(imported.output).not.toMatch(/warning|failed to validate|is required/i);
    const code = fs.readFileSync(path.join(project.dir, "emea.yaml"), "utf8");
    expect(code).toMatch(/org: emea/);
    expect(code).toMatch(new RegExp(`appId: ${org2org}`));
    const state = (await project.resources()).find((r) => r.urn.endsWith("::emeaOrg2org"));
    expect(state?.id).toBe(org2org);
    expect(state?.outputs).toMatchObject({ org: "emea", status: "ENABLED" });
    await ok(["state", "delete", state!.urn, "--yes"]);
  });

  it("destroy uses the state's copy of the default provider's config, and the current one with --run-program", async () => {
    const [org1, org2] = emulator.orgs;
    const org2org = appOf(org1, "okta_org2org").id;
    const invalid = "00rotated-but-not-this-orgs-token";
    await project.setConfig("okta-provisioning:apiToken", invalid, true);
    await ok(["destroy", "--yes", "--skip-preview"]);
    expect(await connection(org1, org2org)).toMatchObject({ status: "DISABLED" });
    expect(await connection(org2, appOf(org2, "zscalerbyz").id)).toMatchObject({ status: "DISABLED" });

    await project.setConfig("okta-provisioning:apiToken", org1.apiToken, true);
    await ok(["up", "--yes", "--skip-preview"]);
    await project.setConfig("okta-provisioning:apiToken", invalid, true);
    const fromProgram = await run(["destroy", "--yes", "--skip-preview", "--run-program"]);
    expect(fromProgram.code).not.toBe(0);
    expect(fromProgram.stdout).toMatch(
      /The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired .*okta-provisioning:apiToken/,
    );
    await project.setConfig("okta-provisioning:apiToken", org1.apiToken, true);
    await ok(["destroy", "--yes", "--skip-preview", "--run-program"]);
    expect(await connection(org1, org2org)).toMatchObject({ status: "DISABLED" });
  });
});
