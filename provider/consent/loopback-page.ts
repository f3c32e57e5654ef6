/**
 * The page a waiting OAuthConsent serves on 127.0.0.1 at an unguessable path: the person pastes the continue URL
 * there (or `okta-provisioning consent complete` posts it). Only loopback clients, only the exact host, and no
 * cross-site form posts: the path is the only secret, and a page on another site must not be able to use it.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface SubmitResult {
  ok: boolean;
  message: string;
}

export interface LoopbackPage {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

function isLoopback(address: string | undefined): boolean {
  return !!address && (address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127."));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: sans-serif; max-width: 48em; margin: 2em auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function formPage(description: string): string {
  return page(
    "Complete the Okta provisioning consent",
    `<p>${escapeHtml(description)}</p>
<p>After you allowed access in the third party, Okta shows a <code>continue_oauth_flow_url</code>. Paste it here:</p>
<form method="post"><textarea name="continueUrl" rows="4" cols="80" required></textarea><br>
<button type="submit">Complete consent</button></form>`,
  );
}

export async function startLoopbackPage(
  description: string,
  onSubmit: (continueUrl: string) => Promise<SubmitResult>,
): Promise<LoopbackPage> {
  const path = `/consent/${randomBytes(24).toString("base64url")}`;
  let port = 0;
  let busy = false;

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, json: boolean) => {
      res.writeHead(status, {
        "content-type": json ? "application/json" : "text/html; charset=utf-8",
        "cache-control": "no-store",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
      });
      res.end(body);
    };
    const wantsJson = (req.headers.accept ?? "").includes("application/json");
    const refuse = (status: number, message: string) =>
      send(
        status,
        wantsJson ? JSON.stringify({ ok: false, message }) : page("Refused", `<p>${escapeHtml(message)}</p>`),
        wantsJson,
      );

    if (!isLoopback(req.socket.remoteAddress)) return refuse(403, "only this machine may use this page");
    // A DNS-rebound name would reach 127.0.0.1 with another Host: only the literal address is ours.
    if (req.headers.host !== `127.0.0.1:${port}`) return refuse(403, "unexpected Host");
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname !== path) return refuse(404, "not found");
    if (req.method === "GET") return send(200, formPage(description), false);
    if (req.method !== "POST") return refuse(405, "use GET or POST");

    const origin = req.headers.origin;
    const site = req.headers["sec-fetch-site"];
    if (
      (origin && origin !== `http://127.0.0.1:${port}`) ||
      (site && site !== "same-origin" && site !== "none")
    ) {
      return refuse(403, "cross-site requests are refused");
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim();
    if (type !== "application/x-www-form-urlencoded" && type !== "application/json") {
      return refuse(415, 'send the continue URL as a form field or JSON {"continueUrl": ...}');
    }
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
      if (!continueUrl) return refuse(400, "no continueUrl given");
      if (busy) return refuse(409, "a continue URL is being checked already; wait for its result");
      busy = true;
      try {
        const result = await onSubmit(continueUrl);
        const json = type === "application/json" || wantsJson;
        send(
          result.ok ? 200 : 400,
          json
            ? JSON.stringify(result)
            : page(result.ok ? "Done" : "Not accepted", `<p>${escapeHtml(result.message)}</p>`),
          json,
        );
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
