/**
 * What the loopback page of a waiting OAuthConsent shows: which app and org it is for, step 1 (open the third
 * party's authorization), step 2 (paste the continue URL), the time left, and the result of a submission. One
 * self-contained document — inline CSS and script under a per-response nonce, nothing fetched from elsewhere —
 * so it works offline and under a Content-Security-Policy that allows exactly that. Without script the form
 * still posts and the server answers with this page in its new state.
 */
import { appOf } from "../apps";

/** What the page is about; nothing here is secret beyond the authorize link the person needs anyway. */
export interface ConsentPageInfo {
  appId: string;
  appName: string;
  orgUrl: string;
  /** The third party's authorization, as Okta's connection offers it. */
  authorizeUrl: string;
  /** When the wait ends (epoch milliseconds). */
  deadline: number;
}

/** Where a consent stands, as the page shows it. `refused` leaves the wait going on. */
export type PageState =
  | { kind: "waiting" }
  | { kind: "refused"; reason: string }
  | { kind: "done" }
  | { kind: "denied"; reason: string }
  /** Okta took the continue URL, but the consent could not be finished (its activation was refused). */
  | { kind: "failed"; reason: string }
  | { kind: "expired" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function appLabel(appName: string): string {
  return appOf(appName)?.label ?? appName;
}

/** `m:ss` (or `h:mm:ss`) left until the deadline, never negative. */
export function formatTimeLeft(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Only a web address becomes a link: a `javascript:` href from a confused server must not. */
function isWebUrl(text: string): boolean {
  try {
    return ["https:", "http:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function orgHost(orgUrl: string): string {
  try {
    return new URL(orgUrl).host;
  } catch {
    return orgUrl;
  }
}

/** The provider's refusals start "Not accepted: …"; the page says that in its own heading. */
export function reasonText(message: string): string {
  const rest = message.replace(/^Not accepted:\s*/, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

const FINAL = new Set(["done", "denied", "failed", "expired"]);

/** The result panels; the script fills the same templates, so both paths say the same words. */
function panel(
  kind: "done" | "denied" | "failed" | "expired" | "gone",
  info: ConsentPageInfo,
  reason = "",
): string {
  const label = escapeHtml(appLabel(info.appName));
  const org = escapeHtml(orgHost(info.orgUrl));
  const texts = {
    done: {
      title: "Done: the consent is complete",
      body:
        `<p>The provisioning connection of ${label} in ${org} is authorized.</p>` +
        `<p><strong>You may close this tab.</strong> <code>pulumi up</code> goes on in your terminal.</p>`,
    },
    denied: {
      title: `Denied in ${label}`,
      body:
        `<p data-slot="reason">${escapeHtml(reason && reasonText(reason))}</p>` +
        `<p><code>pulumi up</code> stops waiting for this consent; nothing was changed. Run <code>pulumi up</code> ` +
        `again to get a new authorization link.</p>`,
    },
    failed: {
      title: "The consent could not be finished",
      body:
        `<p data-slot="reason">${escapeHtml(reason && reasonText(reason))}</p>` +
        `<p><code>pulumi up</code> stops waiting for this consent; your terminal has the details.</p>`,
    },
    expired: {
      title: "Expired: the wait for this consent ended",
      body:
        `<p>The time to authorize ${label} ran out, so <code>pulumi up</code> stopped waiting; nothing was ` +
        `changed.</p><p>Run <code>pulumi up</code> again to get a new authorization link (raise the consent's ` +
        `<code>timeoutSeconds</code> to wait longer).</p>`,
    },
    gone: {
      title: "This page no longer answers",
      body:
        `<p>The <code>pulumi up</code> that opened it is not waiting any more: it finished, was cancelled, or ` +
        `the consent was completed elsewhere. Your terminal says which.</p>`,
    },
  }[kind];
  return (
    `<div class="result result-${kind}"><h2 class="result-title" tabindex="-1">${texts.title}</h2>` +
    `${texts.body}</div>`
  );
}

function templates(info: ConsentPageInfo): string {
  return (["done", "denied", "failed", "expired", "gone"] as const)
    .map((kind) => `<template id="t-${kind}">${panel(kind, info)}</template>`)
    .join("\n");
}

export function renderConsentPage(
  info: ConsentPageInfo,
  state: PageState,
  nonce: string,
  now: number,
): string {
  const label = escapeHtml(appLabel(info.appName));
  const org = escapeHtml(orgHost(info.orgUrl));
  const expired = state.kind === "expired" || (!FINAL.has(state.kind) && now >= info.deadline);
  const shown: PageState = expired ? { kind: "expired" } : state;
  const final = FINAL.has(shown.kind);
  const callback = escapeHtml(
    `${info.orgUrl}/api/v1/apps/${info.appName}/${info.appId}/oauth2/callback?code=…`,
  );
  const authorize = isWebUrl(info.authorizeUrl)
    ? `<a class="button primary" id="authorize" href="${escapeHtml(info.authorizeUrl)}" target="_blank" ` +
      `rel="noopener noreferrer">Open ${label} to allow access<span class="visually-hidden"> (opens in a new ` +
      `tab)</span> <span aria-hidden="true">↗</span></a>`
    : `<p>Open this address in a browser: <code>${escapeHtml(info.authorizeUrl)}</code></p>`;
  const refusal = shown.kind === "refused" ? escapeHtml(reasonText(shown.reason)) : "";
  const result =
    shown.kind === "done" || shown.kind === "expired"
      ? panel(shown.kind, info)
      : shown.kind === "denied" || shown.kind === "failed"
        ? panel(shown.kind, info, shown.reason)
        : "";
  const titleState = { done: "Done", denied: "Denied", failed: "Failed", expired: "Expired" }[
    shown.kind as string
  ];
  const title = `${titleState ? `${titleState} – ` : ""}Authorize ${label} provisioning – ${org}`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div class="bar"><span class="brand">okta-provisioning</span><span class="bar-note">consent for <code>pulumi up</code>, served on this machine only</span></div>
<main id="consent" data-state="${shown.kind}" data-deadline="${new Date(info.deadline).toISOString()}" aria-labelledby="heading">
<h1 id="heading">Authorize provisioning for ${label}</h1>
<p class="lede"${final ? " hidden" : ""}><code>pulumi up</code> is waiting for a person to allow Okta to provision users into ${label}.</p>
<dl class="facts">
<div><dt>App</dt><dd>${label} <span class="muted">(${escapeHtml(info.appName)}, ${escapeHtml(info.appId)})</span></dd></div>
<div><dt>Okta org</dt><dd>${escapeHtml(info.orgUrl)}</dd></div>
<div class="time"${final ? " hidden" : ""}><dt id="time-label">Time left</dt><dd><span id="time-left" role="timer" aria-labelledby="time-label">${formatTimeLeft(info.deadline - now)}</span> <span class="muted">(until <time datetime="${new Date(info.deadline).toISOString()}">${new Date(info.deadline).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}</time>)</span></dd></div>
</dl>
<div id="result" aria-live="polite">${result}</div>
<ol class="steps"${final ? " hidden" : ""}>
<li class="step">
<h2><span class="step-no">Step 1</span> Allow access in ${label}</h2>
<p>Sign in as an administrator of ${label} and allow Okta to manage its users. The authorization opens in a new tab; keep this one open.</p>
${authorize}
</li>
<li class="step">
<h2><span class="step-no">Step 2</span> Paste the continue URL</h2>
<form id="consent-form" method="post" novalidate>
<label for="continue-url">Continue URL from Okta</label>
<p class="hint" id="continue-url-hint">After you allow access, Okta shows a continue URL. Copy all of it; it starts with <code>${callback}</code></p>
<div class="error" id="continue-url-error" role="alert">${refusal ? `<strong>Not accepted. <code>pulumi up</code> is still waiting.</strong> <span data-slot="reason">${refusal}</span>` : ""}</div>
<textarea id="continue-url" name="continueUrl" rows="4" required autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="continue-url-hint continue-url-error"${refusal ? ' aria-invalid="true"' : ""}></textarea>
<button type="submit" class="button primary" id="submit">Complete the consent</button>
</form>
</li>
</ol>
<details class="other"${final ? " hidden" : ""}>
<summary>Other ways to finish</summary>
<p>In another terminal on this machine: <code>okta-provisioning consent complete</code>, then paste the continue URL when it asks.</p>
<p>Or complete the consent in the Okta Admin Console: <code>pulumi up</code> notices within a few seconds.</p>
</details>
<p class="visually-hidden" id="time-notice" aria-live="polite"></p>
</main>
${templates(info)}
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

// Colours keep at least 4.5:1 against their background in both schemes (checked in test/unit/provider).
export const PALETTE = {
  light: {
    text: "#1b1f24",
    muted: "#4d5561",
    bg: "#f3f4f6",
    card: "#ffffff",
    accent: "#0b57d0",
    onAccent: "#ffffff",
    ok: "#0d5b26",
    okBg: "#e6f4ea",
    bad: "#a11a12",
    badBg: "#fdecea",
    warn: "#7a4100",
    warnBg: "#fff4e0",
  },
  dark: {
    text: "#e8eaed",
    muted: "#b3bac4",
    bg: "#101317",
    card: "#1b1f24",
    accent: "#8ab4f8",
    onAccent: "#0b1a33",
    ok: "#81c995",
    okBg: "#10261a",
    bad: "#f6aea9",
    badBg: "#2e1412",
    warn: "#fdd08a",
    warnBg: "#2b1d08",
  },
};

const vars = (p: (typeof PALETTE)["light"]) =>
  `--text:${p.text};--muted:${p.muted};--bg:${p.bg};--card:${p.card};--accent:${p.accent};--on-accent:${p.onAccent};` +
  `--ok:${p.ok};--ok-bg:${p.okBg};--bad:${p.bad};--bad-bg:${p.badBg};--warn:${p.warn};--warn-bg:${p.warnBg};`;

const STYLE = `
:root{${vars(PALETTE.light)}font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;line-height:1.5;color:var(--text);background:var(--bg)}
@media (prefers-color-scheme:dark){:root{${vars(PALETTE.dark)}}}
*{box-sizing:border-box}
body{margin:0;font-size:1rem}
.bar{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;padding:.6rem 1rem;background:var(--card);border-bottom:1px solid color-mix(in srgb,var(--muted) 35%,transparent)}
.brand{font-weight:700}
.bar-note{color:var(--muted);font-size:.875rem}
main{max-width:44rem;margin:1.5rem auto 3rem;padding:1.5rem;background:var(--card);border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.15rem;margin:0 0 .4rem}
p{margin:.4rem 0}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em;overflow-wrap:anywhere}
.lede{color:var(--muted)}
.muted{color:var(--muted)}
.facts{display:grid;gap:.35rem;margin:1rem 0;padding:.75rem 1rem;border:1px solid color-mix(in srgb,var(--muted) 35%,transparent);border-radius:8px}
.facts div{display:grid;grid-template-columns:7rem 1fr;gap:.5rem}
.facts dt{font-weight:600}
.facts dd{margin:0;overflow-wrap:anywhere}
#time-left{font-variant-numeric:tabular-nums;font-weight:700;font-size:1.1rem}
main.urgent #time-left{color:var(--warn)}
.steps{list-style:none;margin:1.25rem 0 0;padding:0;display:grid;gap:1rem}
.step{padding:1rem;border:1px solid color-mix(in srgb,var(--muted) 35%,transparent);border-radius:8px}
.step-no{display:inline-block;margin-right:.4rem;padding:0 .5rem;border-radius:999px;background:var(--accent);color:var(--on-accent);font-size:.85rem;vertical-align:.1em}
.button{display:inline-block;margin-top:.5rem;padding:.7rem 1.1rem;border-radius:8px;border:2px solid var(--accent);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.primary{background:var(--accent);color:var(--on-accent)}
.button:hover{filter:brightness(1.08)}
.button[disabled]{opacity:.7;cursor:progress}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
label{display:block;font-weight:600;margin-top:.25rem}
.hint{color:var(--muted);font-size:.925rem}
.error{color:var(--bad);margin:.5rem 0;padding:.5rem .75rem;border-left:4px solid var(--bad);background:var(--bad-bg)}
.error strong{display:block}
.error:empty{display:none}
textarea{display:block;width:100%;margin:.4rem 0;padding:.6rem;font:.9rem/1.4 ui-monospace,"DejaVu Sans Mono",monospace;color:var(--text);background:var(--card);border:2px solid var(--muted);border-radius:6px;resize:vertical}
textarea[aria-invalid=true]{border-color:var(--bad)}
.result{margin:1rem 0;padding:1rem 1.1rem;border-radius:8px;border-left:6px solid}
.result h2{font-size:1.3rem}
.result h2:focus,.result h2:focus-visible{outline:none}
.result-done{background:var(--ok-bg);border-color:var(--ok)}
.result-done h2{color:var(--ok)}
.result-denied,.result-failed,.result-gone{background:var(--bad-bg);border-color:var(--bad)}
.result-denied h2,.result-failed h2,.result-gone h2{color:var(--bad)}
.result-expired{background:var(--warn-bg);border-color:var(--warn)}
.result-expired h2{color:var(--warn)}
.other{margin-top:1.25rem;color:var(--muted)}
.other summary{cursor:pointer;font-weight:600}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
[hidden]{display:none!important}
@media (max-width:30rem){main{margin:0;border-radius:0;padding:1rem}h1{font-size:1.35rem}.facts div{grid-template-columns:1fr;gap:0}.button{display:block;text-align:center}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;

/**
 * The page's behaviour: the countdown from the deadline the server stated (no network needed), submitting without
 * leaving the page, and a status check that notices when `pulumi up` stopped serving it. Plain ES2017, read by the
 * browser as is; every text it inserts goes through textContent or the server's templates.
 */
export const PAGE_SCRIPT = `
(function () {
  "use strict";
  var root = document.getElementById("consent");
  var deadline = Date.parse(root.getAttribute("data-deadline"));
  var form = document.getElementById("consent-form");
  var field = document.getElementById("continue-url");
  var error = document.getElementById("continue-url-error");
  var button = document.getElementById("submit");
  var result = document.getElementById("result");
  var timeLeft = document.getElementById("time-left");
  var notice = document.getElementById("time-notice");
  var state = root.getAttribute("data-state");
  var submitting = false;
  var announced = {};

  function format(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var ss = (s < 10 ? "0" : "") + s;
    return h > 0 ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
  }

  function finish(kind, reason) {
    if (state !== "waiting" && state !== "refused") return;
    state = kind;
    root.setAttribute("data-state", kind);
    var panel = document.getElementById("t-" + kind).content.cloneNode(true);
    var slot = panel.querySelector("[data-slot=reason]");
    if (slot) slot.textContent = reason ? plain(reason) : "";
    result.textContent = "";
    result.appendChild(panel);
    Array.prototype.forEach.call(document.querySelectorAll(".steps, .other, .lede, .facts .time"), function (el) {
      el.hidden = true;
    });
    var titles = { done: "Done", denied: "Denied", failed: "Failed", expired: "Expired", gone: "Ended" };
    document.title = titles[kind] + " – " + document.title.replace(/^(Done|Denied|Failed|Expired|Ended) – /, "");
    result.querySelector(".result-title").focus();
  }

  // The provider's refusals start "Not accepted: …", which the page says in its own words.
  function plain(message) {
    var rest = message.replace(/^Not accepted:\\s*/, "");
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }

  function refuse(message) {
    var strong = document.createElement("strong");
    strong.appendChild(document.createTextNode("Not accepted. "));
    var code = document.createElement("code");
    code.textContent = "pulumi up";
    strong.appendChild(code);
    strong.appendChild(document.createTextNode(" is still waiting."));
    var reason = document.createElement("span");
    reason.textContent = plain(message);
    error.textContent = "";
    error.appendChild(strong);
    error.appendChild(document.createTextNode(" "));
    error.appendChild(reason);
    field.setAttribute("aria-invalid", "true");
    field.focus();
    field.select();
  }

  function tick() {
    if (state !== "waiting" && state !== "refused") return;
    var left = deadline - Date.now();
    if (left <= 0) return finish("expired");
    timeLeft.textContent = format(left);
    root.classList.toggle("urgent", left <= 120000);
    [[300000, "5 minutes"], [60000, "1 minute"]].forEach(function (mark) {
      if (left <= mark[0] && left > mark[0] - 15000 && !announced[mark[0]]) {
        announced[mark[0]] = true;
        notice.textContent = mark[1] + " left to complete the consent.";
      }
    });
  }

  // The server stops answering when pulumi up stops waiting: at the deadline that is the expiry, else it ended.
  function ended() {
    finish(Date.now() >= deadline ? "expired" : "gone");
  }

  function answer(body) {
    if (body.ok) return finish("done");
    if (body.outcome === "denied" || body.outcome === "failed") return finish(body.outcome, body.message);
    if (body.outcome === "expired") return finish("expired");
    state = "refused";
    refuse(body.message || "The continue URL was not accepted.");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (submitting || (state !== "waiting" && state !== "refused")) return;
    var url = field.value.trim();
    if (!url) return refuse("Paste the continue URL first.");
    submitting = true;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    var label = button.textContent;
    button.textContent = "Checking…";
    fetch(location.pathname, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ continueUrl: url }),
      cache: "no-store",
      credentials: "omit",
    })
      .then(function (res) { return res.json(); })
      .then(answer, ended)
      .then(function () {
        submitting = false;
        button.disabled = false;
        button.textContent = label;
        form.removeAttribute("aria-busy");
      });
  });
  field.addEventListener("input", function () {
    if (field.getAttribute("aria-invalid")) {
      field.removeAttribute("aria-invalid");
      error.textContent = "";
    }
  });

  function check() {
    if (submitting || (state !== "waiting" && state !== "refused")) return;
    fetch(location.pathname, { headers: { accept: "application/json" }, cache: "no-store", credentials: "omit" })
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (["done", "denied", "failed", "expired"].indexOf(body.state) >= 0) finish(body.state, body.message);
      }, function () { if (!submitting) ended(); });
  }

  tick();
  setInterval(tick, 1000);
  setInterval(check, 5000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { tick(); check(); } });
})();
`;
