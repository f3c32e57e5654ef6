import * as fs from "node:fs";
import * as path from "node:path";

const { reference } = require("../../scripts/reference.js") as { reference: () => string };

describe("the README's resource reference", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

  it("is the one generated from schema.json (run `npm run generate` after changing the schema)", () => {
    expect(readme).toContain(reference());
  });

  it("documents every input of every resource", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8"));
    for (const resource of Object.values(schema.resources) as Array<{ inputProperties: object }>) {
      for (const name of Object.keys(resource.inputProperties)) expect(readme).toContain(`| \`${name}\` |`);
    }
  });
});
