import { ProvisioningConnection, ProvisioningFeature } from "../../../sdk";

describe("the import resource option", () => {
  it("fails at once in the constructor, saying why and pointing to adopt", () => {
    expect(
      () =>
        new ProvisioningConnection(
          "zscaler",
          { appId: "0oa1gjh63g214q0Hq0g4", authScheme: "TOKEN", token: "t" },
          { import: "0oa1gjh63g214q0Hq0g4" },
        ),
    ).toThrow(
      /ProvisioningConnection "zscaler": the `import` resource option does not work.*pulumi\/pulumi#16175.*adopt: true/,
    );
    expect(
      () =>
        new ProvisioningFeature(
          "push",
          { appId: "0oa1gjh63g214q0Hq0g4", name: "USER_PROVISIONING" },
          { import: "x" },
        ),
    ).toThrow(/adopt: true/);
  });
});
