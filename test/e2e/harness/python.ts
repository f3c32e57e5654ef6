import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./engine";

const lastLine = (out: string) => out.trim().split("\n").pop() as string;

const runScript = (script: string) =>
  lastLine(
    execFileSync("bash", [path.join(REPO_ROOT, "scripts", script)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );

/** The cached virtualenv with the `pulumi` Python package (scripts/ensure-python.sh). */
export function pythonVirtualenv(): string {
  return runScript("ensure-python.sh");
}

/** Pulumi's own code generators behind a small main (scripts/ensure-sdk-gen.sh). */
export function sdkGenerator(): string {
  return runScript("ensure-sdk-gen.sh");
}

/**
 * Writes the typed Python SDK for `schemaFile` into `sdkDir` and installs it into `siteDir` (to be put on
 * PYTHONPATH), as `pip install` would, without touching the shared virtualenv. `--no-deps`: the virtualenv already
 * has what the SDK requires; `--no-build-isolation`: no download of setuptools for the build.
 */
export function installPythonSdk(venv: string, schemaFile: string, sdkDir: string, siteDir: string): void {
  execFileSync(sdkGenerator(), ["sdk", "python", schemaFile, sdkDir], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  execFileSync(
    path.join(venv, "bin", "python"),
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      "--target",
      siteDir,
      sdkDir,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}
