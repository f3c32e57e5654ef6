import { liveThirdParties } from "../../acceptance/harness/target";

describe("a live acceptance run takes real third-party credentials, never invented ones", () => {
  it.each([
    [{}],
    [{ OKTA_ACCEPTANCE_ZSCALER_BASE_URL: "https://scim.zscalerbeta.net/1234567/890/scim" }],
    [{ OKTA_ACCEPTANCE_ZSCALER_TOKEN: "a-real-token" }],
    [{ OKTA_ACCEPTANCE_ZSCALER_BASE_URL: " ", OKTA_ACCEPTANCE_ZSCALER_TOKEN: "a-real-token" }],
  ])("refuses to start without a Zscaler tenant's base URL and token, naming both: %j", (env) => {
    expect(() => liveThirdParties(env)).toThrow(
      /needs a real Zscaler 2\.0 tenant: set OKTA_ACCEPTANCE_ZSCALER_BASE_URL .* and OKTA_ACCEPTANCE_ZSCALER_TOKEN/,
    );
  });

  it("takes them from the environment", () => {
    expect(
      liveThirdParties({
        OKTA_ACCEPTANCE_ZSCALER_BASE_URL: "https://scim.zscalerbeta.net/1234567/890/scim",
        OKTA_ACCEPTANCE_ZSCALER_TOKEN: "a-real-token",
      }),
    ).toEqual({
      zscaler: { baseUrl: "https://scim.zscalerbeta.net/1234567/890/scim", token: "a-real-token" },
    });
  });
});
