/**
 * Small things a new user meets in the first hour (issue 30, "Polish"): help that reads like the other verbs, a
 * missing file named in words, an appId pasted as an Admin Console URL answered with the id it holds, no schema
 * compiler chatter on the emulator's stderr.
 */
import * as os from "node:os";
import * as path from "node:path";
import { program } from "../../../cli/index";
import { startEmulator } from "../../../emulator";
import { loadPlan } from "../../../cli/rollout/plan";
import { checkInputs } from "../../../provider/validation";
import { orgFailures, setConfigSource } from "../../../provider/runtime";

describe("the first hour's small things", () => {
  it("describes every verb in lower case, as the others do", () => {
    const verbs = program().commands.map((c) => [c.name(), c.description()]);
    expect(verbs.length).toBeGreaterThan(4);
    for (const [name, description] of verbs)
      expect({ name, first: description[0] }).toEqual({ name, first: description[0].toLowerCase() });
  });

  it("says 'no such file' for a rollout plan that is not there, not ENOENT", () => {
    const missing = path.join(os.tmpdir(), "okta-provisioning-no-such-plan.yaml");
    expect(() => loadPlan(missing)).toThrow(/cannot read the plan .*: no such file$/);
  });

  it("answers an appId pasted as an Admin Console URL with the id it contains", () => {
    const url = "https://acme-admin.okta.com/admin/app/zscalerbyz/instance/0oa1gjh63g214q0Hq0g4/#tab-general";
    const [failure] = checkInputs("ProvisioningFeature", { appId: url, name: "USER_PROVISIONING" });
    expect(failure).toMatchObject({ property: "appId" });
    expect(failure.reason).toContain('use "0oa1gjh63g214q0Hq0g4"');
  });

  it("starts the emulator without schema-compiler warnings on stderr", async () => {
    const writes: string[] = [];
    const spies = [
      jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        writes.push(String(chunk));
        return true;
      }),
      jest.spyOn(console, "warn").mockImplementation((...args) => void writes.push(args.join(" "))),
      jest.spyOn(console, "log").mockImplementation((...args) => void writes.push(args.join(" "))),
    ];
    try {
      const emulator = await startEmulator({ orgs: 1 });
      // Creating an app: the emulator checks the body against the spec's app schemas, compiled on first use.
      const org = emulator.orgs[0];
      await fetch(`${org.url}/api/v1/apps`, {
        method: "POST",
        headers: {
          authorization: `SSWS ${org.apiToken}`,
          accept: "application/json",
          "content-type": "application/json",
        },
        body: JSON.stringify({
          name: "bookmark",
          label: "Handbook",
          signOnMode: "BOOKMARK",
          settings: { app: { url: "https://handbook.example" } },
        }),
      });
      await emulator.close();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(writes.filter((w) => /unknown format|ignored in schema/.test(w))).toEqual([]);
  });
  it("blames no `org` input the program never set when the stack has no credentials", () => {
    setConfigSource({
      get: (key) => (key === "okta-provisioning:orgUrl" ? "https://acme.okta.com" : undefined),
    });
    const saved = process.env.OKTA_API_TOKEN;
    delete process.env.OKTA_API_TOKEN;
    try {
      const [failure] = orgFailures(undefined);
      expect(failure).toMatchObject({
        property: "",
        reason: expect.stringMatching(/^No Okta credentials for/),
      });
    } finally {
      if (saved !== undefined) process.env.OKTA_API_TOKEN = saved;
    }
  });
});
