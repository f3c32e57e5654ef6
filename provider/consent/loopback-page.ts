/**
 * The page a waiting OAuthConsent serves on 127.0.0.1 at an unguessable path: the person pastes the continue URL
 * there (or `okta-provisioning consent complete` posts it as JSON). Only loopback clients, only the exact host, and
 * no cross-site posts: the path is the only secret, and a page on another site must not be able to use it. What
 * the page shows is consent-page.ts; this is the server and its rules.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { escapeHtml, renderConsentPage, type ConsentPageInfo, type PageState } from "./consent-page";

export type { ConsentPageInfo } from "./consent-page";

/**
 * What a submitted continue URL came to. `outcome` says whether the wait goes on (`refused`, the default when not
 * ok) or ended (`denied` in the third party, or `failed` after Okta took it); the JSON API returns it beside `ok`
 * and `message`.
 */
export interface SubmitResult {
  ok: boolean;
  message: string;
  outcome?: "done" | "refused" | "denied" | "failed";
}

export interface LoopbackPage {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;
/** How long close() lets a response being written (the "done" a person waits for) finish. */
const CLOSE_GRACE_MS = 2000;

function isLoopback(address: string | undefined): boolean {
  return !!address && (address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127."));
}

function securityHeaders(nonce?: string): Record<string, string> {
  return {
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    // Exactly the page's own inline style and script, requests to itself, and its form posting to itself.
    "content-security-policy": nonce
      ? `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; ` +
        `form-action 'self'; base-uri 'none'; frame-ancestors 'none'`
      : "default-src 'none'; frame-ancestors 'none'",
  };
}

function plainPage(title: string, message: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style nonce="${nonce}">body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}

export async function startLoopbackPage(
  info: ConsentPageInfo,
  onSubmit: (continueUrl: string) => Promise<SubmitResult>,
  clock: () => number = Date.now,
): Promise<LoopbackPage> {
  const path = `/consent/${randomBytes(24).toString("base64url")}`;
  let port = 0;
  let busy = false;
  /** Set once the wait cannot go on from this page: later visits show it. */
  let ended: Extract<PageState, { kind: "done" | "denied" | "failed" }> | undefined;
  const inFlight = new Set<http.ServerResponse>();

  const stateNow = (): PageState =>
    ended ?? (clock() >= info.deadline ? { kind: "expired" } : { kind: "waiting" });

  const server = http.createServer((req, res) => {
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
    const sendJson = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", ...securityHeaders() });
      res.end(JSON.stringify(body));
    };
    const sendHtml = (status: number, render: (nonce: string) => string) => {
      const nonce = randomBytes(16).toString("base64");
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...securityHeaders(nonce) });
      res.end(render(nonce));
    };
    const wantsJson = (req.headers.accept ?? "").includes("application/json");
    const refuse = (status: number, message: string) =>
      wantsJson
        ? sendJson(status, { ok: false, outcome: "refused", message })
        : sendHtml(status, (nonce) => plainPage("Refused", message, nonce));

    if (!isLoopback(req.socket.remoteAddress)) return refuse(403, "only this machine may use this page");
    // A DNS-rebound name would reach 127.0.0.1 with another Host: only the literal address is ours.
    if (req.headers.host !== `127.0.0.1:${port}`) return refuse(403, "unexpected Host");
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname !== path) return refuse(404, "not found");
    if (req.method === "GET") {
      const state = stateNow();
      if (wantsJson) {
        return sendJson(200, {
          state: state.kind,
          deadline: new Date(info.deadline).toISOString(),
          ...("reason" in state ? { message: state.reason } : {}),
        });
      }
      return sendHtml(200, (nonce) => renderConsentPage(info, state, nonce, clock()));
    }
    if (req.method !== "POST") return refuse(405, "use GET or POST");

    const origin = req.headers.origin;
    const site = req.headers["sec-fetch-site"];
    // The page's own form, posted without script, carries `Origin: null` (its Referrer-Policy is no-referrer);
    // then only the browser's Sec-Fetch-Site, which no page can set, tells it from another site's post.
    const ownOrigin = origin === `http://127.0.0.1:${port}` || (origin === "null" && site === "same-origin");
    if ((origin && !ownOrigin) || (site && site !== "same-origin" && site !== "none")) {
      return refuse(403, "cross-site requests are refused");
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim();
    if (type !== "application/x-www-form-urlencoded" && type !== "application/json") {
      return refuse(415, 'send the continue URL as a form field or JSON {"continueUrl": ...}');
    }
    const json = type === "application/json" || wantsJson;
    let body = "";
    let tooLarge = false;
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) {
        tooLarge = true;
        req.destroy();
      }
    });
    req.on("end", async () => {
      if (tooLarge) return;
      let continueUrl: string | undefined;
      try {
        continueUrl =
          type === "application/json"
            ? (JSON.parse(body) as { continueUrl?: string }).continueUrl
            : (new URLSearchParams(body).get("continueUrl") ?? undefined);
      } catch {
        continueUrl = undefined;
      }
      const answer = (status: number, result: SubmitResult, state: PageState) =>
        json
          ? sendJson(status, result)
          : sendHtml(status, (nonce) => renderConsentPage(info, state, nonce, clock()));

      if (typeof continueUrl !== "string" || !continueUrl.trim()) {
        const message = "No continue URL was given: paste the whole URL Okta showed.";
        return answer(400, { ok: false, outcome: "refused", message }, { kind: "refused", reason: message });
      }
      if (!ended && clock() >= info.deadline) {
        const message = "The wait for this consent ended; run `pulumi up` again.";
        return json
          ? sendJson(410, { ok: false, outcome: "expired", message })
          : sendHtml(410, (nonce) => renderConsentPage(info, { kind: "expired" }, nonce, clock()));
      }
      if (busy) {
        const message = "A continue URL is being checked already; wait for its result.";
        return answer(409, { ok: false, outcome: "refused", message }, { kind: "refused", reason: message });
      }
      busy = true;
      try {
        const result = await onSubmit(continueUrl);
        const outcome = result.ok ? "done" : (result.outcome ?? "refused");
        if (outcome === "done") ended = { kind: "done" };
        if (outcome === "denied" || outcome === "failed") ended = { kind: outcome, reason: result.message };
        answer(
          result.ok ? 200 : 400,
          { ...result, outcome },
          ended ?? { kind: "refused", reason: result.message },
        );
      } catch (err) {
        const message = `The continue URL could not be checked: ${(err as Error).message}`;
        answer(500, { ok: false, outcome: "refused", message }, { kind: "refused", reason: message });
      } finally {
        busy = false;
      }
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    // Stops listening at once; a response still being written (the "done" of the submission that ended the wait)
    // gets a moment to reach the browser before every connection is cut.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const cut = () => server.closeAllConnections();
        if (inFlight.size === 0) return cut();
        const timer = setTimeout(cut, CLOSE_GRACE_MS);
        timer.unref();
        const check = setInterval(() => {
          if (inFlight.size > 0) return;
          clearInterval(check);
          clearTimeout(timer);
          cut();
        }, 20);
        check.unref();
      }),
  };
}
