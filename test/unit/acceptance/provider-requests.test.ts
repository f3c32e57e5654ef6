import { providerRequests, writes } from "../../acceptance/harness/provider-requests";

/** What `pulumi up` prints with OKTA_PROVISIONING_DEBUG=1: each line as it happens and again under Diagnostics. */
const output = (lines: string[]) =>
  [
    "Updating (acc):",
    ...lines.map((l) => `    ${l}`),
    "",
    "Diagnostics:",
    ...lines.map((l) => `    ${l}`),
    "",
  ].join("\n");

describe("the acceptance suite's reading of the provider's request log", () => {
  it("counts each request Okta answered once, from the Diagnostics summary", () => {
    const up = output([
      "okta: GET /api/v1/apps/0oa1/connections/default 200 in 12 ms",
      "okta: PUT /api/v1/apps/0oa1/features/USER_PROVISIONING 200 in 30 ms",
    ]);
    expect(providerRequests({ stdout: up, stderr: "" })).toEqual([
      "GET /api/v1/apps/0oa1/connections/default",
      "PUT /api/v1/apps/0oa1/features/USER_PROVISIONING",
    ]);
  });

  // An org's bucket is shared with the suite's own admin calls, so at 20 a minute the provider meets 429s: Okta
  // refuses such a request without acting on it, and the provider sends it again after the reset.
  it("does not count a request Okta refused with 429 as sent, only its retry", () => {
    const up = output([
      "okta: PUT /api/v1/apps/0oa1/features/USER_PROVISIONING 429 in 8 ms",
      "okta: rate limited, retrying in 41000 ms",
      "okta: PUT /api/v1/apps/0oa1/features/USER_PROVISIONING 200 in 25 ms",
    ]);
    expect(writes(providerRequests({ stdout: "", stderr: up }))).toEqual([
      "PUT /api/v1/apps/0oa1/features/USER_PROVISIONING",
    ]);
  });

  it("counts a write Okta answered with an error, which may have changed nothing but was not refused for pace", () => {
    const up = output(["okta: POST /api/v1/apps/0oa1/connections/default/lifecycle/activate 400 in 9 ms"]);
    expect(writes(providerRequests({ stdout: up, stderr: "" }))).toEqual([
      "POST /api/v1/apps/0oa1/connections/default/lifecycle/activate",
    ]);
  });
});
