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
