import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The engine versions ensure-pulumi builds (scripts/pulumi-versions.env, the one place they are written). */
export function pulumiVersions(): { cli: string; nodejsHost: string; yamlHost: string } {
  const text = fs.readFileSync(path.join(REPO_ROOT, "scripts", "pulumi-versions.env"), "utf8");
  const value = (name: string) => {
    const match = new RegExp(`^${name}=(\\S+)$`, "m").exec(text);
    if (!match) throw new Error(`scripts/pulumi-versions.env has no ${name}`);
    return match[1];
  };
  return {
    cli: value("PULUMI_CLI_VERSION"),
    nodejsHost: value("PULUMI_NODEJS_HOST_VERSION"),
    yamlHost: value("PULUMI_YAML_HOST_VERSION"),
  };
}

/**
 * The directory holding `pulumi`, `pulumi-language-nodejs` and the dynamic-provider launcher. Global setup
 * resolves it once per run (building the CLI from the Go module proxy if needed) and hands it to the workers
 * through the environment; a missing CLI fails the e2e project instead of skipping it.
 */
export function pulumiBinDir(): string {
  const fromSetup = process.env.OKTA_PROVISIONING_PULUMI_DIR;
  if (fromSetup) return fromSetup;
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = out.trim().split("\n").pop();
  if (!dir) throw new Error("npm run ensure-pulumi printed no directory");
  process.env.OKTA_PROVISIONING_PULUMI_DIR = dir;
  return dir;
}

/** The binder of Pulumi package schemas built from the engine's own Go package (scripts/schema-check). */
export function schemaCheckBinary(): string {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-schema-check.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop() as string;
}
