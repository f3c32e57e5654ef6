/**
 * A pre-configured org for adoption tests: many apps in mixed states, as a real org that clicked provisioning
 * together in the Admin Console would have. Deterministic: app i always gets the same configuration.
 */
import { defaultCapabilities, mergeCapabilities } from "./features";
import { newApp, type AppRecord, type OrgRecord } from "./store";

export interface SeedOptions {
  /** How many extra configured-or-not apps to add (in mixed states). `"mixed"` as a preset means 40. */
  configuredApps?: number;
}

const ROTATION = [
  "zscalerbyz",
  "okta_org2org",
  "google",
  "office365",
  "slack",
  "zoomus",
  "okta_org2org",
  "bookmark",
];

function configure(app: AppRecord, i: number): void {
  const enabled = i % 3 !== 2;
  switch (app.name) {
    case "zscalerbyz":
      app.connection = {
        authScheme: "TOKEN",
        status: enabled ? "ENABLED" : "DISABLED",
        baseUrl: `https://scim.zscaler.example/${1000 + i}/scim`,
      };
      break;
    case "okta_org2org":
      app.connection =
        i % 2 === 0
          ? { authScheme: "TOKEN", status: enabled ? "ENABLED" : "DISABLED" }
          : {
              authScheme: "OAUTH2",
              status: enabled ? "ENABLED" : "DISABLED",
              clientId: `0oaTarget${String(i).padStart(11, "0")}`,
              rotationMode: "AUTO",
            };
      break;
    case "bookmark":
      return;
    default:
      // Three-legged OAuth: enabled ones went through consent; others wait for it.
      app.connection = enabled
        ? { authScheme: "OAUTH2", status: "ENABLED", consentGranted: true, consentState: `seeded-${i}` }
        : { authScheme: "OAUTH2", status: "DISABLED", consentGranted: false, consentState: `seeded-${i}` };
  }
  if (app.connection?.status !== "ENABLED") return;
  app.features.USER_PROVISIONING = mergeCapabilities(defaultCapabilities("USER_PROVISIONING"), {
    create: { lifecycleCreate: { status: i % 2 ? "ENABLED" : "DISABLED" } },
    update: {
      profile: { status: i % 4 === 0 ? "DISABLED" : "ENABLED" },
      lifecycleDeactivate: { status: i % 5 === 0 ? "ENABLED" : "DISABLED" },
      password: {
        status: i % 6 === 0 ? "ENABLED" : "DISABLED",
        seed: i % 2 ? "OKTA" : "RANDOM",
        change: i % 3 ? "CHANGE" : "KEEP_EXISTING",
      },
    },
  });
  if (app.name === "okta_org2org" && i % 4 === 1) {
    app.features.INBOUND_PROVISIONING = mergeCapabilities(defaultCapabilities("INBOUND_PROVISIONING"), {
      importSettings: {
        schedule: {
          status: "ENABLED",
          fullImport: { expression: "0 2 * * 0", timezone: "America/New_York" },
          incrementalImport: { expression: "0 */3 * * *", timezone: "Europe/Berlin" },
        },
      },
      importRules: { userCreateAndMatch: { exactMatchCriteria: "USERNAME", autoConfirmExactMatch: true } },
    });
  }
}

export function seedMixed(org: OrgRecord, count: number): void {
  for (let i = 0; i < count; i++) {
    const name = ROTATION[i % ROTATION.length];
    const app = newApp(name, `${name} ${i + 1} (preset)`);
    configure(app, i);
    org.apps.push(app);
  }
}
