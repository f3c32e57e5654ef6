/**
 * Part 3, bad input: every case of the corpus refused by the resource's `check` (what `pulumi preview` runs first)
 * with the property named and the fix, and 0 API calls on the emulator; representative cases through the real
 * `pulumi preview` and `pulumi up` prove the path end to end; bad org URLs are refused before any call.
 */
import * as path from "node:path";
import * as provider from "../../provider";
import * as okta from "../../provider/okta-api";
import { createOktaClient } from "../../provider/client";
import { setConfigSource } from "../../provider/runtime";
import type { OrgConnection } from "../../provider/orgs";
import { startEmulator } from "../../emulator";
import type { Emulator } from "../e2e/harness/emulator-helpers";
import { PulumiProject } from "../e2e/harness/project";
import { APP_ID, BAD_APP_IDS, CORPUS, CORPUS_TOKEN, type BadInput } from "./harness/bad-input-corpus";
import { reportFigure } from "./harness/figures";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "bad-input");
// A refusal says what to do: the allowed values, the right spelling, what is required, or what to remove.
const FIX =
  /use one of|use `|use authScheme|did you mean|is required|remove it|must be|must use|must not|at most|declare a separate|is only|allowed here|needs no consent|it offers/;

const VALID_ZSCALER = {
  appId: APP_ID,
  appName: "zscalerbyz",
  authScheme: "TOKEN",
  token: CORPUS_TOKEN,
  baseUrl: "https://scim.zscalerbeta.net/1234567/890/scim",
};

/** Org URLs (and other org config) a stack must refuse before sending its token anywhere. */
const BAD_ORG_CONFIGS: Array<{ key: string; value: string; names: string }> = [
  { key: "okta-provisioning:orgUrl", value: "http://acme.okta.com", names: "https://" },
  { key: "okta-provisioning:orgUrl", value: "http://10.0.0.5:8080", names: "https://" },
  { key: "okta-provisioning:orgUrl", value: "http://127.0.0.1.attacker.example", names: "https://" },
  { key: "okta-provisioning:orgUrl", value: "https://admin:pw@acme.okta.com", names: "credentials" },
  { key: "okta-provisioning:orgUrl", value: "https://acme.okta.com/api/v1/users", names: "no path" },
  { key: "okta-provisioning:orgUrl", value: "https://acme.okta.com?x=1", names: "no path or query" },
  { key: "okta-provisioning:orgUrl", value: "https://acme-admin.okta.com", names: "Admin Console" },
  { key: "okta-provisioning:orgUrl", value: "acme.okta.com", names: "not a URL" },
  { key: "okta-provisioning:orgUrl", value: "ftp://acme.okta.com", names: "https://" },
  { key: "okta:orgName", value: "acme.okta.com/../x", names: "subdomain only" },
  { key: "okta:orgName", value: "acme@evil", names: "subdomain only" },
];

const figure = { cases: 0, refused: 0, previews: 0, configs: 0, calls: 0 };

/** Requests the org received since its counters were reset (every one is logged, refused ones too). */
function apiCalls(emulator: Emulator): number {
  const c = emulator.counters();
  const calls = Math.max(c.reads + c.writes + c.rateLimited + c.faults, emulator.requestLog().length);
  figure.calls += calls;
  return calls;
}

/**
 * How the engine names the property of a refused input: a top-level one with its value (`property appId value
 * {…}`), a nested one in the reason, since the engine would print `value {<nil>}` for it (issue 30).
 */
function engineNames(bad: BadInput): string {
  return /[.[]/.test(bad.property)
    ? `resource '${bad.name}' has a problem: ${bad.property}: `
    : `resource '${bad.name}': property ${bad.property} value`;
}

describe("bad input: refused at preview with the property named and the fix, 0 API calls", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, rateLimit: false });
  });

  afterAll(async () => {
    reportFigure(
      "bad-input",
      `${figure.refused}/${figure.cases} invalid inputs refused by check (${figure.previews} through real ` +
        `pulumi preview/up) and ${figure.configs} bad org configs refused before any call, ${figure.calls} API calls`,
    );
    await emulator?.close();
  });

  it("refuses every case of the corpus in check, naming the property and the fix, without calling Okta", async () => {
    const org = emulator.orgs[0];
    // If check ever called Okta, the call would land here and be counted.
    setConfigSource({
      get: (key) => ({ "okta-provisioning:orgUrl": org.url, "okta:apiToken": org.apiToken })[key],
    });
    emulator.resetCounters();
    const wrong: string[] = [];
    for (const bad of CORPUS) {
      const { failures } = await provider[bad.resource].check(undefined, bad.args as never);
      // Secret properties are named at the start of the reason (the engine would print their value otherwise).
      const named = failures.find(
        (f) => f.property === bad.property || (f.property === "" && f.reason.startsWith(`${bad.property}: `)),
      );
      const text = JSON.stringify(failures);
      if (!named) wrong.push(`${bad.name}: ${bad.property} not named in ${text.slice(0, 300)}`);
      else if (!FIX.test(named.reason)) wrong.push(`${bad.name}: no fix in "${named.reason}"`);
      else if (text.includes(CORPUS_TOKEN)) wrong.push(`${bad.name}: the reason quotes the token`);
      else figure.refused++;
    }
    figure.cases = CORPUS.length;
    expect(wrong).toEqual([]);
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(apiCalls(emulator)).toBe(0);
  });

  it("checks app ids before they reach a URL path: the Okta API functions refuse them without a request", async () => {
    const org = emulator.orgs[0];
    const conn: OrgConnection = { url: org.url, auth: { kind: "apiToken", token: org.apiToken } };
    const client = createOktaClient(conn);
    emulator.resetCounters();
    for (const appId of BAD_APP_IDS.filter((id): id is string => typeof id === "string")) {
      const calls = [
        () => okta.getConnection(client, appId),
        () => okta.postConnection(client, appId, { profile: { authScheme: "TOKEN" } }, true),
        () => okta.putFeature(client, appId, "USER_PROVISIONING", {}),
        () => okta.postOAuthCallback(client, "google", appId, "c", "s"),
      ];
      for (const call of calls) await expect((async () => call())()).rejects.toThrow(/not an Okta app id/);
    }
    // Nor can a path that walks out of the org's API be requested at all.
    for (const p of [
      "/api/v1/apps/../users",
      "//evil.example/x",
      "/api/v1/apps/0oa?x=1",
      "/api/v1/users\n",
    ]) {
      await expect(client.request({ method: "GET", path: p })).rejects.toThrow(/unexpected path/);
    }
    expect(apiCalls(emulator)).toBe(0);
  });

  it("refuses bad org URLs and org names before sending anything, naming the key", async () => {
    const org = emulator.orgs[0];
    emulator.resetCounters();
    for (const bad of BAD_ORG_CONFIGS) {
      setConfigSource({ get: (key) => ({ [bad.key]: bad.value, "okta:apiToken": org.apiToken })[key] });
      const create = provider.ProvisioningConnection.create(VALID_ZSCALER as never);
      await expect(create).rejects.toThrow(bad.key);
      await expect(create).rejects.toThrow(bad.names);
      figure.configs++;
    }
    expect(apiCalls(emulator)).toBe(0);
  });

  describe("end to end, on the real Pulumi CLI", () => {
    let project: PulumiProject;
    const E2E_CASES = [
      "conn-scheme-typo",
      "conn-google-token",
      "conn-base-url-tab",
      "conn-app-id-0",
      "feature-password-cycle",
      "feature-time-zone-misspelt",
      "feature-user-name-format-wire-spelling",
      "feature-inbound-on-zscaler",
      "feature-cron-seconds",
      "feature-app-id-1",
      "consent-timeout-zero",
      "consent-app-id-2",
    ].map((name) => CORPUS.find((c) => c.name === name) as BadInput);

    beforeAll(async () => {
      const org = emulator.orgs[0];
      project = await PulumiProject.create({
        programDir: PROGRAM,
        config: { "okta-provisioning:orgUrl": org.url, "okta-provisioning-bad-input:cases": "[]" },
        secrets: { "okta:apiToken": org.apiToken },
      });
    });
    afterAll(() => project?.cleanup());

    async function refusedAtPreview(cases: BadInput[], command: string[] = ["preview"]) {
      await project.setConfig("okta-provisioning-bad-input:cases", JSON.stringify(cases));
      emulator.resetCounters();
      const result = await project.pulumi(command);
      figure.previews++;
      return { result, output: result.stdout + result.stderr, calls: apiCalls(emulator) };
    }

    it.each(E2E_CASES.map((c) => [c.name, c] as const))("pulumi preview refuses %s", async (_name, bad) => {
      const { result, output, calls } = await refusedAtPreview([bad]);
      expect(result.code).not.toBe(0);
      expect(output).toContain(engineNames(bad));
      expect(output).not.toContain("{<nil>}");
      expect(output).toMatch(FIX);
      expect(output).not.toContain(CORPUS_TOKEN);
      expect(calls).toBe(0);
    });

    // Pulumi prints a check failure as "property token value {<value>} has a problem" and masks only values from
    // encrypted stack config, so failures of secret properties name the property in the reason instead.
    it("does not echo a secret token (pulumi.secret in the program) that check refuses", async () => {
      const bad = CORPUS.find((c) => c.name === "conn-token-newline") as BadInput;
      const { result, output } = await refusedAtPreview([bad]);
      expect(result.code).not.toBe(0);
      expect(output).toMatch(/control character/);
      expect(output).not.toContain(CORPUS_TOKEN);
    });

    it("pulumi up refuses a bad input before creating anything", async () => {
      const bad = CORPUS.find((c) => c.name === "feature-cron-quartz") as BadInput;
      const { result, output, calls } = await refusedAtPreview([bad], ["up", "--yes", "--skip-preview"]);
      expect(result.code).not.toBe(0);
      expect(output).toContain(engineNames(bad));
      expect(calls).toBe(0);
    });

    it("refuses an update to a deployed resource before calling Okta (check runs before diff and update)", async () => {
      const org = emulator.orgs[0];
      const zscaler = emulator.orgs[0].apps.find((a) => a.name === "zscalerbyz")!.id;
      // Deployed for real: with the emulated Zscaler tenant's credentials, which the emulator verifies as Okta does.
      const [tenant] = emulator.zscalerTenants;
      const valid = {
        name: "deployed",
        resource: "ProvisioningConnection" as const,
        args: { ...VALID_ZSCALER, appId: zscaler, token: tenant.token, baseUrl: tenant.baseUrl },
      };
      await project.setConfig("okta-provisioning-bad-input:cases", JSON.stringify([valid]));
      await project.up();
      const { result, output, calls } = await refusedAtPreview(
        [
          {
            ...valid,
            property: "baseUrl",
            args: { ...valid.args, baseUrl: "http://scim.zscalerbeta.net/1/2/scim" },
          },
        ],
        ["up", "--yes", "--skip-preview"],
      );
      expect(result.code).not.toBe(0);
      expect(output).toContain("property baseUrl value");
      expect(output).toMatch(/must use https/);
      expect(calls).toBe(0);
      expect(org.url).toMatch(/^http:\/\/127\.0\.0\.1/);
    });

    it("pulumi up refuses a plain http:// org URL to a non-loopback host, naming the key, with 0 calls", async () => {
      await project.setConfig(
        "okta-provisioning-bad-input:cases",
        JSON.stringify([{ name: "fresh", resource: "ProvisioningConnection", args: VALID_ZSCALER }]),
      );
      await project.setConfig("okta-provisioning:orgUrl", "http://acme.okta.com");
      emulator.resetCounters();
      const result = await project.pulumi(["up", "--yes", "--skip-preview"]);
      figure.previews++;
      const output = result.stdout + result.stderr;
      expect(result.code).not.toBe(0);
      expect(output).toMatch(
        /okta-provisioning:orgUrl is http:\/\/acme\.okta\.com: Okta orgs need https:\/\//,
      );
      expect(apiCalls(emulator)).toBe(0);
    });

    // The resources' `check` resolves the org, so a bad org URL fails at preview, before any request.
    it("pulumi preview refuses a plain http:// org URL to a non-loopback host", async () => {
      const result = await project.pulumi(["preview"]);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/okta-provisioning:orgUrl/);
    });
  });
});
