/**
 * (a) Okta's recorded requests, replayed against the emulator, must get Okta's recorded answers: status, body
 * (fields present and absent, enums, error code, summary and causes), and what the headers say (Content-Type, Date,
 * rate-limit Limit, Remaining and Reset, no Retry-After). The emulator's clock is set to each recorded Date.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { ciExpectations, recording, type Recording } from "./harness/recordings";
import { replayOne, send, spendEarlierRequests, type Clock } from "./harness/replay";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Omit<EmulatorOptions, "clock">, clock: Clock): Promise<Emulator> {
  emulator = await startEmulator({ ...options, clock: () => clock.now });
  return emulator;
}

const appOf = (e: Emulator, name: string, org = 0) => e.orgs[org].apps.find((a) => a.name === name)!.id;

/** The Okta org the okta-sdk-python cassettes of 2025 were recorded in: a paid org, one token's half of each bucket. */
const PAID_ORG: EmulatorOptions = {};
/** The free developer org of the 2026 cassettes: apps 20 and single app 100 a minute, one token's half of each. */
const FREE_ORG: EmulatorOptions = { rateLimit: 20 };
/** The free developer org of 2022: its headers show whole buckets (20, 100) to one token. */
const FREE_ORG_2022: EmulatorOptions = { rateLimit: { apps: 20, app: 100, perTokenShare: 1 } };

/** Replays a whole recording against a fresh org modelled on the recorded one. */
async function replayRecording(name: string, org: EmulatorOptions, cutBodies: number[] = []) {
  const rec: Recording = recording(name);
  const clock: Clock = { now: Date.parse(rec.interactions[0].response.headers.date) };
  const e = await start({ ...org, orgs: 1 }, clock);
  const map = new Map([["https://test.okta.com", e.orgs[0].url]]);
  await spendEarlierRequests(e.orgs[0], rec.interactions, clock, appOf(e, "slack"));
  for (const step of rec.interactions) await replayOne(e.orgs[0], step, { map, clock, cutBodies });
}

describe("the Terraform provider's recorded run on one Okta Org2Org app, replayed in order", () => {
  it("POST with the target org's baseUrl, activate, GET; the same POST 35 s later answers DISABLED; then the features", async () => {
    const clock: Clock = { now: Date.parse("2025-10-28T20:15:49Z") };
    const e = await start({ orgs: 2 }, clock);
    const [source, target] = e.orgs;
    // The recorded org is org1, its Org2Org app the seeded one; the target org (the recorded -admin URL) is org2,
    // and the redacted token one of org2's API tokens: the emulator verifies it as Okta does.
    const map = new Map([
      ["https://classic-00.dne-okta.com", source.url],
      ["https://oie-00.dne-okta.com", source.url],
      ["0oarblaf7hWdLawNg1d7", appOf(e, "okta_org2org")],
      ["https://integrator-8357679-admin.okta.com", target.url],
      ["<REDACTED>", target.apiToken],
    ]);
    for (const name of [
      "tf-org2org-token-connection",
      "tf-org2org-token-connection-reposted",
      "tf-org2org-connection-read",
      "tf-inbound-feature-read",
      "tf-user-feature-put",
    ]) {
      for (const step of recording(name).interactions) await replayOne(source, step, { map, clock });
    }
  });
});

describe("okta-sdk-python's recorded exchanges, replayed against an org with the recorded org's limits", () => {
  it("a bookmark app's connection: GET UNKNOWN without _links; activate and deactivate answer 204", () =>
    replayRecording("py-bookmark-connection-lifecycle", PAID_ORG, [0]));

  it("a bookmark app's connection: a POST answers 200 UNKNOWN, with or without ?activate=true", () =>
    replayRecording("py-bookmark-connection-post", PAID_ORG, [0]));

  it("connection calls for an app id the org does not have: 404 E0000007 (AppInstance)", () =>
    replayRecording("py-connection-app-not-found", PAID_ORG));

  it("a new Org2Org app's connection answers with no profile (a free developer org of 2022: buckets 20 and 100)", () =>
    replayRecording("py-org2org-never-configured", FREE_ORG_2022, [0]));

  it("features of an app that cannot provision, and a PUT without a body (a free developer org: 10 and 50 per token)", () =>
    replayRecording("py-features-app-cannot-provision", FREE_ORG, [0]));

  it("an unknown feature name is judged before the app: 404 (PublicAppFeatureSetName)", () =>
    replayRecording("py-feature-unknown-name", PAID_ORG));

  it("features of an app id the org does not have: 404 (AppInstance)", () =>
    replayRecording("py-features-app-not-found", PAID_ORG));

  it("one token spends its half of the apps bucket, gets 429 E0000047, and the next window opens with its first request", () =>
    replayRecording("py-rate-limit-window", PAID_ORG));

  it("an active app cannot be deleted: 403 E0000056", () =>
    replayRecording("py-app-delete-active", PAID_ORG, [0]));
});

describe("what Okta's Node.js SDK CI expects of a new Org2Org app (not a recording: its assertions)", () => {
  const expectations = ciExpectations("nodejs-ci-credential-verification");
  let appId: string;
  let org: Emulator["orgs"][number];

  beforeEach(async () => {
    const clock: Clock = { now: Date.now() };
    const e = await start({ orgs: 1 }, clock);
    org = e.orgs[0];
    // test/utils.ts getOrg2OrgApplicationOptions(): its target is example.atko.com, which nobody can reach.
    const created = await send(org, "POST", "/api/v1/apps", {
      name: "okta_org2org",
      label: "node-sdk: Sample Okta Org2Org App",
      signOnMode: "SAML_2_0",
      settings: {
        app: {
          acsUrl: "https://example.atko.com/sso/saml2/exampleid",
          audRestriction: "https://www.atko.com/saml2/service-provider/exampleid",
          baseUrl: "https://example.atko.com",
        },
      },
    });
    expect(created.status).toBe(200);
    appId = (created.body as { id: string }).id;
  });

  it.each(expectations.map((e) => [e.it, e] as const))("%s", async (_it, expectation) => {
    const got = await send(
      org,
      expectation.request.method,
      expectation.request.path.replace("{appId}", appId),
      expectation.request.body,
    );
    const want = expectation.expect;
    if (want.httpStatus !== undefined) {
      expect(got.status).toBe(want.httpStatus);
      const body = got.body as { errorSummary: string; errorCauses: { errorSummary: string }[] };
      // The Node.js SDK's message: `<errorSummary>. <causes joined by '. '>`.
      const message = `${body.errorSummary}. ${body.errorCauses.map((c) => c.errorSummary).join(". ")}`;
      expect(message).toContain(want.messageContains);
    } else {
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject(want);
    }
  });
});
