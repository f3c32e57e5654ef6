/**
 * The native provider from a Go program: the plugin archive and the Go SDK module installed with the README's
 * commands, on the real CLI and the v3.66 Go host (test/e2e/harness/native.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeNativeLanguage } from "./harness/native";

jest.setTimeout(900_000);

/**
 * The program `pulumi import` writes is a `main` of its own: its body becomes one more function the program's main
 * runs (main.go's `imported`), the code otherwise as generated.
 */
function asDeclaration(code: string): string {
  const head = "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {";
  if (!code.includes(head))
    throw new Error(`the generated Go program has no ${JSON.stringify(head)}:\n${code}`);
  return code.replace(head, "func init() {\n\timported = append(imported, func(ctx *pulumi.Context) error {");
}

describeNativeLanguage({
  name: "go",
  codegen: "go",
  sdkImport: /^\t"github\.com\/okta-provisioning\/pulumi-okta-provisioning\/sdk\/go\/oktaprovisioning"$/m,
  env: () => ({ GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" }),
  include: (dir, code) => fs.writeFileSync(path.join(dir, "imported.go"), asDeclaration(code)),
});
