#!/usr/bin/env node
// `npm run dist -- OUTDIR [--only plugin,python,nodejs,go]`: writes what a release attaches (scripts/lib/artifacts.js):
// the plugin archive for `pulumi plugin install --file`, the Python wheel, the npm tarball of the TypeScript SDK, the
// Go SDK module and the schema, every SDK generated from the schema the plugin serves by Pulumi's own generators.
// Needs Go (the generators), Python 3 (the wheel; `npm run ensure-python` makes its virtualenv) and npm.
// Exit codes: 0 written, 1 could not build, 2 bad usage.
const path = require("node:path");
const { buildArtifacts, LANGUAGES } = require("./lib/artifacts");

const USAGE = `usage: npm run dist -- OUTDIR [--only plugin,${LANGUAGES.join(",")}]`;

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const at = args.indexOf("--only");
  const only = at >= 0 ? (args.splice(at, 2)[1] ?? "").split(",").filter(Boolean) : undefined;
  const known = ["plugin", ...LANGUAGES];
  const unknown = (only ?? []).filter((o) => !known.includes(o));
  if (args.length !== 1 || args[0].startsWith("-") || (only && only.length === 0) || unknown.length) {
    console.error(
      unknown.length ? `dist: unknown artifact ${unknown[0]} (one of ${known.join(", ")})` : USAGE,
    );
    return 2;
  }
  const outDir = path.resolve(args[0]);
  const started = Date.now();
  const artifacts = buildArtifacts(outDir, { only, log: (line) => console.error(`dist: ${line}`) });
  const files = [
    artifacts.pluginArchive,
    artifacts.wheel,
    artifacts.nodeTarball,
    artifacts.goArchive,
    artifacts.schema,
  ];
  for (const file of files.filter(Boolean)) console.log(path.relative(process.cwd(), file) || file);
  console.error(
    `dist: ${files.filter(Boolean).length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`dist: ${String(err instanceof Error ? err.message : err).split("\n")[0]}`);
  process.exitCode = 1;
}
