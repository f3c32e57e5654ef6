/**
 * Named regressions: issue 18's defects and what the convergence model found, each as the shortest sequence that
 * showed it. Every `up` is checked as in the model (org = program, preview = up, a refreshed preview is empty,
 * state = org).
 */
import type fc from "fast-check";
import { Engine, type Decl } from "./engine";
import type { AppState, Program } from "./program";
import { AdminCommand, FaultyUpCommand, runSequence, UpCommand, type Model, type Real } from "./sequences";
import { World } from "./world";

jest.setTimeout(120_000);

const app = (s: Partial<AppState> = {}): AppState => ({
  variant: 0,
  oauth: false,
  enabled: true,
  adopt: false,
  org: undefined,
  givesAppName: false,
  retain: false,
  ...s,
});
const up = (program: Program, refresh = false) => new UpCommand(program, refresh);
const run = (...cmds: fc.AsyncCommand<Model, Real>[]) => runSequence(cmds, { steps: 0 });

describe("issue 18 defects, as sequences", () => {
  it("defect 2: moving a connection to another alias of the same org keeps it enabled", () =>
    run(
      up({
        zscaler: app({
          user: {
            capabilities: { create: { lifecycleCreate: { status: "ENABLED" } } },
            retain: false,
            adopt: false,
          },
        }),
      }),
      up({ zscaler: app({ org: "main" }) }),
      up({ zscaler: app({ org: "alt" }) }),
    ));

  it("defect 3: enabled: false on a consented three-legged connection turns it off, and nothing turns it back on", () =>
    run(
      up({ google: app() }),
      up({ google: app({ enabled: false }) }),
      up({ google: app({ enabled: false }) }, true),
    ));

  it("defect 4: rotating the Microsoft 365 admin password runs the consent again in the same up, and preview shows it", () =>
    run(up({ office365: app() }), up({ office365: app({ variant: 1 }) })));

  it("defect 6: adopting an Org2Org OAuth connection with another clientId writes it", () =>
    run(
      up({ org2org: app({ oauth: true, retain: true }) }),
      up({}),
      up({ org2org: app({ oauth: true, variant: 1, adopt: true }) }),
    ));

  it("defect 8: INBOUND_PROVISIONING on a three-legged app", () =>
    run(
      up({
        slack: app({
          inbound: {
            capabilities: { importRules: { userCreateAndMatch: { autoConfirmNewUsers: true } } },
            retain: false,
            adopt: false,
          },
        }),
      }),
    ));
});

describe("found by the convergence model", () => {
  it("adopting a three-legged connection nobody posted posts it, so its consent has a link to open", () =>
    run(up({ zoomus: app({ adopt: true }) })));

  it("adopting an enabled three-legged connection with enabled: false turns it off", () =>
    run(up({ zoomus: app({ retain: true }) }), up({}), up({ zoomus: app({ enabled: false, adopt: true }) })));

  it("managing other feature leaves, already at Okta's values, is recorded", () =>
    run(
      up({
        office365: app({
          user: {
            capabilities: { update: { password: { status: "ENABLED", seed: "OKTA", change: "CHANGE" } } },
            retain: false,
            adopt: false,
          },
        }),
      }),
      up({
        office365: app({
          user: {
            capabilities: { create: { lifecycleCreate: { status: "DISABLED" } } },
            retain: false,
            adopt: false,
          },
        }),
      }),
    ));

  it("a connection adopted DISABLED and never configured is written when it is enabled later", () =>
    run(up({ org2org: app({ enabled: false, adopt: true }) }), up({ org2org: app() })));

  it("a consent moved from an org alias to the default org forgets the alias", () =>
    run(up({ zoomus: app({ org: "alt" }) }), up({ zoomus: app() })));

  it("a consent created again on a connection that still holds its grant completes (after a failed destroy)", () =>
    run(up({ slack: app({ enabled: false, adopt: true }) }), new FaultyUpCommand({}, "5xx=0.3,seed=1")));

  it("a token connection an admin saved again without activating (Okta leaves it DISABLED) is enabled on the next up --refresh", () =>
    run(
      up({ zscaler: app(), org2org: app() }),
      new AdminCommand("resaveProfile", "zscaler"),
      new AdminCommand("resaveProfile", "org2org"),
      up({ zscaler: app(), org2org: app() }, true),
    ));

  it("a revoked grant is given again on the next up --refresh", () =>
    run(up({ google: app() }), new AdminCommand("revokeGrant", "google"), up({ google: app() })));
});

describe("defect 13: a feature whose connection was switched off out of band", () => {
  it("refresh keeps its settings and the run does not PUT into the disabled connection", async () => {
    const world = await World.start();
    const engine = new Engine();
    try {
      const appId = world.appIds.get("zscaler")!;
      const capabilities = { create: { lifecycleCreate: { status: "ENABLED" } } };
      // The feature names the app directly (no `connection`), so nothing orders it after the connection.
      const program: Decl[] = [
        {
          name: "push",
          kind: "ProvisioningFeature",
          props: { appId, name: "USER_PROVISIONING", capabilities },
        },
        {
          name: "zscaler",
          kind: "ProvisioningConnection",
          props: {
            appId,
            appName: "zscalerbyz",
            authScheme: "TOKEN",
            token: world.zscaler[0].token,
            baseUrl: world.zscaler[0].baseUrl,
          },
        },
      ];
      expect((await engine.up(program.slice(1))).ok).toBe(true);
      expect((await engine.up(program)).ok).toBe(true);
      await world.admin("POST", `/api/v1/apps/${appId}/connections/default/lifecycle/deactivate`);
      const result = await engine.up(program, { refresh: true });
      // The feature's PUT comes first here (nothing orders it after the connection): it is pending, not a failure.
      expect(result).toMatchObject({ ok: true, ops: { zscaler: "update" } });
      const refreshed = engine.stack.find((r) => r.name === "push")!;
      expect(refreshed.inputs.capabilities).toEqual(capabilities);
      const feature = await world.admin("GET", `/api/v1/apps/${appId}/features/USER_PROVISIONING`);
      expect(feature.body).toMatchObject({ capabilities });
      // And the next up writes it, now that the connection is on: the org equals the program, preview is empty.
      expect((await engine.up(program)).ok).toBe(true);
      expect((await engine.preview(program, { refresh: true })).ops).toEqual({
        push: "same",
        zscaler: "same",
      });
    } finally {
      await world.close();
    }
  });
});
