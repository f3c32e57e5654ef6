/**
 * The native provider from a TypeScript program through the native SDK (`pulumi-okta-provisioning-native`, not the
 * dynamic resources): the plugin archive and the SDK's npm tarball installed with the README's commands, on the real
 * CLI and the v3.68 Node.js host (test/e2e/harness/native.ts).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeNativeLanguage } from "./harness/native";

jest.setTimeout(900_000);

describeNativeLanguage({
  name: "typescript",
  codegen: "nodejs",
  sdkImport: /^import \* as okta_provisioning from "pulumi-okta-provisioning-native";$/m,
  // What `pulumi new typescript` installs: @pulumi/pulumi, TypeScript (ts-node for the v3.68 host).
  prepare: (dir, env) =>
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: dir,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    }),
  include: (dir, code) => fs.writeFileSync(path.join(dir, "imported.ts"), code),
});
