/**
 * The emulated third party's pages, as a person meets them in a browser: the consent screen of Google Workspace,
 * Microsoft 365, Slack or Zoom (plainly marked as emulated) with Allow and Deny, then what Okta shows after the
 * decision — the continue URL to copy back to the tool that asked. Self-contained (inline CSS and script under a
 * nonce), so the demo and tests work offline. Written for the emulator alone: it shares nothing with provider/.
 */
import { randomBytes } from "node:crypto";

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface Brand {
  color: string;
  initial: string;
  permissions: string[];
}

const BRANDS: Record<string, Brand> = {
  google: {
    color: "#1a56c4",
    initial: "G",
    permissions: [
      "See, add, update and delete users in your domain",
      "See and manage the groups of your domain",
      "See your domain's organizational units",
    ],
  },
  office365: {
    color: "#0f5fa8",
    initial: "M",
    permissions: [
      "Read and write all users' full profiles",
      "Read and write all groups",
      "Sign in and read your profile",
    ],
  },
  slack: {
    color: "#4a154b",
    initial: "S",
    permissions: ["Add, update and deactivate members of your workspace", "Manage user groups"],
  },
  zoomus: {
    color: "#0b4fcc",
    initial: "Z",
    permissions: ["View and manage all users of your account", "View your account's settings"],
  },
};

const brandOf = (appName: string): Brand =>
  BRANDS[appName] ?? { color: "#33415c", initial: appName.slice(0, 1).toUpperCase() || "?", permissions: [] };

