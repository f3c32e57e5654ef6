import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * Some integration tests start what the package ships (the plugin's launcher in dist/). Installing the repository
 * no longer builds it (an install script of a published package is one npm 11 asks users to approve), so the
 * integration project builds it once per run, as `npm pack` does for the e2e tests.
 */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, "..", "..");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
