import { execFileSync } from "node:child_process";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

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
