/**
 * The in-process engine of the convergence model (test/model/engine.ts), checked against the real one: the same
 * sequences of program states, declared through the real SDK and applied with the real `pulumi up`, end in the same
 * org and the same state as in-process, and a refreshed preview is empty after each.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { Engine } from "../model/engine";
import { arbitraryProgram, declare, type Program } from "../model/program";
import { SLOTS, World, type Slot } from "../model/world";
import { PulumiProject } from "./harness/project";

jest.setTimeout(1_200_000);

const PROGRAM = path.join(__dirname, "programs", "convergence");
const SAMPLE_SLOTS: Slot[] = ["zscaler", "org2org", "google", "office365"];
const SEED = 20261201;

type Json = Record<string, unknown>;
const VOLATILE = new Set(["__provider", "authorizedAt", "authorizeUrl"]);

/** A secret as `stack export --show-secrets` prints it, unwrapped; object keys sorted (the engine sorts them). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== "object" || value === null) return value;
  const o = value as Json;
  if (typeof o.plaintext === "string" && "4dabf18193072939515e22adb298388d" in o)
    return plain(JSON.parse(o.plaintext));
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, plain(o[k])]),
  );
}

/**
 * Each world's emulator issues its own credentials (the Zscaler tenants' URLs and tokens, the org's URL and API
 * tokens), which the programs send: named by their role, so that two worlds compare.
 */
function withoutWorldCredentials(text: string, world: World): string {
  const roles: [string, string][] = [
    ...world.zscaler.flatMap((t, i): [string, string][] => [
      [t.baseUrl, `<zscaler tenant ${i}>`],
      [t.token, `<zscaler token ${i}>`],
    ]),
    ...world.org2orgTokens.map((t, i): [string, string] => [t, `<org token ${i}>`]),
    [world.org.url, "<org url>"],
  ];
  return roles.reduce((out, [value, role]) => out.split(value).join(role), text);
}

function normalized(name: string, outputs: Json, world: World): string {
  const ids = new Map([...world.appIds].map(([slot, id]) => [id, slot]));
  const kept = Object.fromEntries(
    Object.entries(outputs)
      .filter(([k]) => !VOLATILE.has(k))
      .map(([k, v]) => [k, k === "appId" ? ids.get(String(v)) : plain(v)])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
  return withoutWorldCredentials(`${name} ${JSON.stringify(kept)}`, world);
}

async function orgOf(world: World): Promise<string[]> {
  const out: string[] = [];
  for (const slot of SLOTS) {
    const id = world.appIds.get(slot)!;
    const c = (await world.admin("GET", `/api/v1/apps/${id}/connections/default`)).body as Json & {
      profile?: Json;
    };
    // A new Org2Org connection answers its scheme at the top, without a profile (recorded).
    out.push(
      withoutWorldCredentials(
        `${slot} ${String(c.status)} ${String(c.profile?.authScheme ?? c.authScheme)} ${String(c.baseUrl ?? "")} ${String(c.profile?.clientId ?? "")}`,
        world,
      ),
    );
    if (c.status !== "ENABLED") continue;
    for (const name of ["USER_PROVISIONING", "INBOUND_PROVISIONING"]) {
      const f = await world.admin("GET", `/api/v1/apps/${id}/features/${name}`);
      if (f.status === 200) out.push(`${slot} ${name} ${JSON.stringify((f.body as Json).capabilities)}`);
    }
  }
  return out;
}

const sampled = fc.sample(fc.array(arbitraryProgram(SAMPLE_SLOTS), { minLength: 3, maxLength: 3 }), {
  seed: SEED,
  numRuns: 2,
});
const sequences: [string, Program[]][] = [
  [
    "a token connection moved between aliases, a password rotation re-consented, a consent switched off",
    [
      { zscaler: base({ user: feature() }), office365: base({ user: feature() }) },
      { zscaler: base({ org: "main", variant: 1, user: feature() }), office365: base({ variant: 1 }) },
      { zscaler: base({ org: "main", variant: 1 }), office365: base({ variant: 1, enabled: false }) },
    ],
  ],
  ...sampled.map((programs, i): [string, Program[]] => [
    `sampled sequence ${i + 1} (seed ${SEED})`,
    programs,
  ]),
];

function base(s: Partial<NonNullable<Program["zscaler"]>> = {}) {
  return {
    variant: 0 as const,
    oauth: false,
    enabled: true,
    adopt: false,
    org: undefined,
    givesAppName: true,
    retain: false,
    ...s,
  };
}
function feature() {
  return {
    capabilities: { create: { lifecycleCreate: { status: "ENABLED" } } },
    retain: false,
    adopt: false,
  };
}

/** The model's resources, with the longer consent timeout a real `pulumi up` on this loaded machine needs. */
function declared(program: Program, world: World) {
  return declare(program, world).map((d) =>
    d.kind === "OAuthConsent" ? { ...d, props: { ...d.props, timeoutSeconds: 120 } } : d,
  );
}

describe.each(sequences)("the in-process engine agrees with pulumi up: %s", (_, programs) => {
  it("ends in the same org and the same state, with an empty refreshed preview after every up", async () => {
    // The real CLI first, on a world of its own.
    const cliWorld = await World.start();
    const org = cliWorld.org;
    const project = await PulumiProject.create({
      programDir: PROGRAM,
      config: { "okta-provisioning:orgUrl": org.url },
      secrets: { "okta:apiToken": org.apiToken },
      env: {
        OKTA_PROVISIONING_CONSENT_DIR: process.env.OKTA_PROVISIONING_CONSENT_DIR!,
        OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "0.2",
      },
    });
    // The aliases of test/model/world.ts: two names for the one org.
    for (const alias of ["main", "alt"]) {
      await project.pulumiOk(["config", "set", "--path", `okta-provisioning:orgs.${alias}.orgUrl`, org.url]);
      await project.pulumiOk([
        "config",
        "set",
        "--secret",
        "--path",
        `okta-provisioning:orgs.${alias}.apiToken`,
        org.apiToken,
      ]);
    }
    let cliOrg: string[];
    let cliState: string[];
    try {
      for (const program of programs) {
        const decls = declared(program, cliWorld);
        fs.writeFileSync(path.join(project.dir, "program.json"), JSON.stringify(decls));
        await project.up();
        await project.pulumiOk(["preview", "--refresh", "--expect-no-changes"]);
      }
      cliOrg = await orgOf(cliWorld);
      const exported = await project.pulumiOk(["stack", "export", "--show-secrets"]);
      const resources =
        (
          JSON.parse(exported.stdout) as {
            deployment: { resources?: { urn: string; type: string; outputs?: Json }[] };
          }
        ).deployment.resources ?? [];
      cliState = resources
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/okta-provisioning:"))
        .map((r) => normalized(r.urn.split("::").pop()!, r.outputs ?? {}, cliWorld))
        .sort();
    } finally {
      project.cleanup();
      await cliWorld.close();
    }

    // The same sequence in-process.
    const world = await World.start();
    const engine = new Engine();
    try {
      for (const program of programs) {
        const result = await engine.up(declared(program, world));
        expect(result).toMatchObject({ ok: true });
      }
      expect(await orgOf(world)).toEqual(cliOrg);
      expect(engine.stack.map((r) => normalized(r.name, r.outputs, world)).sort()).toEqual(cliState);
    } finally {
      await world.close();
    }
  });
});
