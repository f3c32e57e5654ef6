import { pulumiError } from "../../../cli/review/run-preview";

describe("a failed pulumi preview, in one line", () => {
  it("names an unknown stack", () => {
    const stderr = "error: no stack named 'nope' found\n";
    expect(pulumiError("", stderr, "nope", "/infra")).toBe(
      'stack "nope" not found in /infra (`pulumi stack ls` lists the stacks)',
    );
  });

  it("takes the first error of the JSON diagnostics", () => {
    const stdout = JSON.stringify({
      steps: [],
      diagnostics: [
        { severity: "info", message: "ok" },
        {
          severity: "error",
          message: "error: Missing required configuration variable 'x:y'\n\tplease set a value\n",
        },
      ],
    });
    expect(pulumiError(stdout, "error: preview failed\n", "dev", "/infra")).toBe(
      "pulumi preview failed for stack \"dev\": Missing required configuration variable 'x:y'",
    );
  });
});

describe("a program that fails to run, in one line", () => {
  // What Pulumi's JSON carries when the program does not compile: the first line only introduces the cause.
  const compileError =
    "Running program '/infra/index.ts' failed with an unhandled exception:\n" +
    "TSError: ⨯ Unable to compile TypeScript:\n" +
    "index.ts(16,61): error TS2353: Object literal may only specify known properties, and 'create' does not exist in type 'Input<CapabilitiesUpdateArgs>'.\n";

  it("carries the compiler's error, not a line that ends at the colon", () => {
    const stdout = JSON.stringify({ steps: [], diagnostics: [{ severity: "error", message: compileError }] });
    expect(pulumiError(stdout, "", "dev", "/infra")).toBe(
      "pulumi preview failed for stack \"dev\": Running program '/infra/index.ts' failed with an unhandled exception: " +
        "TSError: ⨯ Unable to compile TypeScript: index.ts(16,61): error TS2353: Object literal may only specify " +
        "known properties, and 'create' does not exist in type 'Input<CapabilitiesUpdateArgs>'.",
    );
  });

  it("carries a thrown error's message and leaves its stack trace out", () => {
    const stderr =
      "error: Running program '/infra/index.ts' failed with an unhandled exception:\n" +
      "    Error: zscalerAppId is not set\n        at Object.<anonymous> (/infra/index.ts:5:9)\n";
    expect(pulumiError("", stderr, "dev", "/infra")).toBe(
      "pulumi preview failed for stack \"dev\": Running program '/infra/index.ts' failed with an unhandled exception: " +
        "zscalerAppId is not set",
    );
  });
});
