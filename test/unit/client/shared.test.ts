import { clientFor, resetSharedClients } from "../../../provider/client";
import { tokenOrg } from "./helpers";

afterEach(() => resetSharedClients());

it("gives every resource of a process the same client (and limiter) for the same org and credential", () => {
  const a = clientFor(tokenOrg("https://acme.okta.com"));
  expect(clientFor(tokenOrg("https://acme.okta.com"))).toBe(a);
  expect(
    clientFor({ ...tokenOrg("https://acme.okta.com"), auth: { kind: "apiToken", token: "another-token" } }),
  ).not.toBe(a);
  expect(clientFor(tokenOrg("https://other.okta.com"))).not.toBe(a);
  expect(a.orgUrl).toBe("https://acme.okta.com");
});
