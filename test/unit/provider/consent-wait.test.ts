/**
 * OAuthConsent's wait, against an Okta that answers from a handler: the failure paths around the hand-back (an
 * activation that fails after the single-use code was spent, a cancelled `pulumi up`, a denial from elsewhere) and
 * a refresh of a consent whose app was deleted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { completeConsent } from "../../../cli/consent-command";
import type { OktaRequest } from "../../../provider/client";
import { OktaNetworkError } from "../../../provider/client";
import { waitingConsents, type WaitingConsent } from "../../../provider/consent/rendezvous";
import { apiError, fakeClient } from "./fake-okta";

const ORG = "https://acme.okta.com";
const APP = "0oa1gjh63g214q0Hq0g4";
const STATE = "state-of-the-authorize-link";
const AUTHORIZE = `https://accounts.example/o/oauth2/auth?client_id=x&state=${STATE}`;
const CALLBACK = `${ORG}/api/v1/apps/google/${APP}/oauth2/callback`;
const CONTINUE = `${CALLBACK}?code=single-use-code&state=${STATE}`;

type Handler = (req: OktaRequest) => { status?: number; data?: unknown } | Error;
let handler: Handler;
const client = fakeClient((req) => {
  const answer = handler(req);
  if (answer instanceof Error) throw answer;
  return answer;
});

jest.mock("../../../provider/runtime", () => ({
  oktaClient: () => client,
  orgFor: () => ({ url: "https://acme.okta.com" }),
  orgFailures: () => [],
  stackConfigValue: () => undefined,
}));

// Imported after the mock, so the provider talks to the fake Okta.
import { consentProvider } from "../../../provider/consent/provider";

/** An Okta whose connection waits for consent; `activate` answers each activation in turn. */
function okta(activate: Array<"ok" | Error>) {
  let status = "DISABLED";
  handler = (req) => {
    if (req.method === "GET" && req.path.endsWith("/connections/default"))
      return {
        data: { status, profile: { authScheme: "OAUTH2" }, _links: { authorize: { href: AUTHORIZE } } },
      };
    if (req.path.endsWith("/oauth2/callback")) return { status: 204 };
    if (req.path.endsWith("/lifecycle/activate")) {
      const next = activate.shift() ?? "ok";
      if (next instanceof Error) return next;
      status = "ENABLED";
      return { status: 204 };
    }
    return apiError(404, "E0000007");
  };
}

const calls = (pattern: RegExp) => client.requests.filter((r) => pattern.test(r.path)).length;

