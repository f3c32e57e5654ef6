import type { OktaClient, OktaRequest, OktaResponse } from "../../../provider/client";
import { scanOrg } from "../../../cli/adopt/scan";
import { interaction } from "../../conformance/harness/recordings";

const ORG = "https://acme.okta.com";
const APP = "0oarblaf7hWdLawNg1d7";

/** An org with one enabled Org2Org app whose features list holds the INBOUND_PROVISIONING Okta recorded. */
function orgWithRecordedInbound(): OktaClient {
  const recorded = interaction("tf-inbound-feature-read", 0).response.body;
  const connection = interaction("tf-org2org-connection-read", 0).response.body;
  return {
    orgUrl: ORG,
    limiterStats: () => ({ calls: 0, waits: 0, waitedMs: 0, rateLimited: 0, retries: 0 }),
    async request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
      const data =
        req.path === "/api/v1/apps"
          ? [{ id: APP, name: "okta_org2org", label: "Hub", signOnMode: "SAML_2_0" }]
          : req.path.endsWith("/features")
            ? [recorded]
            : connection;
      return { status: 200, data: data as T, headers: {} };
    },
  };
}

describe("adopt reads features in the program's words", () => {
  it("keeps Okta's userNameFormat as usernameFormat, leaves nothing out, and declares the target org's baseUrl", async () => {
    const scan = await scanOrg(orgWithRecordedInbound());
    const [app] = scan.adopted;
    expect(app.connection).toMatchObject({
      authScheme: "TOKEN",
      baseUrl: "https://integrator-8357679-admin.okta.com",
    });
    const [inbound] = app.features;
    expect(inbound.leftOut).toEqual([]);
    expect(inbound.capabilities).toMatchObject({ importSettings: { username: { usernameFormat: "EMAIL" } } });
  });
});
