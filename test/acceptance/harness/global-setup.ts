/**
 * Once per run, in jest's parent process: the Pulumi CLI and the package installed from `npm pack` (as for the e2e
 * tests), and, against a live org, whether it can have Org2Org apps at all (Integrator Free Plan orgs cannot: Okta
 * refuses to create them). The answer reaches the test workers through the environment, so the Org2Org scenarios
 * are listed as skipped, with Okta's reason, instead of failing.
 */
import e2eGlobalSetup from "../../e2e/harness/global-setup";
import { label } from "./labels";
import { OktaAdmin } from "./okta-admin";
import { org2orgApp } from "./oin-apps";
import { liveThirdParties, targetMode } from "./target";

export default async function globalSetup(): Promise<void> {
  // A live run without real third-party credentials stops here, before anything is built or created.
  if (targetMode() === "live") liveThirdParties();
  if (!process.env.OKTA_PROVISIONING_E2E_NODE_MODULES) await e2eGlobalSetup();
  if (targetMode() !== "live" || process.env.OKTA_ACCEPTANCE_NO_ORG2ORG !== undefined) return;
  const orgUrl = process.env.OKTA_ACCEPTANCE_ORG_URL!.trim().replace(/\/+$/, "");
  const admin = new OktaAdmin(orgUrl, process.env.OKTA_ACCEPTANCE_API_TOKEN!.trim());
  try {
    const probe = await admin.createApp(org2orgApp(label("org2org-probe"), orgUrl));
    await admin.deactivateAndDelete(probe.id);
    process.env.OKTA_ACCEPTANCE_NO_ORG2ORG = "";
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === undefined || status >= 500 || status === 401 || status === 429) throw err;
    process.env.OKTA_ACCEPTANCE_NO_ORG2ORG = `Okta refused to create an okta_org2org app (${status}): ${(err as Error).message.split("\n")[0]}`;
  }
}
