#!/usr/bin/env node
// `npm run sdk:python -- OUTDIR`: writes the typed Python SDK of the okta-provisioning plugin into OUTDIR with
// Pulumi's own Python code generator (scripts/sdk-gen, built once by scripts/ensure-sdk-gen.sh), from
// the schema the plugin serves. Then `pip install OUTDIR` in the program's virtualenv.
// Exit codes: 0 written, 1 could not generate, 2 bad usage.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const USAGE =
  "usage: npm run sdk:python -- OUTDIR   (a new or empty directory, or one this command wrote before)";

/** The schema the plugin answers GetSchema with; schema.json itself before the plugin is built. */
function servedSchema() {
  const plugin = path.join(root, "dist", "plugin", "schema.js");
  if (fs.existsSync(plugin))
    return { text: require(plugin).packageSchema(), from: "the plugin (dist/plugin)" };
  return {
    text: fs.readFileSync(path.join(root, "schema.json"), "utf8"),
    from: "schema.json (plugin not built)",
  };
}

/** Refuses to write over anything but an earlier SDK of ours, so a mistyped path loses nothing. */
function checkOutDir(dir) {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is a file; give a directory for the SDK`);
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return;
  const earlier = path.join(dir, "pulumi_okta_provisioning", "pulumi-plugin.json");
  if (!fs.existsSync(earlier))
    throw new Error(`${dir} is not empty and holds no earlier okta-provisioning SDK; give a new directory`);
  fs.rmSync(path.join(dir, "pulumi_okta_provisioning"), { recursive: true, force: true });
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0].startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const outDir = path.resolve(args[0]);
  checkOutDir(outDir);
  const schema = servedSchema();
  const generator = execFileSync("bash", [path.join(root, "scripts", "ensure-sdk-gen.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-sdk-"));
  try {
    const schemaFile = path.join(tmp, "schema.json");
    fs.writeFileSync(schemaFile, schema.text);
    execFileSync(generator, ["sdk", "python", schemaFile, outDir], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const shown = path.relative(process.cwd(), outDir);
  console.log(
    `schema from ${schema.from}; install it with: pip install ${shown.startsWith("..") ? outDir : shown || "."}`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`sdk:python: ${err.message.split("\n")[0]}`);
  process.exitCode = 1;
}