async function handOff(): Promise<WaitingConsent> {
  for (let i = 0; i < 400; i++) {
    const [waiting] = waitingConsents(APP);
    if (waiting) return waiting;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the consent never started waiting");
}

const inputs = { appId: APP, appName: "google", timeoutSeconds: 6, activate: true };

describe("OAuthConsent: failure paths of the wait", () => {
  let dir: string;
  const env = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "consent-wait-"));
    process.env.OKTA_PROVISIONING_CONSENT_DIR = path.join(dir, "handoff");
    process.env.OKTA_PROVISIONING_CONSENT_POLL_SECONDS = "0.05";
    client.requests.length = 0;
    jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    process.env = { ...env };
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("remembers an accepted callback and retries the activation, without asking for a new consent", async () => {
    okta([
      new OktaNetworkError("socket hang up", {
        code: "ECONNRESET",
        attempts: 3,
        method: "POST",
        path: "/x",
      }),
      apiError(503, "E0000009"),
    ]);
    const created = consentProvider.create(inputs);
    await handOff();
    expect(await completeConsent(CONTINUE)).toMatch(
      /^Authorized\. Activating the provisioning connection of app 0oa1gjh63g214q0Hq0g4 failed for now \(.*\); the waiting update retries it: nothing more to do here\.$/,
    );
    const { outs } = await created;
    expect(outs).toMatchObject({ status: "ENABLED", authorizedAt: expect.any(String) });
    expect(calls(/oauth2\/callback$/)).toBe(1);
    expect(calls(/lifecycle\/activate$/)).toBe(3);
    expect(waitingConsents(APP)).toEqual([]);
  });

  it("fails at once, naming Okta's answer, when the activation after an accepted callback is refused", async () => {
    okta([apiError(403, "E0000006")]);
    const created = consentProvider.create(inputs).catch((e: Error) => e);
    await handOff();
    await expect(completeConsent(CONTINUE)).rejects.toThrow(
      /^Authorized, but Okta refused to activate the connection: .*403 E0000006/,
    );
    const err = (await created) as Error;
    expect(err.message).toMatch(
      /^OAuthConsent of app 0oa1gjh63g214q0Hq0g4: authorized, but Okta refused to activate the connection: .*403 E0000006.*Activate it in the Admin Console/,
    );
    expect(calls(/lifecycle\/activate$/)).toBe(1);
  });

  it("stops waiting promptly on SIGTERM or SIGINT and removes its hand-off file", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      okta([]);
      // Another handler of the signal (as jest has none): the provider leaves exiting to it.
      const other = () => undefined;
      process.on(signal, other);
      try {
        const created = consentProvider.create({ ...inputs, timeoutSeconds: 60 }).catch((e: Error) => e);
        const waiting = await handOff();
        const file = path.join(process.env.OKTA_PROVISIONING_CONSENT_DIR as string, `${APP}.json`);
        expect(fs.existsSync(file)).toBe(true);
        const started = Date.now();
        process.emit(signal, signal);
        const err = (await created) as Error;
        expect(err.message).toBe(
          `OAuthConsent of app ${APP}: cancelled (${signal}) while waiting for the authorization. Nothing was ` +
            "changed; run `pulumi up` again to resume.",
        );
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(fs.existsSync(file)).toBe(false);
        await expect(fetch(waiting.pageUrl)).rejects.toThrow();
        expect(process.listenerCount(signal)).toBe(1);
      } finally {
        process.off(signal, other);
      }
    }
  });

  it("does not take an error= URL from another origin, or of another state, as the denial", async () => {
    okta([]);
    const created = consentProvider.create(inputs);
    const { pageUrl } = await handOff();
    for (const url of [
      `https://evil.example/callback?error=access_denied&state=${STATE}`,
      `${ORG}/somewhere/else?error=access_denied&state=${STATE}`,
      `${CALLBACK}?error=access_denied&state=forged`,
    ]) {
      // Pasted on the page, as a person would.
      const res = await fetch(pageUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ continueUrl: url }).toString(),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/^Not accepted: /);
    }
    expect(await completeConsent(CONTINUE)).toMatch(/Consent complete/);
    expect((await created).outs.status).toBe("ENABLED");
  });

  it("still ends the wait on a denial from this org's callback", async () => {
    okta([]);
    const created = consentProvider.create(inputs).catch((e: Error) => e);
    await handOff();
    await expect(completeConsent(`${CALLBACK}?error=access_denied&state=${STATE}`)).rejects.toThrow(/denied/);
    expect(((await created) as Error).message).toMatch(/the authorization was denied in the third party/);
  });

  it("shows Okta's authorize link with its control characters escaped, never sent to the terminal", async () => {
    const forged = `${AUTHORIZE}\u001b[2J\u001b[1A\rerror: a line Okta forged`;
    let reads = 0;
    handler = (req) =>
      req.method === "GET" && req.path.endsWith("/connections/default")
        ? {
            data: {
              // Finished elsewhere after the first look: the wait ends at its first poll.
              status: reads++ === 0 ? "DISABLED" : "ENABLED",
              profile: { authScheme: "OAUTH2" },
              _links: { authorize: { href: forged } },
            },
          }
        : apiError(404, "E0000007");
    expect((await consentProvider.create(inputs)).outs.status).toBe("ENABLED");
    const written = (process.stderr.write as unknown as jest.Mock).mock.calls
      .map((c) => String(c[0]))
      .join("");
    expect(written).toContain("\\u001b[2J\\u001b[1A\\u000derror: a line Okta forged");
    expect(written).not.toMatch(/[\u001b\r]/);
  });
});

describe("OAuthConsent.read", () => {
  it("drops the consent of a deleted app from the stack instead of failing the refresh", async () => {
    handler = () => apiError(404, "E0000007");
    const state = { appId: APP, appName: "google", status: "ENABLED" as const, activate: true };
    expect(await consentProvider.read(APP, state)).toEqual({ id: "", props: {} });
  });

  it("still fails on other errors", async () => {
    handler = () => apiError(403, "E0000006");
    const state = { appId: APP, appName: "google", status: "ENABLED" as const, activate: true };
    await expect(consentProvider.read(APP, state)).rejects.toThrow(
      /OAuthConsent of app 0oa1gjh63g214q0Hq0g4/,
    );
  });
});
