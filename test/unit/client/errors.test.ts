import {
  createOktaClient,
  isMissingBelowApp,
  isNotFound,
  isProvisioningNotEnabled,
  OktaApiError,
} from "../../../provider/client";
import type { OrgConnection } from "../../../provider/orgs";
import { generateKeyPairSync } from "node:crypto";
import {
  API_TOKEN,
  caught,
  expectNoSecret,
  oktaError,
  serviceAppOrg,
  startServer,
  tokenOrg,
  VirtualClock,
  type TestServer,
} from "./helpers";

const APP_ID = "0oa1234567890abcdefg";
const FEATURE = `/api/v1/apps/${APP_ID}/features/USER_PROVISIONING`;

/** Answers GET/PUT on FEATURE with whatever the test put in `next`. */
let server: TestServer;
let next: { status: number; body: unknown } = { status: 200, body: {} };
beforeAll(async () => {
  server = await startServer((app) => {
    const handler = async (_req: unknown, reply: import("fastify").FastifyReply) =>
      reply.code(next.status).header("X-Okta-Request-Id", "reqABC123").send(next.body);
    app.get(FEATURE, handler);
    app.put(FEATURE, handler);
  });
});
afterAll(() => server.close());

async function fail(status: number, body: unknown, method: "GET" | "PUT" = "GET", org?: OrgConnection) {
  next = { status, body };
  const client = createOktaClient(org ?? tokenOrg(server.url), { clock: new VirtualClock() });
  const err = await caught(
    client.request({
      method,
      path: FEATURE,
      body: method === "PUT" ? {} : undefined,
      operation: "updateFeatureForApplication",
    }),
  );
  expect(err).toBeInstanceOf(OktaApiError);
  expectNoSecret(err, [API_TOKEN, "SSWS"]);
  return err as OktaApiError;
}

const jwtOrg = (url: string): OrgConnection =>
  serviceAppOrg(url, {
    clientId: "0oaSvc",
    privateKey: String(
      generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }),
    ),
    scopes: ["okta.apps.read"],
  });

it("keeps Okta's fields on the error", async () => {
  const err = await fail(
    400,
    oktaError("E0000001", "Api validation failed: capabilities", ["seed: must be OKTA or RANDOM"]),
    "PUT",
  );
  expect(err).toMatchObject({
    status: 400,
    errorCode: "E0000001",
    errorSummary: "Api validation failed: capabilities",
    errorCauses: ["seed: must be OKTA or RANDOM"],
    errorId: "oaeTestErrorId",
    requestId: "reqABC123",
    operation: "updateFeatureForApplication",
    method: "PUT",
    path: FEATURE,
  });
  expect(err.message).toContain("seed: must be OKTA or RANDOM");
  expect(err.message).toContain("reqABC123");
});

it("401: the credentials are invalid for this org, and how to set them", async () => {
  const err = await fail(401, oktaError("E0000011", "Invalid token provided"));
  expect(err.message).toContain(`The API token for ${server.url} is invalid or expired`);
  expect(err.message).toContain("pulumi config set --secret okta:apiToken");
  expect(err.message).toContain("OKTA_API_TOKEN");
});

it("401 for a named org points at that org's key", async () => {
  const err = await fail(
    401,
    oktaError("E0000011", "Invalid token provided"),
    "GET",
    tokenOrg(server.url, { alias: "emea" }),
  );
  expect(err.message).toContain('org "emea"');
  expect(err.message).toContain("okta-provisioning:orgs.emea.apiToken");
});

it("403 for a service app names the scope a write needs", async () => {
  const org = jwtOrg(server.url);
  // A token endpoint is not needed: the 403 comes from the API once a token is held.
  const client = createOktaClient(org, {
    wrapTransport: (send) => async (req) =>
      req.url.endsWith("/oauth2/v1/token")
        ? { status: 200, data: { access_token: "at-1", expires_in: 3600 }, headers: {} }
        : send(req),
  });
  next = {
    status: 403,
    body: oktaError("E0000006", "You do not have permission to perform the requested action"),
  };
  const err = await caught(client.request({ method: "PUT", path: FEATURE, body: {} }));
  expect(err.message).toContain("okta.apps.manage");
  expect(err.message).toMatch(/writes/);
  expectNoSecret(err, ["at-1"]);

  const read = await caught(client.request({ method: "GET", path: FEATURE }));
  expect(read.message).toContain("okta.apps.read scope (needed for reads");
});