/** The nonce of one response and the CSP header that allows exactly its inline style and script. */
export function pageNonce(): { nonce: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  return {
    nonce,
    csp:
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'self'; ` +
      `base-uri 'none'; frame-ancestors 'none'`,
  };
}

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;line-height:1.5;color:#202124;background:#eef0f3}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;padding:2rem 1rem}
.emulated{font-size:.8rem;color:#5f3a00;background:#fff1d6;border:1px solid #e0b060;border-radius:999px;padding:.15rem .7rem;margin-bottom:1rem}
.card{width:100%;max-width:28rem;background:#fff;border:1px solid #dadce0;border-radius:10px;padding:2rem 2rem 1.5rem}
.logo{display:flex;align-items:center;gap:.6rem;font-weight:600;color:#3c4043}
.mark{width:2.2rem;height:2.2rem;border-radius:50%;display:grid;place-items:center;color:#fff;font-weight:700;background:var(--brand)}
h1{font-size:1.45rem;font-weight:500;margin:1.25rem 0 .5rem;line-height:1.3}
.account{display:inline-flex;align-items:center;gap:.4rem;border:1px solid #dadce0;border-radius:999px;padding:.15rem .75rem .15rem .2rem;font-size:.9rem;color:#3c4043}
.avatar{width:1.5rem;height:1.5rem;border-radius:50%;background:#5f6368;color:#fff;display:grid;place-items:center;font-size:.75rem}
h2{font-size:1rem;font-weight:600;margin:1.5rem 0 .5rem}
ul{margin:0;padding:0;list-style:none;border-top:1px solid #e8eaed}
li{padding:.65rem 0 .65rem 1.8rem;border-bottom:1px solid #e8eaed;position:relative}
li::before{content:"";position:absolute;left:.35rem;top:1rem;width:.6rem;height:.6rem;border-radius:50%;background:var(--brand)}
.fine{font-size:.85rem;color:#5f6368;margin-top:1.25rem}
.actions{display:flex;justify-content:flex-end;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}
button{font:inherit;font-weight:600;border-radius:6px;padding:.6rem 1.4rem;cursor:pointer;border:1px solid #dadce0;background:#fff;color:var(--brand)}
button.allow{background:var(--brand);border-color:var(--brand);color:#fff}
button:focus-visible,textarea:focus-visible{outline:3px solid #174ea6;outline-offset:2px}
.okta{font-weight:700;letter-spacing:.02em;color:#00297a}
textarea{width:100%;font:.85rem/1.4 ui-monospace,"DejaVu Sans Mono",monospace;padding:.6rem;border:1px solid #9aa0a6;border-radius:6px;color:#202124;background:#f8f9fa;resize:vertical}
.status{min-height:1.5em;font-size:.9rem;color:#0d5b26}
.bad{color:#a11a12}
@media (max-width:30rem){body{padding:1rem .5rem}.card{padding:1.25rem}.actions button{flex:1}}
`;

function shell(nonce: string, title: string, brandColor: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style nonce="${nonce}">${STYLE}:root{--brand:${brandColor}}</style></head>
<body><p class="emulated">Emulated third party for pulumi-okta-provisioning: no real account is involved</p>
<main class="card">${body}</main>${script ? `<script nonce="${nonce}">${script}</script>` : ""}</body></html>
`;
}

/** The consent screen at the authorize link: Okta asks for access; Allow and Deny post the decision back here. */
export function authorizePage(
  nonce: string,
  appName: string,
  appLabel: string,
  action: string,
  org: string,
): string {
  const brand = brandOf(appName);
  const permissions = brand.permissions.map((p) => `<li>${esc(p)}</li>`).join("");
  return shell(
    nonce,
    `${appLabel} – authorize Okta`,
    brand.color,
    `<div class="logo"><span class="mark" aria-hidden="true">${esc(brand.initial)}</span>${esc(appLabel)} (emulated)</div>
<h1>Okta wants to access your ${esc(appLabel)} account</h1>
<span class="account"><span class="avatar" aria-hidden="true">A</span>admin@${esc(org)}.example</span>
<h2 id="permissions">This will allow Okta to:</h2>
<ul aria-labelledby="permissions">${permissions || "<li>Manage the users of your account</li>"}</ul>
<p class="fine">Okta uses this access to provision users. You can remove it at any time in ${esc(appLabel)}'s admin settings.</p>
<form method="post" action="${esc(action)}" class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow" class="allow">Allow</button>
</form>`,
  );
}

const COPY_SCRIPT = `
(function () {
  var field = document.getElementById("continue-url");
  var button = document.getElementById("copy");
  var status = document.getElementById("copy-status");
  field.addEventListener("focus", function () { field.select(); });
  button.hidden = false;
  button.addEventListener("click", function () {
    field.select();
    var done = function () { status.textContent = "Copied. Paste it where your setup asked for it."; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        status.textContent = "Copying was not allowed: the URL is selected, press Ctrl+C (or Cmd+C).";
      });
    } else {
      status.textContent = "The URL is selected: press Ctrl+C (or Cmd+C) to copy it.";
    }
  });
})();
`;

/** What Okta shows after the decision: the continue URL to hand back to the tool that started the consent. */
export function continuePage(
  nonce: string,
  appName: string,
  appLabel: string,
  href: string,
  decision: "allow" | "deny",
): string {
  const allowed = decision === "allow";
  return shell(
    nonce,
    allowed ? "Okta – continue the provisioning setup" : "Okta – access denied",
    brandOf(appName).color,
    `<div class="logo"><span class="okta">okta</span></div>
<h1>${allowed ? `${esc(appLabel)} allowed access` : `<span class="bad">Access to ${esc(appLabel)} was denied</span>`}</h1>
<p>${
      allowed
        ? "Copy this continue URL and paste it where your provisioning setup asked for it: the page <code>pulumi up</code> opened, or <code>okta-provisioning consent complete</code>."
        : "Nothing was authorized. Hand this continue URL back anyway, so the setup that waits for it stops now instead of at its timeout."
    }</p>
<label for="continue-url"><strong>Continue URL</strong></label>
<textarea id="continue-url" rows="4" readonly spellcheck="false">${esc(href)}</textarea>
<div class="actions"><button type="button" id="copy" class="allow" hidden>Copy URL</button></div>
<p class="status" id="copy-status" role="status"></p>`,
    COPY_SCRIPT,
  );
}

export function consentErrorPage(
  nonce: string,
  appName: string,
  appLabel: string,
  description: string,
): string {
  return shell(
    nonce,
    `${appLabel} – authorization failed`,
    brandOf(appName).color,
    `<div class="logo"><span class="mark" aria-hidden="true">${esc(brandOf(appName).initial)}</span>${esc(appLabel)} (emulated)</div>
<h1 class="bad">This authorization cannot go on</h1><p>${esc(description)}</p>
<p class="fine">Start again from the tool that sent you here (<code>pulumi up</code> prints a fresh link).</p>`,
  );
}
