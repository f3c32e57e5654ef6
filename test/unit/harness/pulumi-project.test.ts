import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiProject } from "../../../scripts/lib/pulumi-project";

/** The harness's layout, without running pulumi (the e2e tests run it on the real CLI). */
describe("a throwaway Pulumi project", () => {
  let project: PulumiProject | undefined;
  afterEach(() => project?.cleanup());

  it("copies the program without its stacks or node_modules, writes files, links modules and a backend", () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "harness-src-"));
    fs.writeFileSync(path.join(source, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    fs.writeFileSync(path.join(source, "Pulumi.dev.yaml"), "config: {}\n");
    fs.mkdirSync(path.join(source, "node_modules"));
    project = new PulumiProject({
      pulumiDir: "/opt/pulumi/bin",
      programDir: source,
      files: {
        "index.js": "module.exports = {};",
        "lib/copied": { copyFrom: path.join(source, "Pulumi.yaml") },
      },
    });
    const ls = fs.readdirSync(project.dir).sort();
    expect(ls).toEqual(["Pulumi.yaml", "index.js", "lib", "node_modules"]);
    expect(fs.readFileSync(path.join(project.dir, "lib", "copied"), "utf8")).toContain("name: p");
    // This repository's modules, and the package itself under its name, as a user's program has it.
    expect(fs.realpathSync(path.join(project.dir, "node_modules", "pulumi-okta-provisioning"))).toBe(
      fs.realpathSync(path.resolve(__dirname, "..", "..", "..")),
    );
    expect(fs.existsSync(path.join(project.root, "backend"))).toBe(true);
    fs.rmSync(source, { recursive: true, force: true });
  });

  it("gives pulumi a local backend and no OKTA_* variable of the developer's shell", () => {
    process.env.OKTA_API_TOKEN = "a-developer-token";
    try {
      project = new PulumiProject({ pulumiDir: "/opt/pulumi/bin", env: { EXTRA: "1" } });
      expect(project.env.OKTA_API_TOKEN).toBeUndefined();
      expect(project.env.PULUMI_BACKEND_URL).toBe(`file://${path.join(project.root, "backend")}`);
      expect(project.env.PATH.split(path.delimiter)[0]).toBe("/opt/pulumi/bin");
      expect(project.env.EXTRA).toBe("1");
    } finally {
      delete process.env.OKTA_API_TOKEN;
    }
  });

  // The acceptance suite hands a live org's API token to `config set --secret`: every user of the machine can read
  // a command's arguments (/proc/PID/cmdline), so the token must go on standard input.
  it("never puts a secret on a pulumi command line: secrets go on standard input", async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "harness-pulumi-"));
    const args = path.join(bin, "args.txt");
    const input = path.join(bin, "stdin.txt");
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> "${args}"\ncat >> "${input}"\n`,
      { mode: 0o755 },
    );
    const token = "00LiveAcceptanceToken-must-stay-off-argv";
    try {
      project = new PulumiProject({ pulumiDir: bin });
      await project.setConfigAll(
        { "okta-provisioning:orgUrl": "https://acme.okta.com" },
        { "okta:apiToken": token },
      );
      await project.setConfig("okta:apiToken", `${token}-2`, true);
      const commandLines = fs.readFileSync(args, "utf8");
      expect(commandLines).not.toContain(token);
      expect(commandLines).toContain("config set --secret okta:apiToken");
      expect(commandLines).toContain("okta-provisioning:orgUrl=https://acme.okta.com");
      expect(fs.readFileSync(input, "utf8")).toBe(`${token}\n${token}-2\n`);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
