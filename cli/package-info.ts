import * as fs from "node:fs";
import * as path from "node:path";

/** The package's root directory, from source (ts-jest) or from dist/ alike. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the package.json of pulumi-okta-provisioning");
    dir = parent;
  }
  return dir;
}

export function packageVersion(): string {
  return (
    JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }
  ).version;
}
