import * as path from "node:path";
import { PulumiProject } from "./harness/project";

jest.setTimeout(300_000);

describe("the real Pulumi engine on this machine", () => {
  let project: PulumiProject;

  beforeAll(async () => {
    project = await PulumiProject.create({ programDir: path.join(__dirname, "programs", "smoke") });
  });
  afterAll(() => project?.cleanup());

  it("takes a dynamic resource through up, a no-change preview, refresh and destroy", async () => {
    await project.up();
    const outputs = await project.outputs();
    expect(outputs.length).toBe(5);
    // The program imported this package from the npm-packed tarball.
    expect(outputs.packageExports).toEqual(expect.arrayContaining(["ProvisioningConnection"]));

    const preview = await project.previewJson();
    expect(preview.changeSummary).toEqual({ same: 2 });
    await project.pulumiOk(["preview", "--expect-no-changes"]);

    await project.refresh();
    const resources = await project.resources();
    expect(
      resources.find((r) => r.type === "pulumi-nodejs:dynamic/okta-provisioning:Echo")?.outputs?.length,
    ).toBe(5);

    await project.setConfig("okta-provisioning-smoke:message", "changed");
    const replace = await project.previewJson();
    expect(replace.changeSummary).toMatchObject({ replace: 1 });

    await project.destroy();
    expect((await project.resources()).length).toBe(0);
  });
});
