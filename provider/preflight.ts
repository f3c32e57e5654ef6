/**
 * `pulumi preview` writes nothing, and a plan that changes something would otherwise make no call to Okta at all:
 * a wrong token or an unreachable org would first show as a failed `pulumi up`, halfway through a multi-org
 * program. So when a preview plans a change (check sees a create, diff an update), each org it touches is tried once,
 * with the cheapest read there is (the first app of the org), and a refusal fails the preview with the client's
 * own fix-it text. A preview without changes makes no call, and so does `pulumi up`: its writes are the check.
 */
import { findPulumiCli } from "./consent/browser-opener";
import { ProvisioningError } from "./errors";
import { listFirstApp } from "./okta-api";
import { oktaClient, orgFor } from "./runtime";
import type { OrgConnection } from "./orgs";
import { UNKNOWN } from "./validation";

/** `OKTA_PROVISIONING_PREVIEW_CHECK`: `0` never tries the credentials, `1` always (tests); else only under `pulumi preview`. */
const SWITCH = "OKTA_PROVISIONING_PREVIEW_CHECK";

let underPreview: boolean | undefined;

/** Whether the `pulumi` this provider runs under is a `pulumi preview` (also what review and rollout run). */
function isPreviewCommand(): boolean {
  const forced = process.env[SWITCH];
  if (forced === "0" || forced === "false") return false;
  if (forced === "1" || forced === "true") return true;
  if (underPreview === undefined) {
    const args = findPulumiCli()?.args ?? [];
    underPreview = args.slice(1).find((a) => !a.startsWith("-")) === "preview";
  }
  return underPreview;
}

/** One probe per org per process; a failure is kept, so every resource of that org reports it alike. */
const probes = new Map<OrgConnection, Promise<void>>();

/**
 * Before a preview shows a change for `resource`, try its org's credentials once. `alias` is the resource's `org`
 * input as check sees it (possibly still unknown, or invalid: then check's own failures speak instead).
 */
export async function checkOrgBeforeChange(alias: unknown, resource: string): Promise<void> {
  // Both doors: the dynamic-provider host and the native plugin run under the `pulumi` whose command is looked at.
  if (!isPreviewCommand()) return;
  if ((alias !== undefined && typeof alias !== "string") || alias === UNKNOWN) return;
  let org: OrgConnection;
  try {
    org = orgFor(alias || undefined);
  } catch {
    return; // A config error: check reports it on `org`.
  }
  let probe = probes.get(org);
  if (!probe) {
    probe = listFirstApp(oktaClient(alias || undefined)).then(() => undefined);
    probes.set(org, probe);
  }
  try {
    await probe;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ProvisioningError(
      `${resource}: ${reason} (pulumi preview tried the org's credentials with one read before showing this ` +
        `change; nothing was changed)`,
    );
  }
}

/** For tests: forget what was probed and how the command was detected. */
export function resetPreflight(): void {
  probes.clear();
  underPreview = undefined;
}
