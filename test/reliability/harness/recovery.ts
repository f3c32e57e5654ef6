/**
 * What Pulumi tells a user to do after an update was killed: remove the dead update's lock (`pulumi cancel`, as the
 * locked-stack error says), `pulumi refresh`, then clear the pending operations it left (`pulumi stack export`,
 * remove `pending_operations`, `pulumi stack import`), then update.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiProject } from "../../e2e/harness/project";

export interface Recovery {
  /** Operations the killed update had begun and not finished, as the state recorded them. */
  pendingOperations: number;
  /** Resources the state held right after the kill. */
  resourcesAtKill: number;
  /** Whether the dead update's lock had to be removed with `pulumi cancel`. */
  cancelled: boolean;
}

interface Deployment {
  deployment: { resources?: unknown[]; pending_operations?: unknown[] };
}

export async function recoverAfterKill(project: PulumiProject): Promise<Recovery> {
  const before = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as Deployment;
  const pendingOperations = before.deployment.pending_operations?.length ?? 0;
  const resourcesAtKill = before.deployment.resources?.length ?? 0;
  // The pending creates are dropped here rather than imported: our creates are repeatable (the next up POSTs the
  // same connection, PUTs the same capabilities), so what the dead update half-did is simply done again.
  const refresh = ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"];
  const locked = await project.pulumi(refresh);
  if (locked.code !== 0) {
    if (!/currently locked/.test(locked.stderr)) throw new Error(`pulumi refresh failed: ${locked.stderr}`);
    await project.pulumiOk(["cancel", "--yes"]);
    await project.pulumiOk(refresh);
  }
  const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as Deployment;
  if (exported.deployment.pending_operations?.length) {
    delete exported.deployment.pending_operations;
    const file = path.join(path.dirname(project.dir), "state-without-pending.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    await project.pulumiOk(["stack", "import", "--file", file]);
    fs.rmSync(file);
  }
  return { pendingOperations, resourcesAtKill, cancelled: locked.code !== 0 };
}
