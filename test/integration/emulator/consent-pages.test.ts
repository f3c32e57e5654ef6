/**
 * The emulated third party as a browser meets it: a consent screen with Allow and Deny, then Okta's continue URL to
 * copy. Scripts (no `Accept: text/html`) keep getting the JSON they always had.
 */
import { startEmulator, type Emulator, type EmulatorOrg } from "../../../emulator";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("the emulated third party's pages in a browser", () => {
  let emulator: Emulator;
  let org: EmulatorOrg;

  beforeAll(async () => {
    emulator = await startEmulator();
    org = emulator.orgs[0];
  });
  afterAll(() => emulator.close());

  async function authorizeLink(name: string): Promise<string> {
    const app = org.apps.find((a) => a.name === name)!;
    const res = await fetch(`${org.url}/api/v1/apps/${app.id}/connections/default`, {
      method: "POST",
      headers: {
        authorization: `SSWS ${org.apiToken}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({ profile: { authScheme: "OAUTH2" } }),
    });
    return ((await res.json()) as { _links: { authorize: { href: string } } })._links.authorize.href;
  }

  const decide = (href: string, decision: string, accept = BROWSER_ACCEPT) =>
    fetch(href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept },
      body: `decision=${decision}`,
    });

  it("shows a consent screen naming the app, what Okta asks for, and Allow and Deny", async () => {
    const href = await authorizeLink("google");
    const res = await fetch(href, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[^']+'; script-src 'nonce-[^']+'/);
    const html = await res.text();
    expect(html).toContain("Okta wants to access your Google Workspace account");
    expect(html).toContain("Emulated third party");
    expect(html).toMatch(/<li>See, add, update and delete users in your domain<\/li>/);
    expect(html).toMatch(/<form method="post" action="[^"]+state=[^"]+"/);
    expect(html).toMatch(/value="deny">Deny<\/button>[\s\S]*value="allow" class="allow">Allow<\/button>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link|<img/);
  });

  it("answers Allow with Okta's page showing the continue URL to copy, which completes the consent", async () => {
    const href = await authorizeLink("slack");
    const res = await decide(href, "allow");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Slack allowed access");
    const continueUrl = /<textarea id="continue-url"[^>]*>([^<]+)<\/textarea>/
      .exec(html)?.[1]
      .replace(/&#38;/g, "&");
    expect(continueUrl).toMatch(new RegExp(`^${org.url}/api/v1/apps/slack/0oa\\w+/oauth2/callback\\?code=`));
    const callback = await fetch(continueUrl!, {
      method: "POST",
      headers: { authorization: `SSWS ${org.apiToken}` },
    });
    expect(callback.status).toBe(204);
  });

  it("answers Deny with a continue URL that reports access_denied, and records nothing", async () => {
    const href = await authorizeLink("zoomus");
    const res = await decide(href, "deny");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Access to Zoom was denied");
    const url = new URL(
      /<textarea id="continue-url"[^>]*>([^<]+)<\/textarea>/.exec(html)![1].replace(/&#38;/g, "&"),
    );
    expect(url.searchParams.get("error")).toBe("access_denied");
    expect(url.searchParams.get("state")).toBe(new URL(href).searchParams.get("state"));
    expect(url.searchParams.get("code")).toBeNull();
    // The consent is still pending: Allow works afterwards.
    expect((await decide(href, "allow", "application/json")).status).toBe(200);
  });

  it("shows an unknown authorize link as an error page", async () => {
    const href = await authorizeLink("office365").catch(() => undefined);
    const stale = new URL(href ?? `${org.url}/__thirdparty/google/authorize`);
    stale.searchParams.set("state", "not-issued");
    const page = await fetch(stale, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("This authorization request is unknown or expired.");
    const post = await decide(stale.toString(), "allow");
    expect(post.status).toBe(400);
    expect(post.headers.get("content-type")).toContain("text/html");
  });

  it("keeps answering scripts with JSON", async () => {
    const href = await authorizeLink("google");
    const res = await decide(href, "allow", "*/*");
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ continue_oauth_flow_url: { method: "POST" } });
    const denied = await decide(await authorizeLink("google"), "deny", "*/*");
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ error: "access_denied", error_description: expect.any(String) });
  });
});
