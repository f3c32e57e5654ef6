/**
 * A person's browser on the emulated third party's authorize page: it opens `_links.authorize.href` (the link
 * Okta gave), reads the form, and presses Allow, over HTTP as a browser would. What comes back is Okta's continue
 * URL, which the person then hands to `okta-provisioning consent complete`.
 */
import { refuseControlPath } from "./control-guard";

export async function pressAllow(authorizeUrl: string): Promise<string> {
  refuseControlPath(authorizeUrl);
  const page = await fetch(authorizeUrl, { headers: { accept: "text/html" } });
  const html = await page.text();
  if (!page.ok) throw new Error(`the authorize page answered ${page.status}: ${html.slice(0, 200)}`);
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html);
  const allow = /<button[^>]*name="([^"]+)"[^>]*value="(allow)"/i.exec(html);
  if (!form || !allow) throw new Error(`no Allow form on the authorize page: ${html.slice(0, 300)}`);
  const action = new URL(form[1].replace(/&amp;/g, "&").replace(/&#38;/g, "&"), authorizeUrl).toString();
  refuseControlPath(action);
  const submitted = await fetch(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ [allow[1]]: allow[2] }).toString(),
  });
  const body = (await submitted.json()) as { continue_oauth_flow_url?: { href: string } };
  if (!body.continue_oauth_flow_url)
    throw new Error(`Allow answered ${submitted.status}: ${JSON.stringify(body)}`);
  return body.continue_oauth_flow_url.href;
}
