/**
 * Part 2, crashes: `pulumi up` of a 60-resource deployment killed with SIGKILL (the CLI, its language host and the
 * dynamic-provider process at once) early, midway and late. Each call is slowed by the emulator so the kill lands
 * with writes in flight. After refresh and clearing pending operations, the next `pulumi up` converges.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fleetProject, orgVersusProgram, startFleet, stateVersusOrg } from "./harness/fleet";
import { reportFigure } from "./harness/figures";
import { recoverAfterKill } from "./harness/recovery";
import { startPulumi } from "./harness/spawn";

jest.setTimeout(600_000);

const APPS = 30; // 30 connections + 30 features
const SLOW = "latency=400ms";
// Writes the org has served when the kill lands, out of the 60 the deployment needs.
const KILL_POINTS = [
  { at: "early", writes: 4 },
  { at: "midway", writes: 30 },
  { at: "late", writes: 54 },
];

const recovered: string[] = [];

afterAll(() => {
  reportFigure(
    "crashes",
    `${recovered.length}/${KILL_POINTS.length} SIGKILL points of a 60-resource up recovered (${recovered.join(", ")})`,
  );
});

describe("crashes: pulumi up killed with SIGKILL", () => {
  it.each(KILL_POINTS)(
    "recovers when killed $at (after $writes of 60 writes): refresh, clear pending operations, up converges",
    async ({ at, writes }) => {
      const fleet = await startFleet(APPS);
      const project = await fleetProject(fleet);
      try {
        const { emulator, org } = fleet;
        emulator.setFaults(org.name, SLOW);
        const up = startPulumi(project, ["up", "--yes", "--skip-preview"]);
        let killedAt: number | undefined;
        const watch = setInterval(() => {
          if (killedAt === undefined && emulator.counters(org.name).writes >= writes) {
            killedAt = emulator.counters(org.name).writes;
            up.kill();
          }
        }, 5);
        const result = await up.done;
        clearInterval(watch);
        emulator.setFaults(org.name, undefined);
        expect(killedAt).toBeDefined(); // killed mid-deployment, not after it finished
        expect(result.code).toBeNull();

        const recovery = await recoverAfterKill(project);
        const resumed = await project.pulumi(["up", "--yes", "--skip-preview"]);
        const applied = emulator.counters(org.name).writes;
        process.stderr.write(
          `crashes: killed ${at} after ${killedAt} writes; state then held ${recovery.resourcesAtKill} resources ` +
            `and ${recovery.pendingOperations} pending operations` +
            (recovery.emptySidecarsRemoved.length ? `; its empty .attrs sidecar removed` : "") +
            `; recovery up exited ${resumed.code} ` +
            `(${applied} writes in all)\n`,
        );
        expect(resumed.stderr).toBe("");
        expect(resumed.code).toBe(0);
        const resources = await project.resources();
        expect(resources.filter((r) => r.type.includes("dynamic/okta-provisioning:")).length).toBe(2 * APPS);
        expect(await orgVersusProgram(fleet)).toEqual([]);
        expect(await stateVersusOrg(project, fleet)).toEqual([]);
        await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"]);
        recovered.push(`${at} @${killedAt} writes`);
      } finally {
        project.cleanup();
        await fleet.emulator.close();
      }
    },
  );

  // Pulumi's file backend writes a checkpoint's `.attrs` sidecar in place (os.Create, then the JSON): a kill between
  // the two leaves it empty, and every command then fails with "failed to load checkpoint: EOF". Seen in CI at the
  // late kill point; made here directly, since where a kill lands cannot be chosen.
  it("recovers when the kill left the state file's sidecar empty: the checkpoint is whole, up converges", async () => {
    const fleet = await startFleet(3);
    const project = await fleetProject(fleet);
    try {
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const stacks = path.join(project.root, "backend", ".pulumi", "stacks");
      const [sidecar] = fs
        .readdirSync(stacks, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(`${project.stack}.json.attrs`));
      fs.writeFileSync(path.join(stacks, sidecar), "");
      expect((await project.pulumi(["stack", "export"])).stderr).toContain("failed to load checkpoint: EOF");

      const recovery = await recoverAfterKill(project);
      expect(recovery.emptySidecarsRemoved).toEqual([path.join(stacks, sidecar)]);
      expect(recovery.resourcesAtKill).toBe(1 + 1 + 6); // the stack, the dynamic provider, 3 apps × 2
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      expect(await stateVersusOrg(project, fleet)).toEqual([]);
      await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"]);
    } finally {
      project.cleanup();
      await fleet.emulator.close();
    }
  });
});
