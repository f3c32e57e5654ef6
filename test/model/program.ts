/**
 * A program state: which apps a Pulumi program manages and how, over every app kind and scheme. `declare` turns it
 * into the resources the SDK would register (sdk/connection.ts, feature.ts, consent.ts: the feature and the
 * consent take appId, appName and org from the connection, the consent its `enabled` and `profileRevision`, and the
 * features wait for the consent), and `arbitraryProgram` draws one at random.
 */
import fc from "fast-check";
import type { Decl } from "./engine";
import { ALIASES, APP_NAME, SLOTS, THREE_LEGGED, type Alias, type Slot, type World } from "./world";

export interface FeatureState {
  capabilities: Record<string, unknown>;
  retain: boolean;
  adopt: boolean;
}

export interface AppState {
  /** Which variant of the profile: a token and base URL, a client id, an admin password (0 or 1). */
  variant: 0 | 1;
  /** Org2Org only: OAuth 2.0 two-legged (with clientId) instead of a token. */
  oauth: boolean;
  signing?: "AUTO" | "MANUAL";
  enabled: boolean;
  adopt: boolean;
  org: Alias;
  /** The program passes appName (lets preview check), or leaves it to the provider's lookup. */
  givesAppName: boolean;
  retain: boolean;
  user?: FeatureState;
  inbound?: FeatureState;
}

export type Program = Partial<Record<Slot, AppState>>;

const ref = (name: string, output: string) => ({ ref: name, output });

function connectionProps(slot: Slot, s: AppState, appId: string, world: World): Record<string, unknown> {
  const base = {
    appId,
    org: s.org,
    enabled: s.enabled,
    adopt: s.adopt,
    appName: s.givesAppName ? APP_NAME[slot] : undefined,
  };
  switch (slot) {
    case "zscaler":
      return {
        ...base,
        authScheme: "TOKEN",
        token: world.zscaler[s.variant].token,
        baseUrl: world.zscaler[s.variant].baseUrl,
      };
    case "org2org":
      return s.oauth
        ? {
            ...base,
            authScheme: "OAUTH2",
            clientId: `0oaTarget0000000000${s.variant}`,
            signing: s.signing ? { rotationMode: s.signing } : undefined,
          }
        : // The org is its own Org2Org target: its URL, and one of its two API tokens.
          { ...base, authScheme: "TOKEN", token: world.org2orgTokens[s.variant], baseUrl: world.org.url };
    case "office365":
      return {
        ...base,
        authScheme: "OAUTH2",
        settings: { adminUsername: "admin@contoso.example", adminPassword: `pw-${s.variant}` },
      };
    default:
      return { ...base, authScheme: "OAUTH2" };
  }
}

/** The resources the SDK registers for `program`, in the order a program would declare them. */
export function declare(program: Program, world: World): Decl[] {
  const out: Decl[] = [];
  for (const slot of SLOTS) {
    const s = program[slot];
    if (!s) continue;
    const conn = `${slot}`;
    // The SDK's ProvisioningConnection also remembers the org the program gave (orgAlias) for its dependents.
    out.push({
      name: conn,
      kind: "ProvisioningConnection",
      props: connectionProps(slot, s, world.appIds.get(slot)!, world),
      retainOnDelete: s.retain,
    });
    const fromConnection = { appId: ref(conn, "appId"), appName: ref(conn, "appName"), org: s.org };
    const waitFor: string[] = [];
    if (THREE_LEGGED.includes(slot)) {
      out.push({
        name: `${slot}-consent`,
        kind: "OAuthConsent",
        props: {
          ...fromConnection,
          timeoutSeconds: 2,
          activate: ref(conn, "enabled"),
          profileRevision: ref(conn, "profileRevision"),
        },
        retainOnDelete: s.retain,
      });
      waitFor.push(`${slot}-consent`);
    }
    for (const [key, name] of [
      ["user", "USER_PROVISIONING"],
      ["inbound", "INBOUND_PROVISIONING"],
    ] as const) {
      const f = s[key];
      if (!f) continue;
      out.push({
        name: `${slot}-${key}`,
        kind: "ProvisioningFeature",
        props: { ...fromConnection, name, capabilities: f.capabilities, adopt: f.adopt },
        dependsOn: waitFor,
        retainOnDelete: f.retain,
      });
    }
  }
  return out;
}

