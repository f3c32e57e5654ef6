/**
 * The e2e tests' throwaway Pulumi projects: the one harness (scripts/lib/pulumi-project.js), with the program's
 * node_modules installed from `npm pack` of this package as a user's would be, and the CLI that global setup built.
 */
import {
  PulumiProject as Project,
  type CommandResult,
  type ExportedResource,
  type PreviewJson,
  type PreviewStep,
  type ProjectOptions as HarnessOptions,
  type RunOptions,
  type StackExport,
} from "../../../scripts/lib/pulumi-project";
import { pulumiBinDir } from "./engine";
import { installPackedPackage } from "./package-install";

export type { CommandResult, ExportedResource, PreviewJson, PreviewStep, StackExport };
export type PulumiRunOptions = RunOptions;

export interface ProjectOptions extends Pick<
  HarnessOptions,
  "stack" | "config" | "secrets" | "env" | "nodeModules"
> {
  /** A directory with a Pulumi.yaml and its program; copied, never modified. */
  programDir: string;
}

export class PulumiProject extends Project {
  static async create(options: ProjectOptions): Promise<PulumiProject> {
    const project = new PulumiProject({
      ...options,
      pulumiDir: pulumiBinDir(),
      rootPrefix: "okta-prov-e2e-",
      passphrase: "e2e-passphrase-not-a-secret",
      nodeModules:
        options.nodeModules ?? process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage(),
    });
    await project.init();
    return project;
  }
}
