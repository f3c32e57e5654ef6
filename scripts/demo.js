#!/usr/bin/env node
// `npm run demo`: the main job, end to end, against the bundled Okta emulator. Starts the emulator and a local
// Pulumi backend in a temp dir, deploys the quickstart (approving its Google consent on the emulated page, as
// announced), makes a drift out of band and shows `pulumi preview --refresh --diff` finding it, repairs it,
// destroys, stops everything it started and prints a summary. Any failure exits 1 with the reason.
// `npm run demo -- --plugin`: the same stack in YAML (quickstart/yaml) through the native provider plugin.
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

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

function pulumiDir() {
  const out = execFileSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop();
}

/**
 * The YAML quickstart, and a directory holding the plugin's launcher as `npm install` makes it
 * (`node_modules/.bin/pulumi-resource-okta-provisioning`): this repository's build.
 */
function makePluginProject(dir, binDir) {
  fs.copyFileSync(path.join(root, "quickstart", "yaml", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.mkdirSync(binDir);
  const launcher = path.join(binDir, "pulumi-resource-okta-provisioning");
  const main = path.join(root, "dist", "plugin", "main.js");
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(main)} "$@"\n`,
  );
  fs.chmodSync(launcher, 0o755);
}

/** A temp project: the quickstart program, and node_modules pointing at this repository's (the package itself). */
function makeProject(dir) {
  fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.cpSync(path.join(root, "quickstart"), path.join(dir, "quickstart"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "commonjs",
        esModuleInterop: true,
        skipLibCheck: true,
      },
    }),
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "okta-provisioning-quickstart",
      private: true,
      dependencies: { "pulumi-okta-provisioning": "*" },
    }),
  );
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry));
  }
  fs.symlinkSync(root, path.join(modules, "pulumi-okta-provisioning"));
}

const children = new Set();

function run(env, cwd, args, { stream = false } = {}) {
  return new Promise((resolve, reject) => {
    const end = args.indexOf("--");
    const argv =
      end < 0
        ? [...args, "--non-interactive"]
        : [...args.slice(0, end), "--non-interactive", ...args.slice(end)];
    const child = spawn("pulumi", argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    child.on("exit", () => children.delete(child));
    let out = "";
    const onData = (d) => {
      out += d.toString();
      if (stream) process.stdout.write(indent(d.toString()).replace(/ {4}$/, ""));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`pulumi ${args[0]} failed (exit ${code}):\n${out.slice(-3000)}`)),
    );
  });
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
  try {
    say(
      `Pulumi CLI and the Okta emulator${PLUGIN ? " (the YAML quickstart, through the native provider plugin)" : ""}`,
    );
    const bin = pulumiDir();
    emulator = await startEmulator({ orgs: 1 });
    const org = emulator.orgs[0];
    const app = (name) => org.apps.find((a) => a.name === name).id;
    console.log(
      indent(
        `pulumi from ${bin}\nemulated Okta org at ${org.url} with apps ${org.apps.map((a) => a.name).join(", ")}`,
      ),
    );

    const project = path.join(tmp, "project");
    fs.mkdirSync(project);
    const pluginBin = path.join(tmp, "plugin-bin");
    if (PLUGIN) makePluginProject(project, pluginBin);
    else makeProject(project);
    const env = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
      ),
      PATH: [...(PLUGIN ? [pluginBin] : []), bin, process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(tmp, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      OKTA_PROVISIONING_CONSENT_DIR: path.join(tmp, "consent"),
      OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "2",
      NO_COLOR: "1",
    };
    process.env.OKTA_PROVISIONING_CONSENT_DIR = env.OKTA_PROVISIONING_CONSENT_DIR;
    fs.mkdirSync(path.join(tmp, "backend"));
    await run(env, project, ["stack", "init", "demo"]);
    const config = {
      "okta-provisioning:orgUrl": org.url,
      "okta-provisioning-quickstart:zscalerAppId": app("zscalerbyz"),
      "okta-provisioning-quickstart:org2orgAppId": app("okta_org2org"),
      "okta-provisioning-quickstart:googleAppId": app("google"),
    };
    const secrets = {
      // The plugin's default provider reads its own namespace; the dynamic resources read the `okta` provider's.
      [PLUGIN ? "okta-provisioning:apiToken" : "okta:apiToken"]: org.apiToken,
      "okta-provisioning-quickstart:zscalerToken": "demo-zscaler-scim-token",
      "okta-provisioning-quickstart:org2orgToken": "demo-org2org-api-token",
    };
    for (const [k, v] of Object.entries(config)) await run(env, project, ["config", "set", k, "--", v]);
    for (const [k, v] of Object.entries(secrets))
      await run(env, project, ["config", "set", "--secret", k, "--", v]);

    say("pulumi up of the quickstart (Zscaler, Org2Org, Google Workspace with its OAuth consent)");
    const stop = { done: false };
    const approving = approveConsentWhenAsked(stop);
    const up = run(env, project, ["up", "--yes", "--skip-preview"], { stream: true }).finally(
      () => (stop.done = true),
    );
    await Promise.all([up, approving]);

    say(
      "Drift: someone turns off Zscaler profile push in the Admin Console; `pulumi preview --refresh --diff` finds it",
    );
    await oktaCall(org, "PUT", `/api/v1/apps/${app("zscalerbyz")}/features/USER_PROVISIONING`, {
      update: { profile: { status: "DISABLED" } },
    });
    const diff = await run(env, project, ["preview", "--refresh", "--diff"]);
    const drifted = diff.split("\n").filter((l) => /DISABLED|zscaler-push|Resources:|~ /.test(l));
    console.log(indent(drifted.join("\n")));
    if (!/"DISABLED"\s*=>\s*"ENABLED"/.test(diff))
      throw new Error("the preview did not show the drift it should have");

    say("Repair: `pulumi up --refresh`");
    await run(env, project, ["up", "--refresh", "--yes", "--skip-preview"], { stream: true });
    const repaired = await oktaCall(
      org,
      "GET",
      `/api/v1/apps/${app("zscalerbyz")}/features/USER_PROVISIONING`,
    );
    console.log(indent(`Zscaler profile push is ${repaired.capabilities.update.profile.status} again`));

    say("pulumi destroy: connections deactivated, features reset");
    const resources = JSON.parse(await run(env, project, ["stack", "export"])).deployment.resources.filter(
      // This package's resources through either door, not the plugin's default provider instance.
      (r) => r.type.includes("okta-provisioning") && !r.type.startsWith("pulumi:providers:"),
    ).length;
    await run(env, project, ["destroy", "--yes", "--skip-preview"], { stream: true });

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
    for (const child of children) child.kill("SIGINT");
    if (emulator) await emulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`\ndemo failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
