/**
 * The rollout e2e tests' stacks: one per emulated org, of the one program test/e2e/programs/rollout, configured
 * here only, so the local rollout's test and the GitHub Actions workflow's test set up their orgs the same way.
 */
import * as path from "node:path";
import type { EmulatorOrg, ZscalerTenant } from "../../../emulator";
import { appOf } from "./emulator-helpers";
import type { PulumiProject } from "./project";

export const ROLLOUT_PROGRAM = path.join(__dirname, "..", "programs", "rollout");

export function setStackConfig(
  project: PulumiProject,
  stack: string,
  key: string,
  value: string,
  secret = false,
) {
  return project.pulumiOk([
    "config",
    "set",
    "--stack",
    stack,
    ...(secret ? ["--secret"] : []),
    key,
    "--",
    value,
  ]);
}

/**
 * Points `stack` at `org` with `apiToken` (default: the org's own), the Zscaler app of that org, and the SCIM base URL
 * and token of an emulated Zscaler tenant (the emulator verifies them as Okta does: an invented token is refused).
 */
export async function configureRolloutStack(
  project: PulumiProject,
  stack: string,
  org: EmulatorOrg,
  zscaler: Pick<ZscalerTenant, "baseUrl" | "token">,
  apiToken = org.apiToken,
): Promise<void> {
  await setStackConfig(project, stack, "okta-provisioning:orgUrl", org.url);
  await setStackConfig(project, stack, "okta:apiToken", apiToken, true);
  await setStackConfig(project, stack, "zscalerAppId", appOf(org, "zscalerbyz").id);
  await setStackConfig(project, stack, "zscalerToken", zscaler.token, true);
  await setStackConfig(project, stack, "zscalerBaseUrl", zscaler.baseUrl);
}