// ---- random programs ---------------------------------------------------------------------------------------

const status = fc.constantFrom("ENABLED", "DISABLED");
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

function compact(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

const userCapabilities = fc
  .record({
    create: optional(fc.record({ lifecycleCreate: fc.record({ status }) })),
    update: optional(
      fc
        .record({
          profile: optional(fc.record({ status })),
          lifecycleDeactivate: optional(fc.record({ status })),
          password: optional(
            fc.record({
              status,
              seed: fc.constantFrom("OKTA", "RANDOM"),
              change: fc.constantFrom("CHANGE", "KEEP_EXISTING"),
            }),
          ),
        })
        .map(compact),
    ),
  })
  .map((c) => compact(c) ?? { create: { lifecycleCreate: { status: "ENABLED" } } });

const schedule = fc.record({
  expression: fc.constantFrom("0 2 * * 0", "0 */3 * * *"),
  timezone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York"),
});

const inboundCapabilities = fc
  .record({
    importSettings: optional(
      fc
        .record({
          username: optional(
            fc.oneof(
              fc.constant({ usernameFormat: "EMAIL" }),
              fc.record({
                usernameFormat: fc.constant("CUSTOM"),
                userNameExpression: fc.constantFrom("source.login", "source.email"),
              }),
            ),
          ),
          schedule: optional(
            fc
              .record({ status, fullImport: optional(schedule), incrementalImport: optional(schedule) })
              .map(compact),
          ),
        })
        .map(compact),
    ),
    importRules: optional(
      fc.record({
        userCreateAndMatch: fc
          .record({
            exactMatchCriteria: optional(fc.constantFrom("EMAIL", "USERNAME")),
            autoConfirmExactMatch: optional(fc.boolean()),
            autoActivateNewUsers: optional(fc.boolean()),
          })
          .map((r) => compact(r) ?? { autoConfirmNewUsers: false }),
      }),
    ),
  })
  .map((c) => compact(c) ?? { importRules: { userCreateAndMatch: { autoConfirmNewUsers: true } } });

const feature = (caps: fc.Arbitrary<Record<string, unknown>>) =>
  optional(fc.record({ capabilities: caps, retain: fc.boolean(), adopt: fc.boolean() }));

function appState(slot: Slot): fc.Arbitrary<AppState> {
  const inbound = slot === "zscaler" ? fc.constant(undefined) : feature(inboundCapabilities);
  return fc
    .record({
      variant: fc.constantFrom(0 as const, 1 as const),
      oauth: slot === "org2org" ? fc.boolean() : fc.constant(false),
      signing:
        slot === "org2org"
          ? optional(fc.constantFrom("AUTO" as const, "MANUAL" as const))
          : fc.constant(undefined),
      enabled: fc.oneof(
        { weight: 3, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      adopt: fc.boolean(),
      org: fc.constantFrom(...ALIASES),
      givesAppName: fc.boolean(),
      retain: fc.boolean(),
      user: feature(userCapabilities),
      inbound,
    })
    .map((s) => {
      // Features exist only while the connection is enabled (Okta has none otherwise).
      if (!s.enabled) return { ...s, user: undefined, inbound: undefined };
      if (!s.oauth) return { ...s, signing: undefined };
      return s;
    });
}

/** A program over a few of the app kinds (each present or not). */
export function arbitraryProgram(slots: readonly Slot[] = SLOTS): fc.Arbitrary<Program> {
  return fc.record(
    Object.fromEntries(slots.map((slot) => [slot, optional(appState(slot))])) as Record<
      Slot,
      fc.Arbitrary<AppState | undefined>
    >,
    { requiredKeys: [] },
  ) as fc.Arbitrary<Program>;
}
