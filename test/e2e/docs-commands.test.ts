/**
 * Every command block of docs/emulator.md and docs/adopt.md that a reader can paste is run here word for word, in a
 * fresh directory with the package installed from `npm pack` (so `npx okta-provisioning` is the reader's), and
 * the others say why they cannot be (issue 30: the emulator snippets read emulator.json before it was written).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./harness/engine";
import { docBlocks, runBash, type DocBlock } from "./harness/doc-blocks";

jest.setTimeout(300_000);

const FILES = ["docs/emulator.md", "docs/adopt.md"].map((f) => path.join(REPO_ROOT, f));
const BLOCKS = FILES.flatMap(docBlocks);
const RUN = BLOCKS.filter((b) => b.marker === "run");

/** What each block must have done, checked by a few lines run after it in the same shell. */
const AFTER: Record<string, string> = {
  "docs/emulator.md": `echo "ORG_URL=$ORG_URL"`,
  "docs/adopt.md": `test -f adopted/index.ts && echo adopted`,
};
const EXPECT: Record<string, RegExp> = {
  "docs/emulator.md": /^ORG_URL=http:\/\/127\.0\.0\.1:\d+$/m,
  "docs/adopt.md": /^adopted$/m,
};

const nameOf = (b: DocBlock) => `${path.relative(REPO_ROOT, b.file)}:${b.line}`;

describe("the documented commands", () => {
  it("every block of the emulator and adopt docs is run by this test or says why not", () => {
    expect(BLOCKS.filter((b) => !b.marker).map(nameOf)).toEqual([]);
    expect(RUN.map((b) => path.relative(REPO_ROOT, b.file)).sort()).toEqual([
      "docs/adopt.md",
      "docs/emulator.md",
    ]);
  });

  it.each(RUN.map((b) => [nameOf(b), b] as const))("%s runs as written", async (_name, block) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-provisioning-docs-"));
    try {
      // A reader's project: the package installed from `npm pack` (so `npx okta-provisioning` finds its bin).
      fs.symlinkSync(
        process.env.OKTA_PROVISIONING_E2E_NODE_MODULES as string,
        path.join(dir, "node_modules"),
      );
      const file = path.relative(REPO_ROOT, block.file);
      // Twice: a race with the emulator's start would not lose every time.
      for (let i = 0; i < 2; i++) {
        fs.rmSync(path.join(dir, "emulator.json"), { force: true });
        fs.rmSync(path.join(dir, "adopted"), { recursive: true, force: true });
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_")));
        const run = await runBash(`${block.text}\n${AFTER[file]}\n`, dir, env);
        expect({ code: run.code, output: run.output }).toMatchObject({ code: 0 });
        expect(run.output).toMatch(EXPECT[file]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
