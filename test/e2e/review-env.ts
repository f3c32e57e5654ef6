import type { PulumiProject } from "./harness/project";

/**
 * The environment the harness gives its `pulumi` commands, for a process of ours that runs pulumi itself (the
 * review command, a rollout): the harness's own, so the two cannot drift apart.
 */
export function pulumiEnvOf(project: PulumiProject): NodeJS.ProcessEnv {
  return { ...project.env };
}
