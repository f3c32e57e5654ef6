import * as pulumi from "@pulumi/pulumi";
import { ProvisioningConnection, ProvisioningFeature } from "pulumi-okta-provisioning";

const config = new pulumi.Config();

// The org this app provisions with: its URL and one of its API tokens. Okta verifies the token against that org
// when the connection is saved and activated, and refuses one it does not accept.
const org2org = new ProvisioningConnection("org2org", {
  appId: config.require("appId"),
  appName: "okta_org2org",
  authScheme: "TOKEN",
  token: config.requireSecret("targetOrgApiToken"),
  baseUrl: config.require("targetOrgUrl"),
});

// To Okta: a full import every Sunday night and an incremental one every 6 hours, users matched by email.
const imports = new ProvisioningFeature("org2org-import", {
  connection: org2org,
  name: "INBOUND_PROVISIONING",
  capabilities: {
    importSettings: {
      username: { usernameFormat: "EMAIL" },
      schedule: {
        status: "ENABLED",
        fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
        incrementalImport: { expression: "0 */6 * * *", timezone: "America/New_York" },
      },
    },
    importRules: {
      userCreateAndMatch: {
        exactMatchCriteria: "EMAIL",
        allowPartialMatch: false,
        autoConfirmPartialMatch: false,
        autoConfirmExactMatch: true,
        autoConfirmNewUsers: false,
        autoActivateNewUsers: true,
      },
    },
  },
});

export const importStatus = imports.status;
export const schedule = imports.capabilities;
