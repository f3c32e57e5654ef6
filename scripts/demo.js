#!/usr/bin/env node
// `npm run demo`: the main job, end to end, against the bundled Okta emulator. Starts the emulator and a local
// Pulumi backend in a temp dir, deploys the quickstart (approving its Google consent on the emulated page, as
// announced), makes a drift out of band and shows `pulumi preview --refresh --diff` finding it, repairs it,
// destroys, stops everything it started and prints a summary. Any failure exits 1 with the reason.
// `npm run demo -- --plugin`: the same stack in YAML (quickstart/yaml) through the native provider plugin.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { PulumiProject, ensurePulumiDir, stopAll } = require("./lib/pulumi-project");

const root = path.resolve(__dirname, "..");
const { startEmulator } = require(path.join(root, "dist", "emulator"));
const { completeConsent } = require(path.join(root, "dist", "cli", "consent-command"));
const { waitingConsents } = require(path.join(root, "dist", "provider", "consent", "rendezvous"));

const started = Date.now();
const PLUGIN = process.argv.slice(2).includes("--plugin");
const unknown = process.argv.slice(2).filter((a) => a !== "--plugin");
if (unknown.length > 0) {
  console.error(`demo: unknown argument ${unknown[0]} (the only option is --plugin)`);
  process.exit(2);
}
const STEPS = 6;
let step = 0;
const say = (text) => console.log(`\n[${++step}/${STEPS}] ${text}`);
const indent = (text) => text.replace(/^/gm, "    ");

/** The TypeScript quickstart: the dynamic resources, node_modules linking this repository (the package itself). */
const QUICKSTART = {
  "Pulumi.yaml": { copyFrom: path.join(root, "Pulumi.yaml") },
  quickstart: { copyFrom: path.join(root, "quickstart") },
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      strict: true,
      target: "ES2022",
      module: "commonjs",
      esModuleInterop: true,
      skipLibCheck: true,
    },
  }),
  "package.json": JSON.stringify({
    name: "okta-provisioning-quickstart",
    private: true,
    dependencies: { "pulumi-okta-provisioning": "*" },
  }),
};

/**
 * A directory holding the plugin's launcher as `npm install` makes it
 * (`node_modules/.bin/pulumi-resource-okta-provisioning`): this repository's build.
 */
