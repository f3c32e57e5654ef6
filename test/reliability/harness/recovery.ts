/**
 * What Pulumi tells a user to do after an update was killed: remove the dead update's lock (`pulumi cancel`, as the
 * locked-stack error says), `pulumi refresh`, then clear the pending operations it left (`pulumi stack export`,
 * remove `pending_operations`, `pulumi stack import`), then update. One step more on a file backend when the kill
 * tore the state file's sidecar (below).
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
  /** Empty `.attrs` sidecars of the file backend that had to be removed before the state would load. */
  emptySidecarsRemoved: string[];
}

interface Deployment {
  deployment: { resources?: unknown[]; pending_operations?: unknown[] };
}

/**
 * Pulumi's file backend (gocloud's fileblob) writes a checkpoint by rename, atomically, but its `.attrs` sidecar
 * (content type and MD5) in place: a kill between creating and filling it leaves it empty, and every command then
 * fails with "failed to load checkpoint: EOF" although the checkpoint is whole. The backend reads a blob without a
 * sidecar, so removing the empty one is the repair (docs/reliability.md tells users the same).
 */
function removeEmptySidecars(project: PulumiProject): string[] {
  const stacks = path.join(project.root, "backend", ".pulumi", "stacks");
  const empty = fs
    .readdirSync(stacks, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(stacks, f))
    .filter((f) => f.endsWith(".attrs") && fs.statSync(f).size === 0);
  for (const file of empty) fs.rmSync(file);
  return empty;
}

export async function recoverAfterKill(project: PulumiProject): Promise<Recovery> {
  let exportedAtKill = await project.pulumi(["stack", "export"]);
  const emptySidecarsRemoved =
    exportedAtKill.code !== 0 && /failed to load checkpoint: EOF/.test(exportedAtKill.stderr)
      ? removeEmptySidecars(project)
      : [];
  if (emptySidecarsRemoved.length > 0) exportedAtKill = await project.pulumi(["stack", "export"]);
  if (exportedAtKill.code !== 0) throw new Error(`pulumi stack export failed: ${exportedAtKill.stderr}`);
  const before = JSON.parse(exportedAtKill.stdout) as Deployment;
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
  return { pendingOperations, resourcesAtKill, cancelled: locked.code !== 0, emptySidecarsRemoved };
}
