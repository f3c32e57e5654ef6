import { checkContinueUrl, stateOf } from "../../../provider/consent/continue-url";

const expected = {
  orgUrl: "https://acme.okta.com",
  appName: "google",
  appId: "0oa1gjh63g214q0Hq0g4",
  state: "s-123",
};
const good =
  "https://acme.okta.com/api/v1/apps/google/0oa1gjh63g214q0Hq0g4/oauth2/callback?code=c-1&state=s-123";

describe("checking the continue URL before anything is POSTed to Okta", () => {
  it("accepts the callback of this org, this app, with the state of our authorize link", () => {
    expect(checkContinueUrl(good, expected)).toEqual({ ok: true, code: "c-1", state: "s-123" });
  });

  it.each([
    ["a forged state", good.replace("s-123", "s-999"), /state/],
    [
      "another org",
      good.replace("acme.okta.com", "evil.okta.com"),
      /evil\.okta\.com.*not this stack's Okta org/,
    ],
    [
      "another app",
      good.replace("0oa1gjh63g214q0Hq0g4", "0oa1gjh63g214q0Hq0g5"),
      /not the OAuth callback of app/,
    ],
    ["another app name", good.replace("/google/", "/slack/"), /not the OAuth callback/],
    ["no code", good.replace("code=c-1&", ""), /no code/],
    ["not a URL", "continue please", /not a URL/],
  ])("refuses %s", (_what, url, reason) => {
    const check = checkContinueUrl(url, expected);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it("recognises a denial", () => {
    const check = checkContinueUrl(`${good.split("?")[0]}?error=access_denied&state=s-123`, expected);
    expect(check).toMatchObject({ ok: false, denied: true });
  });

  it.each([
    [
      "another origin",
      "https://evil.example/cb?error=access_denied&state=s-123",
      /not this stack's Okta org/,
    ],
    ["another path", "https://acme.okta.com/x?error=access_denied&state=s-123", /not the OAuth callback/],
    ["another state", `${good.split("?")[0]}?error=access_denied&state=s-999`, /state/],
  ])("does not take an error= URL of %s as a denial", (_what, url, reason) => {
    const check = checkContinueUrl(url, expected);
    expect(check).toMatchObject({ ok: false });
    expect(!check.ok && check.denied).toBeFalsy();
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it("reads the state of an authorize link", () => {
    expect(stateOf("https://accounts.example/authorize?client_id=x&state=abc")).toBe("abc");
    expect(stateOf("nonsense")).toBeUndefined();
  });
});
