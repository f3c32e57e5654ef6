/**
 * Part 4, secrets: every secret the suite hands the package — the org's API token and a service app's private key,
 * connection tokens, a Microsoft 365 admin password, a wrong token — searched for in `pulumi stack export`, every
 * command's stdout and stderr (with --debug, -v=9 and the package's own debug log), error messages, the serialized
 * provider, the emulator's request log and every file the run wrote: 0 hits.
 */
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { appOf, type Emulator } from "../e2e/harness/emulator-helpers";
import { PulumiProject, type CommandResult } from "../e2e/harness/project";
import { reportFigure } from "./harness/figures";
import { filesUnder, findSecrets, withoutEngineTrace, type Hit } from "./harness/secret-search";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "secrets");
const NS = "okta-provisioning-secrets";
const SERVICE_APP = "0oaReliabilityServiceApp";

describe("secrets: none in any output, log, state or file", () => {
  let emulator: Emulator;
  let project: PulumiProject;
  let root: string;
  // The connection tokens are the emulator's (set when it starts): it verifies them as Okta does.
  const secrets: Record<string, string> = {
    adminPassword: "M365-admin-password-secret-7e3d",
    wrongApiToken: "00WrongTokenTheSuiteMadeUp-91af3c5d2e7b",
  };
  const places: Record<string, string> = {};
  let hits: Hit[] = [];
  let engineTraceHits = 0;

  const record = (label: string, result: CommandResult) => {
    places[`${label} stdout`] = result.stdout;
    places[`${label} stderr`] = result.stderr;
    return result;
  };
  // glog files of -v=9 land in TMPDIR: keep them in the project's temp root, where the file search looks.
  const env = () => ({ TMPDIR: path.join(root, "tmp"), OKTA_PROVISIONING_DEBUG: "1" });
  const run = async (label: string, args: string[]) =>
    record(label, await project.pulumi(args, { env: env() }));
  const runOk = async (label: string, args: string[]) => {
    const result = await run(label, args);
    if (result.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
    return result;
  };

  beforeAll(async () => {
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    secrets.privateKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    emulator = await startEmulator({
      orgs: [
        {
          serviceApps: [
            {
              clientId: SERVICE_APP,
              publicKey: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
            },
          ],
        },
      ],
      rateLimit: false,
    });
    const org = emulator.orgs[0];
    secrets.apiToken = org.apiToken;
    secrets.zscalerToken = emulator.zscalerTenants[0].token;
    // The org is its own Org2Org target, reached with an API token of its own.
    secrets.org2orgToken = emulator.addApiToken(org.name);
    project = await PulumiProject.create({
      programDir: PROGRAM,
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta:clientId": SERVICE_APP,
        [`${NS}:zscalerAppId`]: appOf(org, "zscalerbyz").id,
        [`${NS}:org2orgAppId`]: appOf(org, "okta_org2org").id,
        [`${NS}:office365AppId`]: appOf(org, "office365").id,
        [`${NS}:zscalerBaseUrl`]: emulator.zscalerTenants[0].baseUrl,
        [`${NS}:org2orgBaseUrl`]: org.url,
      },
      secrets: {
        "okta:privateKey": secrets.privateKey,
        [`${NS}:zscalerToken`]: secrets.zscalerToken,
        [`${NS}:org2orgToken`]: secrets.org2orgToken,
        [`${NS}:adminPassword`]: secrets.adminPassword,
      },
    });
    root = path.dirname(project.dir);
    fs.mkdirSync(path.join(root, "tmp"));
  });

  afterAll(async () => {
    const placeCount = Object.keys(places).length;
    reportFigure(
      "secrets",
      `${hits.length} hits for ${Object.keys(secrets).length} secrets in ${placeCount} places ` +
        `(outputs with --debug/-v=9, state, __provider, errors, request log, files); the engine's own -v=9 RPC ` +
        `trace printed secrets ${engineTraceHits} times (Pulumi's behaviour, outside the package)`,
    );
    project?.cleanup();
    await emulator?.close();
  });

  it("deploys, updates, refreshes, fails and destroys with both kinds of org credentials, leaking nothing", async () => {
    const org = emulator.orgs[0];
    // Private-key JWT: up with every log level the engine and the package have.
    await runOk("up --debug -v=9 --logtostderr", [
      "up",
      "--yes",
      "--skip-preview",
      "--debug",
      "-v=9",
      "--logtostderr",
    ]);
    await runOk("preview --diff -v=9 (log files)", ["preview", "--diff", "-v=9"]);
    await project.setConfig(`${NS}:profilePush`, "DISABLED");
    await runOk("up (update) --debug", ["up", "--yes", "--skip-preview", "--debug"]);

    // Switch to an SSWS API token.
    await project.pulumiOk(["config", "rm", "okta:clientId"]);
    await project.pulumiOk(["config", "rm", "okta:privateKey"]);
    await project.setConfig("okta:apiToken", secrets.apiToken, true);
    await runOk("refresh --debug -v=9 --logtostderr", [
      "refresh",
      "--yes",
      "--skip-preview",
      "--debug",
      "-v=9",
      "--logtostderr",
    ]);

    // Errors: Okta down, then a wrong token.
    emulator.setFaults(org.name, "5xx=1");
    await project.setConfig(`${NS}:profilePush`, "ENABLED");
    const down = await run("up under 100% 5xx", ["up", "--yes", "--skip-preview", "--debug"]);
    emulator.setFaults(org.name, undefined);
    expect(down.code).not.toBe(0);
    expect(down.stdout).toMatch(/Okta was unavailable/);
    await project.setConfig("okta:apiToken", secrets.wrongApiToken, true);
    // `up`, not `refresh`: refresh configures the provider from the state's copy of the stack config (Pulumi keeps
    // it, encrypted, as the default provider's inputs), so a token changed in config reaches it only through `up`.
    const refused = await run("up with a wrong token", ["up", "--yes", "--skip-preview", "--debug"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/The API token for .* is invalid or expired/);
    await project.setConfig("okta:apiToken", secrets.apiToken, true);

    await runOk("up", ["up", "--yes", "--skip-preview"]);
    const exported = await runOk("stack export", ["stack", "export"]);
    const providers = (
      JSON.parse(exported.stdout) as {
        deployment: { resources: Array<{ outputs?: { __provider?: string } }> };
      }
    ).deployment.resources.map((r) => r.outputs?.__provider ?? "");
    places["serialized providers"] = providers.join("\n");
    expect(providers.filter(Boolean).length).toBe(4);
    await runOk("stack output", ["stack", "output", "--json"]);
    await runOk("destroy --debug", ["destroy", "--yes", "--skip-preview", "--debug"]);

    places["emulator request log"] = JSON.stringify(emulator.requestLog());
    Object.assign(places, filesUnder(root));
    const traces: Record<string, string> = {};
    for (const [place, text] of Object.entries(places)) {
      const { rest, trace } = withoutEngineTrace(text);
      places[place] = rest;
      if (trace) traces[place] = trace;
    }
    hits = findSecrets(secrets, places);
    engineTraceHits = findSecrets(secrets, traces).length;
    process.stderr.write(
      `secrets: searched ${Object.keys(secrets).length} secrets in ${Object.keys(places).length} places ` +
        `(${(Object.values(places).reduce((n, t) => n + t.length, 0) / 1e6).toFixed(1)} MB)\n`,
    );
    // The search itself works: the secrets were really used, and are found where they are meant to be.
    expect(findSecrets({ apiToken: secrets.apiToken }, { probe: `x${secrets.apiToken}x` })).toHaveLength(1);
    expect(
      Object.keys(places).filter((p) => p.includes("-v=9") || p.includes("pulumi")).length,
    ).toBeGreaterThan(2);
    expect(hits).toEqual([]);
  });

  // The engine quotes the value of a property that check refuses ("property token value {…}"); for a token from
  // encrypted stack config the CLI masks it. (A value made secret in the program is not masked: see bad-input.)
  it("does not echo a secret token from stack config that check refuses", async () => {
    await project.setConfig(`${NS}:zscalerToken`, `${secrets.zscalerToken}\n`, true);
    const result = await project.pulumi(["preview"]);
    await project.setConfig(`${NS}:zscalerToken`, secrets.zscalerToken, true);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/control character/);
    expect(
      findSecrets({ zscalerToken: secrets.zscalerToken }, { preview: result.stdout + result.stderr }),
    ).toEqual([]);
  });
});