function pluginLauncherIn(binDir) {
  fs.mkdirSync(binDir);
  const launcher = path.join(binDir, "pulumi-resource-okta-provisioning");
  const main = path.join(root, "dist", "plugin", "main.js");
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(main)} "$@"\n`,
  );
  fs.chmodSync(launcher, 0o755);
}

/** `pulumi ARGS` in the project, its output indented on our stdout as it comes when `stream`. */
async function run(project, args, { stream = false } = {}) {
  const onOutput = stream ? (text) => process.stdout.write(indent(text).replace(/ {4}$/, "")) : undefined;
  return (await project.pulumiOk(args, { onOutput })).output;
}

/** Plays the Google admin: presses Allow on the emulated consent page, then hands the continue URL back. */
async function approveConsentWhenAsked(stop) {
  while (!stop.done) {
    const [waiting] = waitingConsents();
    if (waiting) {
      console.log(
        indent(
          `>>> The demo now plays the Google Workspace admin: it presses "Allow" on the emulated consent page\n>>> and hands the continue URL to the waiting OAuthConsent with \`okta-provisioning consent complete\`.`,
        ),
      );
      const answer = await fetch(waiting.authorizeUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "decision=allow",
      });
      const body = await answer.json();
      const continueUrl = body.continue_oauth_flow_url && body.continue_oauth_flow_url.href;
      if (!continueUrl)
        throw new Error(`the emulated consent page gave no continue URL: ${JSON.stringify(body)}`);
      console.log(indent(`>>> ${await completeConsent(continueUrl)}`));
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function oktaCall(org, method, urlPath, body) {
  const res = await fetch(`${org.url}${urlPath}`, {
    method,
    headers: {
      authorization: `SSWS ${org.apiToken}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${urlPath} answered ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-demo-"));
  let emulator;
  let project;
  try {
    say(
      `Pulumi CLI and the Okta emulator${PLUGIN ? " (the YAML quickstart, through the native provider plugin)" : ""}`,
    );
    const bin = ensurePulumiDir();
    // Two orgs: the one the quickstart configures, and the one its Org2Org app provisions with. The emulator
    // checks every connection's credentials as Okta does, so the demo uses what it issued: the second org's API
    // token, and a token of the emulated Zscaler tenant.
    emulator = await startEmulator({ orgs: 2 });
    const [org, target] = emulator.orgs;
    const [zscalerTenant] = emulator.zscalerTenants;
    const app = (name) => org.apps.find((a) => a.name === name).id;
    console.log(
      indent(
        `pulumi from ${bin}\nemulated Okta org at ${org.url} with apps ${org.apps.map((a) => a.name).join(", ")}\n` +
          `its Org2Org target org at ${target.url}; an emulated Zscaler tenant at ${zscalerTenant.baseUrl}`,
      ),
    );

    const pluginBin = path.join(tmp, "plugin-bin");
    if (PLUGIN) pluginLauncherIn(pluginBin);
    // The waiting OAuthConsent and `consent complete` (in this process) meet in this directory.
    const consentDir = path.join(tmp, "consent");
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    project = new PulumiProject({
      pulumiDir: bin,
      root: tmp,
      stack: "demo",
      passphrase: "demo-passphrase",
      // The YAML quickstart needs no node_modules: the plugin is found on PATH.
      ...(PLUGIN
        ? {
            files: { "Pulumi.yaml": { copyFrom: path.join(root, "quickstart", "yaml", "Pulumi.yaml") } },
            nodeModules: false,
          }
        : { files: QUICKSTART }),
      env: {
        ...(PLUGIN ? { PATH: [pluginBin, bin, process.env.PATH].join(path.delimiter) } : {}),
        OKTA_PROVISIONING_CONSENT_DIR: consentDir,
        OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "2",
      },
      config: {
        "okta-provisioning:orgUrl": org.url,
        "okta-provisioning-quickstart:zscalerAppId": app("zscalerbyz"),
        "okta-provisioning-quickstart:zscalerBaseUrl": zscalerTenant.baseUrl,
        "okta-provisioning-quickstart:org2orgAppId": app("okta_org2org"),
        "okta-provisioning-quickstart:org2orgBaseUrl": target.url,
        "okta-provisioning-quickstart:googleAppId": app("google"),
      },
      secrets: {
        // The plugin's default provider reads its own namespace; the dynamic resources read the `okta` provider's.
        [PLUGIN ? "okta-provisioning:apiToken" : "okta:apiToken"]: org.apiToken,
        "okta-provisioning-quickstart:zscalerToken": zscalerTenant.token,
        "okta-provisioning-quickstart:org2orgToken": target.apiToken,
      },
    });
    await project.init();

    say("pulumi up of the quickstart (Zscaler, Org2Org, Google Workspace with its OAuth consent)");
    const stop = { done: false };
    const approving = approveConsentWhenAsked(stop);
    const up = run(project, ["up", "--yes", "--skip-preview"], { stream: true }).finally(
      () => (stop.done = true),
    );
    await Promise.all([up, approving]);

    say(
      "Drift in the Admin Console: Zscaler profile push turned off, and the Org2Org connection saved again without " +
        "activating it (Okta then leaves it disabled); `pulumi preview --refresh --diff` finds both",
    );
    await oktaCall(org, "PUT", `/api/v1/apps/${app("zscalerbyz")}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    await oktaCall(org, "POST", `/api/v1/apps/${app("okta_org2org")}/connections/default`, {
      baseUrl: target.url,
      profile: { authScheme: "TOKEN", token: target.apiToken },
    });
    const diff = await run(project, ["preview", "--refresh", "--diff"]);
    // The planned update that undoes the drift, its changed lines only, and the totals: not the URN, nor the refresh
    // of the Google connection's status (stale by design until a refresh: its OAuthConsent activated it behind its
    // back).
    const lines = diff.split("\n");
    const update = lines.findIndex((l) => /ProvisioningFeature: \(update\)/.test(l));
    const totals = lines.findIndex((l) => /^\s*Resources:/.test(l));
    const kept = [
      ...lines.slice(update, totals < update ? undefined : totals),
      ...lines.slice(totals, totals + 2),
    ].filter((l) => update >= 0 && /^\s*[~+-] |^\s*Resources:/.test(l));
    const margin = Math.min(...kept.map((l) => (/^ */.exec(l) ?? [""])[0].length));
    const drifted = kept.map((l) => l.slice(margin));
    console.log(indent(drifted.join("\n")));
    if (!/"DISABLED"\s*=>\s*"ENABLED"/.test(diff))
      throw new Error("the preview did not show the drift it should have");

    say("Repair: `pulumi up --refresh`");
    await run(project, ["up", "--refresh", "--yes", "--skip-preview"], { stream: true });
    const repaired = await oktaCall(
      org,
      "GET",
      `/api/v1/apps/${app("zscalerbyz")}/features/USER_PROVISIONING`,
    );
    const org2orgConnection = await oktaCall(
      org,
      "GET",
      `/api/v1/apps/${app("okta_org2org")}/connections/default`,
    );
    console.log(
      indent(
        `Zscaler profile push is ${repaired.capabilities.update.profile.status} again; ` +
          `the Org2Org connection is ${org2orgConnection.status} again`,
      ),
    );

    say("pulumi destroy: connections deactivated, features reset");
    const resources = JSON.parse(await run(project, ["stack", "export"])).deployment.resources.filter(
      // This package's resources through either door, not the plugin's default provider instance.
      (r) => r.type.includes("okta-provisioning") && !r.type.startsWith("pulumi:providers:"),
    ).length;
    // --remove: the stack goes with its resources, so pulumi does not suggest a `pulumi stack rm` of a stack the
    // demo removes anyway.
    await run(project, ["destroy", "--yes", "--skip-preview", "--remove"], { stream: true });

    say("Summary");
    const counters = emulator.counters();
    console.log(indent(`${resources} resources deployed, drift found and repaired, then destroyed`));
    console.log(
      indent(
        `${counters.reads + counters.writes} Okta API calls in all (${counters.reads} reads, ${counters.writes} writes, ${counters.rateLimited} answered 429)`,
      ),
    );
    console.log(indent(`${((Date.now() - started) / 1000).toFixed(1)} s`));
  } finally {
    stopAll();
    if (emulator) await emulator.close();
    if (project) project.cleanup();
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`\ndemo failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
