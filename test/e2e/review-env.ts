import * as path from "node:path";
import { pulumiBinDir } from "./harness/engine";
import type { PulumiProject } from "./harness/project";

/**
 * The environment the harness gives its `pulumi` commands, for a process of ours that runs pulumi itself (the
 * review command). The harness keeps its env private; this mirrors test/e2e/harness/project.ts — keep in step.
 */
export function pulumiEnvOf(project: PulumiProject): NodeJS.ProcessEnv {
  const root = path.dirname(project.dir);
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_") && !k.startsWith("PULUMI_")),
    ),
    PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase-not-a-secret",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
  };
}
