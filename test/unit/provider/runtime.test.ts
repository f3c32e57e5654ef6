import { oktaClient, orgFor, setConfigSource } from "../../../provider/runtime";
import { resetSharedClients } from "../../../provider/client";
import { PROVIDER_CONFIG_KEYS } from "../../../provider/orgs";

/** A stack config that counts how often it is read. */
function countingConfig(values: Record<string, string>) {
  const source = { reads: 0, get: (key: string) => (source.reads++, values[key]) };
  return source;
}

afterEach(() => resetSharedClients());

describe("the provider process's orgs and clients", () => {
  it("reads an alias's org once per config, and hands every resource the same client", () => {
    const config = countingConfig({
      "okta-provisioning:orgUrl": "https://acme.okta.com",
      "okta:apiToken": "t-123456789",
    });
    setConfigSource(config);
    const client = oktaClient(undefined);
    const reads = config.reads;
    expect(oktaClient(undefined)).toBe(client);
    expect(oktaClient("")).toBe(client);
    expect(orgFor(undefined).url).toBe("https://acme.okta.com");
    expect(config.reads).toBe(reads);
  });

  it("reads again when configure hands over a new config (a changed org URL takes effect)", () => {
    setConfigSource(
      countingConfig({ "okta-provisioning:orgUrl": "https://acme.okta.com", "okta:apiToken": "t-123456789" }),
    );
    const before = oktaClient(undefined);
    setConfigSource(
      countingConfig({
        "okta-provisioning:orgUrl": "https://other.okta.com",
        "okta:apiToken": "t-123456789",
      }),
    );
    expect(orgFor(undefined).url).toBe("https://other.okta.com");
    expect(oktaClient(undefined)).not.toBe(before);
    expect(oktaClient(undefined).orgUrl).toBe("https://other.okta.com");
  });

  it("gives a fresh client after the shared ones are reset, for the same config", () => {
    setConfigSource(
      countingConfig({ "okta-provisioning:orgUrl": "https://acme.okta.com", "okta:apiToken": "t-123456789" }),
    );
    const before = oktaClient(undefined);
    resetSharedClients();
    expect(oktaClient(undefined)).not.toBe(before);
  });

  it("reads a native provider's own keys when told so, and its errors name them", () => {
    const config = { get: (key: string) => ({ "okta-provisioning:orgName": "acme" })[key] };
    setConfigSource(config, PROVIDER_CONFIG_KEYS);
    expect(() => orgFor(undefined)).toThrow(/pulumi config set --secret okta-provisioning:apiToken/);
    setConfigSource(config);
    expect(() => orgFor(undefined)).toThrow(/No Okta org is configured/);
  });

  it("does not remember a failure: the fixed config is read on the next call", () => {
    const values: Record<string, string> = { "okta-provisioning:orgUrl": "https://acme.okta.com" };
    setConfigSource({ get: (key) => values[key] });
    expect(() => orgFor(undefined)).toThrow(/No Okta credentials/);
    values["okta:apiToken"] = "t-123456789";
    expect(orgFor(undefined).auth.kind).toBe("apiToken");
  });
});
