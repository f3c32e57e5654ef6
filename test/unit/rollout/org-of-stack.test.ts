import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { orgOfStack } from "../../../cli/rollout/workspace";

/** Stacks of one org never run at once: the rollout must see one org however each stack's config names it. */
describe("orgOfStack", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "org-of-stack-"));
    const write = (stack: string, config: string) =>
      fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n${config}`);
    write("by-url", '  okta-provisioning:orgUrl: "https://Acme.okta.com/"\n');
    write("by-name", "  okta:orgName: acme\n  okta:apiToken:\n    secure: v1:abc\n");
    write("preview", "  okta:orgName: acme\n  okta:baseUrl: oktapreview.com\n");
    write("secret-url", "  okta-provisioning:orgUrl:\n    secure: v1:abc\n");
    write("broken", "  okta:orgName: https://acme.okta.com\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("names one org alike by its URL and by its name", () => {
    expect(orgOfStack(dir, "by-url")).toBe("https://acme.okta.com");
    expect(orgOfStack(dir, "org/project/by-name")).toBe("https://acme.okta.com");
    expect(orgOfStack(dir, "preview")).toBe("https://acme.oktapreview.com");
  });

  it("knows no org where the config does not say one (a secret, a bad value, no file)", () => {
    expect(orgOfStack(dir, "secret-url")).toBeUndefined();
    expect(orgOfStack(dir, "broken")).toBeUndefined();
    expect(orgOfStack(dir, "missing")).toBeUndefined();
  });
});
