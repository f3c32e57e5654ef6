/**
 * `adopt(options)`: reads an Okta org and writes a Pulumi program that adopts its provisioning as it is. The
 * command (command.ts) is a thin shell over this; tests and benchmarks call it directly.
 */
import * as path from "node:path";
import { clientFor, type OktaClient } from "../../provider/client";
import { resolveCommandOrg, resolveOrg, type ConfigSource, type OrgConnection } from "../../provider/orgs";
import { renderIndex } from "./codegen";
import type { OrgScan } from "./model";
import { importFileText, renderImportFile, type ProviderRef } from "./import-file";
import { checkOutputDir, checkOutputFile, writeFiles } from "./output-dir";
import { GITIGNORE, packageJson, pulumiYaml, tsconfigJson } from "./project-files";
import { renderReadme } from "./readme";
import { scanOrg, ScanError } from "./scan";

export { scanOrg, ScanError } from "./scan";
export { deriveNames, slugOf, variableOf } from "./names";
export { renderIndex } from "./codegen";
export { renderReadme, configCommands } from "./readme";
export { listApps, listFeatures, nextCursor } from "./okta-reads";
export { OutputDirError } from "./output-dir";
export {
  renderImportFile,
  importFileText,
  parseProviderRef,
  type ProviderRef,
  writeOnlyInputs,
  PROVIDER_TYPE,
  CONNECTION_TYPE,
  FEATURE_TYPE,
  type ImportFile,
  type ImportSpec,
} from "./import-file";
export type * from "./model";

/** `program`: a TypeScript program of dynamic resources with `adopt: true`; `import-file`: a file for `pulumi import --file`. */
export type AdoptFormat = "program" | "import-file";

export interface AdoptOptions {
  format?: AdoptFormat;
  /** Where the program goes (format `program`). Default: `./<project>`. */
  outDir?: string;
  /** Where the import file goes (format `import-file`). Default: `./<project>.import.json`. */
  outFile?: string;
  /** Format `import-file`: read the resources through this explicit provider, already in the stack. */
  provider?: ProviderRef;
  /**
   * Format `import-file`: the alias the stack's provider config gives this org (`okta-provisioning:orgs.<alias>`);
   * the ids are written as `<alias>:<id>`. Defaults to `org`.
   */
  orgAlias?: string;
  /** Pulumi project name (default: from the org's host name). */
  project?: string;
  appIds?: string[];
  includeDisabled?: boolean;
  force?: boolean;
  pageSize?: number;
  /** Stack-config-shaped values (`okta-provisioning:orgUrl`, `okta:apiToken`, …); the environment fills the rest. */
  config?: Record<string, string | undefined>;
  env?: NodeJS.ProcessEnv;
  /** Named org (`okta-provisioning:orgs` in `config`). */
  org?: string;
  /**
   * The command line's `--org-url`: the org is then read from it and the environment alone (`config` and `org` are
   * not used), and errors name what the command reads.
   */
  commandLine?: { orgUrl?: string };
  /** The command line shown in the generated files. */
  generatedBy?: string;
  onProgress?: (line: string) => void;
  /** Use this client instead of the shared one (benchmarks count its calls alone). */
  client?: OktaClient;
}

export interface AdoptResult {
  scan: OrgScan;
  project: string;
  /** The program's directory, or the import file. */
  outDir: string;
  files: string[];
  /** Requests sent to Okta by this adoption, retries included. */
  apiCalls: number;
  ms: number;
}

export function configSource(values: Record<string, string | undefined>): ConfigSource {
  return { get: (key) => values[key] };
}

/** `https://acme.okta.com` → `acme-provisioning`; `http://127.0.0.1:4000` → `okta-127-0-0-1-4000-provisioning`. */
export function defaultProjectName(orgUrl: string): string {
  const url = new URL(orgUrl);
  const host = /\.okta(preview|-emea|-gov|-mil)?\.com$/.test(url.hostname)
    ? url.hostname.split(".")[0]
    : `okta-${url.host}`;
  return `${host.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-provisioning`;
}

export function resolveAdoptOrg(
  options: Pick<AdoptOptions, "config" | "env" | "org" | "commandLine">,
): OrgConnection {
  if (options.commandLine) return resolveCommandOrg(options.commandLine.orgUrl, options.env ?? process.env);
  return resolveOrg(options.org, configSource(options.config ?? {}), options.env ?? process.env);
}

export async function adopt(options: AdoptOptions): Promise<AdoptResult> {
  const started = Date.now();
  const org = resolveAdoptOrg(options);
  const project = options.project ?? defaultProjectName(org.url);
  const importFile = options.format === "import-file";
  const outDir = importFile ? (options.outFile ?? `${project}.import.json`) : (options.outDir ?? project);
  if (importFile) checkOutputFile(outDir, options.force === true);
  else checkOutputDir(outDir, options.force === true);
  const client = options.client ?? clientFor(org);
  const callsBefore = client.limiterStats().calls;
  const scan = await scanOrg(client, {
    appIds: options.appIds,
    includeDisabled: options.includeDisabled,
    pageSize: options.pageSize,
    onProgress: options.onProgress,
  });
  const apiCalls = client.limiterStats().calls - callsBefore;
  if (scan.adopted.length === 0) {
    throw new ScanError(
      `nothing to adopt: none of the ${scan.scanned} app${scan.scanned === 1 ? "" : "s"} read has a provisioning ` +
        `connection to adopt (${skipCounts(scan)}); nothing was written`,
    );
  }
  if (importFile) {
    const text = importFileText(
      renderImportFile(scan, { provider: options.provider, org: options.orgAlias ?? options.org }),
    );
    const files = writeFiles(path.dirname(outDir), { [path.basename(outDir)]: text });
    return { scan, project, outDir, files, apiCalls, ms: Date.now() - started };
  }
  const generatedBy = options.generatedBy ?? "okta-provisioning adopt";
  const files = writeFiles(outDir, {
    "Pulumi.yaml": pulumiYaml(project, org.url),
    "package.json": packageJson(project),
    "tsconfig.json": tsconfigJson(),
    ".gitignore": GITIGNORE,
    "index.ts": renderIndex(scan, generatedBy),
    "README.md": renderReadme(scan, project, generatedBy),
  });
  return { scan, project, outDir, files, apiCalls, ms: Date.now() - started };
}

/** `3 cannot provision, 2 not configured`: skip reasons counted by their first words. */
export function skipCounts(scan: OrgScan): string {
  const counts = new Map<string, number>();
  for (const s of scan.skipped) {
    const key = s.reason.split(/[(:;]/)[0].trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? "none skipped" : [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}
