import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseFailOn, review } from "../../../cli/review";
import { CliError } from "../../../cli/errors";
import { fixturePath } from "./fixtures";

describe("review({ from }) over a saved preview", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-unit-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--fail-on decides exit code 2", async () => {
    const from = fixturePath("drift");
    expect((await review({ from })).exitCode).toBe(0);
    expect((await review({ from, failOn: "drift" })).exitCode).toBe(2);
    expect((await review({ from, failOn: "changes" })).exitCode).toBe(2);
    expect((await review({ from, failOn: "destructive" })).exitCode).toBe(0);
    expect((await review({ from: fixturePath("delete"), failOn: "destructive" })).exitCode).toBe(2);
    expect((await review({ from: fixturePath("changes"), failOn: "drift" })).exitCode).toBe(0);
    expect((await review({ from: fixturePath("clean"), failOn: "changes" })).exitCode).toBe(0);
  });

  it("--fail-on takes several conditions: exit 2 when any holds", async () => {
    const both = ["drift", "destructive"] as const;
    expect((await review({ from: fixturePath("drift"), failOn: both })).exitCode).toBe(2);
    expect((await review({ from: fixturePath("delete"), failOn: both })).exitCode).toBe(2);
    expect((await review({ from: fixturePath("changes"), failOn: both })).exitCode).toBe(0);
    expect((await review({ from: fixturePath("clean"), failOn: both })).exitCode).toBe(0);
    expect(parseFailOn("drift,destructive")).toEqual(["drift", "destructive"]);
    expect(parseFailOn("drift")).toBe("drift");
    expect(() => parseFailOn("drift,destroy")).toThrow(
      '"destroy" is not a --fail-on condition: use one of never, drift, changes, destructive, or several joined by commas',
    );
  });

  it("writes JSON with the documented fields", async () => {
    const out = path.join(dir, "review.json");
    await review({ from: fixturePath("changes"), format: "json", out, stack: "dev" });
    const json = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(json.stack).toBe("dev");
    expect(json.summary).toMatchObject({ drifted: 0, create: 0, update: 2, replace: 0, delete: 0 });
    expect(json.changes[0]).toEqual(
      expect.objectContaining({
        urn: expect.any(String),
        type: expect.any(String),
        name: expect.any(String),
        op: "update",
      }),
    );
    expect(json.changes[0].properties[0]).toEqual(
      expect.objectContaining({ path: expect.any(String), before: expect.anything() }),
    );
  });

  it("writes the full report next to a trimmed one", async () => {
    const out = path.join(dir, "review.md");
    const result = await review({ from: fixturePath("drift"), out, limit: 800 });
    expect(result.written).toEqual([out, path.join(dir, "review.full.md")]);
    expect(fs.readFileSync(out, "utf8")).toContain("review.full.md");
    expect(fs.readFileSync(path.join(dir, "review.full.md"), "utf8")).not.toContain("Trimmed");
  });

  it("fails with one line for a missing or foreign file", async () => {
    await expect(review({ from: path.join(dir, "nope.json") })).rejects.toThrow(
      new CliError(`cannot read ${path.join(dir, "nope.json")}: no such file`),
    );
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, "Previewing update (dev):");
    await expect(review({ from: bad })).rejects.toThrow(
      /is not JSON: expected the output of `pulumi preview --refresh --json`/,
    );
  });

  it("needs a stack when it runs the preview itself", async () => {
    await expect(review({})).rejects.toThrow(
      "--stack NAME is required (or --from FILE with a saved preview)",
    );
  });
});
