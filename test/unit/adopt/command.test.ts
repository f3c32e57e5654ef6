import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { adoptCommand } from "../../../cli/adopt/command";
import { CliError } from "../../../cli/errors";
import { startEmulator, type Emulator } from "../../../emulator";
import { resetSharedClients } from "../../../provider/client";

/** Runs `okta-provisioning adopt ARGS` with only `env` as OKTA_* environment; stdout and stderr captured. */
async function run(args: string[], env: Record<string, string> = {}) {
  const saved = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("OKTA_")));
  for (const k of Object.keys(saved)) delete process.env[k];
  Object.assign(process.env, env);
  const out: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await adoptCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .parseAsync(args, { from: "user" });
    return { error: undefined, stdout: out.join("\n") };
  } catch (e) {
    return { error: e as Error, stdout: out.join("\n") };
  } finally {
    log.mockRestore();
    err.mockRestore();
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
    resetSharedClients();
  }
}

describe("okta-provisioning adopt: bad input is one clear line and writes nothing", () => {
  let emulator: Emulator;
  let tmp: string;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-cli-"));
  });
  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await emulator.close();
  });

  const out = (name: string) => path.join(tmp, name);

  it("without credentials names the variables to set", async () => {
    const { error } = await run(["--org-url", emulator.orgs[0].url, "--out", out("a")]);
    expect(error).toBeInstanceOf(CliError);
    expect(error!.message).toMatch(/No Okta credentials .*OKTA_API_TOKEN/);
    expect(error!.message).not.toContain("\n");
    expect(fs.existsSync(out("a"))).toBe(false);
  });

  it("with a wrong token says it is invalid, without echoing it", async () => {
    const { error } = await run(["--org-url", emulator.orgs[0].url, "--out", out("b")], {
      OKTA_API_TOKEN: "00wrong-token-value",
    });
    expect(error).toBeInstanceOf(CliError);
    expect(error!.message).toMatch(/API token .* is invalid or expired/);
    expect(error!.message).not.toContain("00wrong-token-value");
    expect(fs.existsSync(out("b"))).toBe(false);
  });

  // adopt runs outside `pulumi` and cannot decrypt a stack's secrets: its messages name what it reads (the flag and
  // the OKTA_* variables), never a `pulumi config set` it would not see (issue 30).
  it("names only what it reads: --org-url and the OKTA_* variables, never stack config", async () => {
    const noOrg = await run(["--out", out("e")]);
    expect(noOrg.error!.message).toMatch(/No Okta org given: pass --org-url https:\/\/<org>\.okta\.com/);
    expect(noOrg.error!.message).toContain("OKTA_ORG_NAME");
    const noCreds = await run(["--org-url", emulator.orgs[0].url, "--out", out("e")]);
    const wrong = await run(["--org-url", emulator.orgs[0].url, "--out", out("e")], {
      OKTA_API_TOKEN: "00wrong-token-value",
    });
    for (const message of [noOrg.error!.message, noCreds.error!.message, wrong.error!.message]) {
      const unread = message.replace("$(pulumi config get okta:apiToken)", "");
      expect(unread).not.toMatch(/pulumi config set|okta:apiToken|okta-provisioning:orgUrl|okta:orgName/);
    }
    expect(noCreds.error!.message).toContain("adopt reads the environment, not stack config");
    expect(noCreds.error!.message).toContain("export OKTA_API_TOKEN=$(pulumi config get okta:apiToken)");
    expect(wrong.error!.message).toMatch(
      /is invalid or expired .*: create a new token .* and set OKTA_API_TOKEN/,
    );
  });

  it("refuses plain http to anything but a loopback address, before any call", async () => {
    const before = emulator.counters().reads;
    const { error } = await run(["--org-url", "http://acme.okta.com", "--out", out("c")], {
      OKTA_API_TOKEN: emulator.orgs[0].apiToken,
    });
    expect(error!.message).toMatch(/need https:\/\//);
    expect(emulator.counters().reads).toBe(before);
  });

  it("refuses an output directory that exists and is not empty, unless --force", async () => {
    fs.mkdirSync(out("d"));
    fs.writeFileSync(path.join(out("d"), "notes.txt"), "mine");
    const env = { OKTA_API_TOKEN: emulator.orgs[0].apiToken };
    const refused = await run(["--org-url", emulator.orgs[0].url, "--out", out("d")], env);
    expect(refused.error!.message).toMatch(/exists and is not empty.*--force/);
    expect(fs.readdirSync(out("d"))).toEqual(["notes.txt"]);

    // The seeded org has only never-configured connections: nothing to adopt, and nothing written either.
    const empty = await run(["--org-url", emulator.orgs[0].url, "--out", out("d"), "--force"], env);
    expect(empty.error!.message).toMatch(/nothing to adopt: none of the 7 apps/);
    expect(fs.readdirSync(out("d"))).toEqual(["notes.txt"]);
  });

  it("refuses an --apps list that is not app ids", async () => {
    const { error } = await run(["--apps", "0oa123,slack", "--out", out("e")]);
    expect(error?.message).toMatch(/"0oa123" is not an app id/);
  });

  it("writes the program and prints the summary: scanned, adopted, skipped and why, API calls", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!;
    await fetch(`${org.url}/api/v1/apps/${zscaler.id}/connections/default?activate=TRUE`, {
      method: "POST",
      headers: { authorization: `SSWS ${org.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        baseUrl: emulator.zscalerTenants[0].baseUrl,
        profile: { authScheme: "TOKEN", token: emulator.zscalerTenants[0].token },
      }),
    });
    const before = emulator.counters();
    const { error, stdout } = await run(["--org-url", org.url, "--out", out("f"), "--name", "acme"], {
      OKTA_API_TOKEN: org.apiToken,
    });
    expect(error).toBeUndefined();
    expect(emulator.counters().writes).toBe(before.writes);
    const calls = emulator.counters().reads - before.reads;
    expect(stdout).toContain(
      `Adopted 1 of 7 apps scanned (2 resources); skipped 6 (1 cannot provision, 5 provisioning not configured); ${calls} API calls`,
    );
    expect(fs.readdirSync(out("f")).sort()).toEqual(
      [".gitignore", "Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"].sort(),
    );
    expect(fs.readFileSync(path.join(out("f"), "Pulumi.yaml"), "utf8")).toContain('name: "acme"');
    expect(stdout).not.toContain(org.apiToken);
  });

  it("--format import-file writes the file for `pulumi import --file` and says what to run next", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!;
    const file = out("acme.import.json");
    const env = { OKTA_API_TOKEN: org.apiToken };
    const before = emulator.counters();
    const { error, stdout } = await run(
      ["--org-url", org.url, "--format", "import-file", "--out", file, "--apps", zscaler.id],
      env,
    );
    expect(error).toBeUndefined();
    expect(emulator.counters().writes).toBe(before.writes);
    // Zscaler was configured by the test above: its connection and its To App feature.
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({
      resources: [
        { type: "okta-provisioning:index:ProvisioningConnection", name: "zscaler-2-0", id: zscaler.id },
        {
          type: "okta-provisioning:index:ProvisioningFeature",
          name: "zscaler-2-0-to-app",
          id: `${zscaler.id}/USER_PROVISIONING`,
        },
      ],
    });
    expect(stdout).toContain(`Wrote the import file ${file} (2 resources).`);
    expect(stdout).toContain(`pulumi import --file ${file}`);
    expect(stdout).toMatch(/zscaler-2-0: token \(the API token Zscaler 2\.0 accepts from Okta\)/);
    expect(stdout).not.toContain(org.apiToken);

    // An existing file is kept unless --force; --force replaces it.
    const again = await run(["--org-url", org.url, "--format", "import-file", "--out", file], env);
    expect(again.error!.message).toMatch(/exists: choose a new file name, or pass --force/);
    const emea = "urn:pulumi:dev::acme::pulumi:providers:okta-provisioning::emea";
    const forced = await run(
      ["--org-url", org.url, "--format", "import-file", "--out", file, "--force", "--provider", emea],
      env,
    );
    expect(forced.error).toBeUndefined();
    const replaced = JSON.parse(fs.readFileSync(file, "utf8")) as {
      nameTable: Record<string, string>;
      resources: Array<{ provider?: string }>;
    };
    expect(replaced.nameTable).toEqual({ emea });
    expect(replaced.resources.every((r) => r.provider === "emea")).toBe(true);
  });

  it("--org writes ids with the org's alias of the stack, which pulumi import reads through the default provider", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!;
    const file = out("emea.import.json");
    const env = { OKTA_API_TOKEN: org.apiToken };
    const { error, stdout } = await run(
      ["--org-url", org.url, "--format", "import-file", "--out", file, "--apps", zscaler.id, "--org", "emea"],
      env,
    );
    expect(error).toBeUndefined();
    const written = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: Array<{ id: string }> };
    expect(written.resources.map((r) => r.id)).toEqual([
      `emea:${zscaler.id}`,
      `emea:${zscaler.id}/USER_PROVISIONING`,
    ]);
    expect(stdout).toContain("okta-provisioning:orgs.emea");
    const program = await run(["--org-url", org.url, "--out", out("p"), "--org", "emea"], env);
    expect(program.error?.message).toMatch(/--org is for --format import-file/);
  });

  it("refuses --provider without --format import-file, and an unknown format, before any call", async () => {
    const before = emulator.counters().reads;
    const env = { OKTA_API_TOKEN: emulator.orgs[0].apiToken };
    const urn = "urn:pulumi:dev::acme::pulumi:providers:okta-provisioning::emea";
    const provider = await run(
      ["--org-url", emulator.orgs[0].url, "--out", out("g"), "--provider", urn],
      env,
    );
    expect(provider.error).toBeInstanceOf(CliError);
    expect(provider.error!.message).toMatch(/--provider is for --format import-file/);
    const format = await run(["--format", "hcl", "--out", out("h")], env);
    expect(format.error?.message).toMatch(/one of program, import-file/);
    expect(emulator.counters().reads).toBe(before);
    expect(fs.existsSync(out("g"))).toBe(false);
  });
});
