import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { orgOfStack } from "../../../cli/rollout/workspace";

/** Stacks of one org never run at once: the rollout reads each stack's org from its config file. */
describe("the org a stack points at", () => {
  let dir: string;
  const stackFile = (stack: string, config: Record<string, string>) =>
    fs.writeFileSync(
      path.join(dir, `Pulumi.${stack}.yaml`),
      `config:\n${Object.entries(config)
        .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
        .join("\n")}\n`,
    );
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-org-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads a dynamic stack's and a plugin stack's keys alike", () => {
    stackFile("dyn", { "okta:orgName": "Acme", "okta:baseUrl": "oktapreview.com" });
    stackFile("plugin", {
      "okta-provisioning:orgName": "acme",
      "okta-provisioning:baseUrl": "oktapreview.com",
    });
    stackFile("url", { "okta-provisioning:orgUrl": "https://ACME.oktapreview.com/" });
    // One org, however it is named: one key, so its stacks are never updated at once.
    expect(orgOfStack(dir, "dyn")).toBe("https://acme.oktapreview.com");
    expect(orgOfStack(dir, "plugin")).toBe("https://acme.oktapreview.com");
    expect(orgOfStack(dir, "org/project/url")).toBe("https://acme.oktapreview.com");
    expect(orgOfStack(dir, "missing")).toBeUndefined();
  });
});
