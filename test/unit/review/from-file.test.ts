import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { review } from "../../../cli/review";
import { CliError } from "../../../cli/errors";
import { fixture, fixturePath } from "./fixtures";

/**
 * `--from FILE` must take nothing but a `pulumi preview --json` output: anything else (the review's own JSON report
 * fed back, a failed preview) would otherwise read as "no drift, no changes" and let a CI job pass.
 */
describe("review --from refuses what is not a successful pulumi preview", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-from-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const saved = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };
  const refusal = async (from: string): Promise<CliError> => {
    const err = await review({ from, failOn: "destructive" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CliError);
    const cli = err as CliError;
    expect(cli.exitCode).toBe(1);
    expect(cli.message).not.toContain("\n");
    return cli;
  };

  it("refuses the review's own JSON report, and says what to pass", async () => {
    const report = await review({ from: fixturePath("delete"), format: "json" });
    const file = saved("review.json", report.output);
    const err = await refusal(file);
    expect(err.message).toBe(
      `${file} is okta-provisioning review's own report, not a preview: pass the saved output of ` +
        "`pulumi preview --refresh --json` (for example `pulumi preview --refresh --json > preview.json`)",
    );
  });

  it.each([
    ["an object without steps", { hello: "world" }],
    ["an empty object", {}],
    ["a list", [{ op: "same", urn: "urn:pulumi:dev::p::t::n" }]],
    ["steps that are not a list", { steps: { op: "same" } }],
  ])("refuses %s", async (_what, content) => {
    const file = saved("other.json", content);
    expect((await refusal(file)).message).toBe(
      `${file} is not the output of \`pulumi preview --refresh --json\` (no "steps" list): ` +
        "pass the saved output of `pulumi preview --refresh --json`",
    );
  });

  it.each([
    ["a null step", { steps: [null] }, "steps[0] is not a preview step"],
    ["a step without an op", { steps: [{ urn: "urn:pulumi:dev::p::t::n" }] }, "steps[0] has no op"],
    [
      "a step without a urn",
      {
        steps: [
          { op: "same", urn: "urn:pulumi:dev::p::t::n" },
          { op: "update", urn: 4 },
        ],
      },
      "steps[1] has no urn",
    ],
    ["diagnostics that are not a list", { steps: [], diagnostics: "x" }, '"diagnostics" is not a list'],
    ["a null diagnostic", { steps: [], diagnostics: [null] }, "diagnostics[0] is not a diagnostic"],
  ])("refuses %s in one line, no TypeError", async (_what, content, reason) => {
    const file = saved("shape.json", content);
    const err = await refusal(file);
    expect(err.message).toBe(`${file} is not the output of \`pulumi preview --refresh --json\`: ${reason}`);
  });

  it("fails on a preview that failed (error diagnostics), naming its first error", async () => {
    const failed = {
      ...fixture("delete"),
      diagnostics: [
        { severity: "info#err", message: "a line the program wrote to stderr\n" },
        {
          severity: "error",
          urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
          message: "error: ProvisioningConnection of app 0oa1: Okta answered 401 E0000011\n\tmore detail\n",
        },
        { severity: "error", message: "error: preview failed\n" },
      ],
    };
    const file = saved("failed.json", failed);
    expect((await refusal(file)).message).toBe(
      `${file} is a failed preview, which cannot be reviewed: ProvisioningConnection of app 0oa1: ` +
        "Okta answered 401 E0000011 (fix it and preview again)",
    );
    // Without steps at all, as a preview that failed early prints it.
    const early = saved("early.json", { diagnostics: failed.diagnostics.slice(1) });
    expect((await refusal(early)).message).toMatch(/is a failed preview, which cannot be reviewed: /);
  });

  it("still reads a real preview with warnings and program output", async () => {
    const file = saved("ok.json", {
      ...fixture("clean"),
      diagnostics: [
        { severity: "warning", message: "warning: something to know\n" },
        { severity: "info#err", message: "progress\n" },
      ],
    });
    const result = await review({ from: file, failOn: "changes" });
    expect(result.exitCode).toBe(0);
  });
});
