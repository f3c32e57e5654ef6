/**
 * adopt writes into a directory the caller chose, which may be shared: its temporary files must never be written
 * through a symbolic link someone planted there, and a link at a generated file's name is replaced, not followed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFiles } from "../../../cli/adopt/output-dir";

describe("adopt's generated files in a shared directory", () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-out-"))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("does not write through links planted at the temporary or the final names", () => {
    const out = path.join(tmp, "program");
    fs.mkdirSync(out);
    const victim = path.join(tmp, "victim.txt");
    fs.writeFileSync(victim, "someone else's file\n");
    // The names a writer of `<file>.<pid>.tmp` would use, and the file itself.
    fs.symlinkSync(victim, path.join(out, `index.ts.${process.pid}.tmp`));
    fs.symlinkSync(victim, path.join(out, "README.md"));
    writeFiles(out, { "index.ts": "// generated\n", "README.md": "# generated\n" });
    expect(fs.readFileSync(victim, "utf8")).toBe("someone else's file\n");
    expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toBe("// generated\n");
    expect(fs.lstatSync(path.join(out, "README.md")).isFile()).toBe(true);
    expect(
      fs
        .readdirSync(out)
        .filter((f) => f.endsWith(".tmp") && !fs.lstatSync(path.join(out, f)).isSymbolicLink()),
    ).toEqual([]);
  });
});
