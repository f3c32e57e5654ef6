/**
 * The package as npm ships it (issue 30): what a user finds in node_modules after `npm install` of the tarball, and
 * what npm shows of it. The README's links must resolve inside the package, the license must be there, source maps
 * must not point at files that are not shipped, and installing it must not ask to run a script of ours.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./harness/engine";
import { NODE_22 } from "./harness/node-versions";

const installed = () =>
  path.join(process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string, "pulumi-okta-provisioning");

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("the package as installed from its tarball", () => {
  const pkg = () => JSON.parse(fs.readFileSync(path.join(installed(), "package.json"), "utf8"));

  it("resolves every relative link and image of its README inside the package", () => {
    const readme = fs.readFileSync(path.join(installed(), "README.md"), "utf8");
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1])
      .filter((t) => !/^[a-z]+:|^#/.test(t))
      .map((t) => t.split("#")[0]);
    expect(targets.length).toBeGreaterThan(10);
    const missing = targets.filter((t) => !fs.existsSync(path.join(installed(), t)));
    expect(missing).toEqual([]);
  });

  it("names its repository, where npm resolves the README's links and users file issues", () => {
    expect(pkg().repository?.url).toMatch(
      /^git\+https:\/\/github\.com\/[\w.-]+\/pulumi-okta-provisioning\.git$/,
    );
    // The schema (the plugin's SDKs, pulumi import's code) names the same home.
    const schema = JSON.parse(fs.readFileSync(path.join(installed(), "schema.json"), "utf8"));
    expect(pkg().repository.url).toBe(`git+${schema.repository}.git`);
  });

  it("ships the Apache-2.0 license its package.json names", () => {
    expect(pkg().license).toBe("Apache-2.0");
    const text = fs.readFileSync(path.join(installed(), "LICENSE"), "utf8");
    expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(text).toContain("END OF TERMS AND CONDITIONS");
  });

  it("has no source map that points at a file it does not ship", () => {
    const maps = filesUnder(installed()).filter((f) => f.endsWith(".map"));
    const dangling = maps.flatMap((map) => {
      const { sources = [] } = JSON.parse(fs.readFileSync(path.join(installed(), map), "utf8")) as {
        sources?: string[];
      };
      return sources
        .map((s) => path.join(path.dirname(path.join(installed(), map)), s))
        .filter((s) => !fs.existsSync(s))
        .map((s) => path.relative(installed(), s));
    });
    expect(dangling).toEqual([]);
  });

  it("asks npm to run no script of its own at install (npm 11 lists those awaiting approval)", () => {
    const scripts = Object.keys(pkg().scripts ?? {});
    expect(scripts.filter((s) => ["preinstall", "install", "postinstall", "prepare"].includes(s))).toEqual(
      [],
    );
  });

  it("ships no script that cannot run from the package (each needs only what is shipped beside it)", () => {
    const shipped = filesUnder(installed()).filter((f) => f.startsWith("scripts/") && f.endsWith(".sh"));
    for (const script of shipped) {
      const text = fs.readFileSync(path.join(installed(), script), "utf8");
      for (const m of text.matchAll(/\$REPO_DIR\/([\w./-]+)/g))
        expect({ script, needs: m[1], shipped: fs.existsSync(path.join(installed(), m[1])) }).toEqual({
          script,
          needs: m[1],
          shipped: true,
        });
    }
  });

  it("names the Node.js versions it is tested on, and its engines field agrees", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const tested = /Tested on Node\.js (\d+(?:(?:, | and )\d+)*)/.exec(readme)?.[1];
    expect(tested).toBeDefined();
    const majors = (tested as string).split(/, | and /).map(Number);
    expect(majors).toContain(Number(process.versions.node.split(".")[0]));
    // The other versions named are run by test/e2e/readme-first-hour.test.ts.
    expect(majors).toContain(Number(NODE_22.split(".")[0]));
    expect(pkg().engines.node).toBe(`>=${Math.min(...majors)}`);
  });
});