it("403 for an API token says the token's admin lacks rights", async () => {
  const err = await fail(
    403,
    oktaError("E0000006", "You do not have permission to perform the requested action"),
    "PUT",
  );
  expect(err.message).toContain(
    `Not permitted to update the USER_PROVISIONING feature of app ${APP_ID} in ${server.url}`,
  );
  expect(err.message).toMatch(/admin who can manage this app/);
});

it("404: the app id was not found in the org", async () => {
  const err = await fail(
    404,
    oktaError("E0000007", `Not found: Resource not found: ${APP_ID} (AppInstance)`),
  );
  expect(isNotFound(err)).toBe(true);
  expect(err.message).toContain(`The app ${APP_ID} was not found in ${server.url}`);
  expect(err.message).toContain("check appId");
});

it("404 naming something below the app (recorded: PublicAppFeatureSetName) does not say the app was not found", async () => {
  const err = await fail(
    404,
    oktaError("E0000007", "Not found: Resource not found: INVALID_FEATURE_TYPE (PublicAppFeatureSetName)"),
  );
  expect(isNotFound(err)).toBe(true);
  expect(isMissingBelowApp(err)).toBe(true);
  expect(err.message).toContain(`Okta found no such PublicAppFeatureSetName for app ${APP_ID}`);
  expect(err.message).not.toMatch(/was not found|check appId/);
});

it("400 provisioning not enabled: enable the connection first", async () => {
  const err = await fail(
    400,
    oktaError("E0000001", "Api validation failed", ["Provisioning is not enabled for the app instance."]),
  );
  expect(isProvisioningNotEnabled(err)).toBe(true);
  expect(isNotFound(err)).toBe(false);
  expect(err.message).toMatch(/enable the app's provisioning connection first/);
  expect(err.message).toContain("ProvisioningConnection with enabled: true");
});

it("an answer that is not Okta's error format still gives a useful message", async () => {
  const err = await fail(502, "<html>Bad gateway</html>", "PUT");
  expect(err.status).toBe(502);
  expect(err.errorCauses).toEqual([]);
});

it("never repeats a secret a server echoes back", async () => {
  const err = await fail(400, oktaError("E0000001", `Bad token ${API_TOKEN}`));
  expect(err.message).toContain("[redacted]");
});

it("logs method, path, status and time, but no header, body or query", async () => {
  next = { status: 200, body: { secretInBody: "body-secret" } };
  const lines: string[] = [];
  const client = createOktaClient(tokenOrg(server.url), { log: (l) => lines.push(l) });
  await client.request({
    method: "PUT",
    path: FEATURE,
    query: { code: "one-time-code" },
    body: { token: "body-secret" },
  });
  expect(lines.join("\n")).toMatch(new RegExp(`PUT ${FEATURE} 200 in \\d+ ms`));
  for (const secret of [API_TOKEN, "body-secret", "one-time-code"])
    expect(lines.join("\n")).not.toContain(secret);
});

it("refuses a path that could leave the org's API", async () => {
  const client = createOktaClient(tokenOrg(server.url));
  for (const path of [
    "//evil.example/x",
    "https://evil.example/",
    "/api/v1/apps/../../x",
    "/api?x=1",
    "api/v1/apps",
  ]) {
    await expect(client.request({ method: "GET", path })).rejects.toThrow(/unexpected path/);
  }
});

it("names what was attempted in words, never Okta's operation ids", async () => {
  for (const [status, method] of [
    [403, "GET"],
    [429, "PUT"],
    [503, "GET"],
    [409, "PUT"],
  ] as const) {
    const err = await fail(status, oktaError(`E00000${status}`, "refused"), method);
    expect(err.message).not.toMatch(/[a-z]+(ForApplication|Applications?)\b|\b(GET|PUT) \//);
    expect(err.message).toContain(
      `${method === "GET" ? "read" : "update"} the USER_PROVISIONING feature of app ${APP_ID}`,
    );
  }
});
