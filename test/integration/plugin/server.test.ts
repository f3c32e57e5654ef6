/**
 * The plugin as the engine meets it: the launcher from the build (dist/, which the integration project's global setup
 * builds), its port on stdout, then Pulumi's ResourceProvider calls over gRPC against the emulator, with a stand-in
 * for the engine's log service. What the YAML e2e suite cannot show cheaply: the served schema, CheckConfig's
 * failures, an import read that carries only the id, the detailed diff, a waiting consent speaking through the
 * engine, customTimeouts, and Cancel ending a waiting consent at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as engine from "@pulumi/pulumi/proto/engine_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { startEmulator, type Emulator } from "../../../emulator";
import { startServer, type TestServer } from "../../unit/client/helpers";
import schemaJson from "../../../schema.json";

jest.setTimeout(60_000);

const LAUNCHER = path.join(__dirname, "..", "..", "..", "dist", "plugin", "main.js");
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const CONNECTION = "okta-provisioning:index:ProvisioningConnection";
const urn = (type: string, name: string) => `urn:pulumi:test::proj::${type}::${name}`;

type Method = (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

interface LogLine {
  severity: engine.LogSeverity;
  message: string;
  urn: string;
}

/** The engine's log service, as the plugin reaches it at the address Handshake gave: it records every message. */
async function startEngine(): Promise<{ address: string; logs: LogLine[]; server: grpc.Server }> {
  const logs: LogLine[] = [];
  const server = new grpc.Server();
  server.addService(EngineService, {
    log: (call: grpc.ServerUnaryCall<engine.LogRequest, Empty>, done: grpc.sendUnaryData<Empty>) => {
      logs.push({
        severity: call.request.getSeverity(),
        message: call.request.getMessage(),
        urn: call.request.getUrn(),
      });
      done(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, logs, server };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Plugin {
  child: ChildProcess;
  client: ResourceProviderClient;
  /** What the plugin wrote to stderr: kept for crashes, never the channel for a user's instructions. */
  stderr(): string;
  call<Res>(method: string, req: unknown): Promise<Res>;
  close(): void;
}

/** The launcher as the engine starts it: a fresh process with `env`, its port read from stdout. */
async function startPlugin(env: NodeJS.ProcessEnv): Promise<Plugin> {
  if (!fs.existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run npm run build first`);
  const child = spawn(process.execPath, [LAUNCHER], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, ...env },
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.on("exit", (code) => reject(new Error(`the plugin exited ${code}`)));
  });
  expect(port).toMatch(/^\d+$/);
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Res>(method: string, req: unknown): Promise<Res> =>
    new Promise((resolve, reject) =>
      ((client as unknown as Record<string, Method>)[method].bind(client) as Method)(req, (err, res) =>
        err ? reject(err) : resolve(res as Res),
      ),
    );
  return {
    child,
    client,
    stderr: () => stderr,
    call,
    close: () => {
      client.close();
      child.kill("SIGKILL");
    },
  };
}

const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(value as never);

describe("pulumi-resource-okta-provisioning over gRPC", () => {
  let emulator: Emulator;
  let plugin: Plugin;
  let consentDir: string;
  let engineLog: Awaited<ReturnType<typeof startEngine>>;

  const call = <Res>(method: string, req: unknown): Promise<Res> => plugin.call<Res>(method, req);
  const calls = () => emulator.counters().reads + emulator.counters().writes;
  /** Configures the plugin for `org` with no browser to open: a consent waits for the test to finish it. */
  const configureQuietly = (org: Emulator["orgs"][number]) =>
    call(
      "configure",
      new rpc.ConfigureRequest().setArgs(
        struct({ orgUrl: org.url, apiToken: org.apiToken, openBrowser: false }),
      ),
    );

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    engineLog = await startEngine();
    consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-consent-"));
    plugin = await startPlugin({
      OKTA_PROVISIONING_CONSENT_DIR: path.join(consentDir, "rendezvous"),
      OKTA_PROVISIONING_CONSENT_POLL_SECONDS: "30",
    });
    await call("handshake", new rpc.ProviderHandshakeRequest().setEngineAddress(engineLog.address));
  });

  afterAll(async () => {
    plugin?.close();
    engineLog?.server.forceShutdown();
    await emulator?.close();
    fs.rmSync(consentDir, { recursive: true, force: true });
  });

  it("serves schema.json's resources, with provider inputs whose credentials are secrets", async () => {
    const res = await call<rpc.GetSchemaResponse>("getSchema", new rpc.GetSchemaRequest());
    const served = JSON.parse(res.getSchema());
    expect(served.name).toBe("okta-provisioning");
    expect(served.resources).toEqual(schemaJson.resources);
    expect(served.functions).toEqual(schemaJson.functions);
    expect(served.provider.inputProperties.apiToken.secret).toBe(true);
    expect(served.provider.inputProperties.privateKey.secret).toBe(true);
    expect(Object.keys(served.config.variables)).toEqual(
      expect.arrayContaining(["orgUrl", "orgName", "baseUrl", "apiToken", "clientId", "scopes", "orgs"]),
    );
  });

  it("CheckConfig refuses a bad org URL naming the key, and keeps the token secret", async () => {
    const req = new rpc.CheckRequest()
      .setUrn(urn("pulumi:providers:okta-provisioning", "emea"))
      .setNews(struct({ orgUrl: "http://acme.okta.com", apiToken: { ...SECRET, value: "tok" } }));
    const res = await call<rpc.CheckResponse>("checkConfig", req);
    const failures = res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    // Named in the reason, not as the property: the engine would print the value of a URL that may hold a password.
    expect(failures).toEqual([["", expect.stringMatching(/^okta-provisioning:orgUrl is http:\/\/acme/)]]);
    expect(res.getInputs()!.toJavaScript().apiToken).toEqual({ ...SECRET, value: "tok" });
  });

  it("CheckConfig keeps a named org's credentials secret though the program passed them in clear, and never prints them", async () => {
    const token = "00emea-token-in-clear-5e1f";
    const res = await call<rpc.CheckResponse>(
      "checkConfig",
      new rpc.CheckRequest().setUrn(urn("pulumi:providers:okta-provisioning", "multi")).setNews(
        struct({
          orgs: {
            emea: { orgUrl: "https://acme-emea.okta.com", apiToken: token },
            apac: { orgUrl: "http://acme-apac.okta.com", privateKey: "PEM-in-clear", clientId: "0oaclient" },
          },
        }),
      ),
    );
    expect(res.getInputs()!.toJavaScript().orgs).toEqual({
      emea: { orgUrl: "https://acme-emea.okta.com", apiToken: { ...SECRET, value: token } },
      apac: {
        orgUrl: "http://acme-apac.okta.com",
        privateKey: { ...SECRET, value: "PEM-in-clear" },
        clientId: "0oaclient",
      },
    });
    const failures = res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    expect(failures).toEqual([["", expect.stringMatching(/^okta-provisioning:orgs\.apac\.orgUrl .*https/)]]);
    expect(JSON.stringify(failures)).not.toMatch(/in-clear/);
  });

  it("CheckConfig accepts an orgUrl that is unknown at preview", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const res = await call<rpc.CheckResponse>(
      "checkConfig",
      new rpc.CheckRequest()
        .setUrn(urn("pulumi:providers:okta-provisioning", "later"))
        .setNews(struct({ orgUrl: UNKNOWN, apiToken: { ...SECRET, value: "tok" } })),
    );
    expect(res.getFailuresList()).toEqual([]);
    expect(res.getInputs()!.toJavaScript().orgUrl).toBe(UNKNOWN);
  });

  it("DiffConfig replaces, deleting first, when the org moves; a rotated token updates in place", async () => {
    const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
      call<rpc.DiffResponse>(
        "diffConfig",
        new rpc.DiffRequest()
          .setUrn(urn("pulumi:providers:okta-provisioning", "p"))
          .setOldInputs(struct(olds))
          .setOlds(struct(olds))
          .setNews(struct(news)),
      );
    const moved = await diff(
      { orgUrl: "https://acme.okta.com", apiToken: { ...SECRET, value: "a" } },
      { orgUrl: "https://acme-emea.okta.com", apiToken: { ...SECRET, value: "b" } },
    );
    expect(moved.getChanges()).toBe(rpc.DiffResponse.DiffChanges.DIFF_SOME);
    expect(moved.getReplacesList()).toEqual(["orgUrl"]);
    expect(moved.getDeletebeforereplace()).toBe(true);
    expect(Object.fromEntries(moved.toObject().detaileddiffMap)).toEqual({
      orgUrl: { kind: rpc.PropertyDiff.Kind.UPDATE_REPLACE, inputdiff: true },
      apiToken: { kind: rpc.PropertyDiff.Kind.UPDATE, inputdiff: true },
    });

    const rotated = await diff(
      { orgUrl: "https://acme.okta.com", apiToken: { ...SECRET, value: "a" } },
      { orgUrl: "https://acme.okta.com", apiToken: { ...SECRET, value: "b" } },
    );
    expect(rotated.getChanges()).toBe(rpc.DiffResponse.DiffChanges.DIFF_SOME);
    expect(rotated.getReplacesList()).toEqual([]);
  });

  it("after Configure from an explicit provider's inputs: Check names the property, import reads by id alone, Diff is detailed", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!.id;
    await call(
      "configure",
      new rpc.ConfigureRequest().setArgs(struct({ orgUrl: org.url, apiToken: org.apiToken })),
    );

    const before = calls();
    const check = await call<rpc.CheckResponse>(
      "check",
      new rpc.CheckRequest()
        .setUrn(urn(CONNECTION, "z"))
        .setNews(struct({ appId: zscaler, authScheme: "TOKN", token: { ...SECRET, value: "t" } })),
    );
    expect(check.getFailuresList().map((f) => f.getProperty())).toEqual(["authScheme"]);
    expect(check.getInputs()!.toJavaScript().token).toEqual({ ...SECRET, value: "t" });
    expect(calls()).toBe(before);

    await fetch(`${org.url}/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      method: "POST",
      headers: {
        authorization: `SSWS ${org.apiToken}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({
        baseUrl: emulator.zscalerTenants[0].baseUrl,
        profile: { authScheme: "TOKEN", token: emulator.zscalerTenants[0].token },
      }),
    });
    const read = await call<rpc.ReadResponse>(
      "read",
      new rpc.ReadRequest().setId(zscaler).setUrn(urn(CONNECTION, "z")),
    );
    expect(read.getId()).toBe(zscaler);
    expect(read.getInputs()!.toJavaScript()).toEqual({
      appId: zscaler,
      appName: "zscalerbyz",
      authScheme: "TOKEN",
      baseUrl: emulator.zscalerTenants[0].baseUrl,
      enabled: true,
    });
    const outputs = read.getProperties()!.toJavaScript();
    expect(outputs).toMatchObject({ status: "ENABLED", profileRevision: 1 });

    const diff = await call<rpc.DiffResponse>(
      "diff",
      new rpc.DiffRequest()
        .setId(zscaler)
        .setUrn(urn(CONNECTION, "z"))
        .setOlds(read.getProperties())
        .setOldInputs(read.getInputs())
        .setNews(
          struct({
            ...read.getInputs()!.toJavaScript(),
            token: { ...SECRET, value: emulator.zscalerTenants[0].token },
            baseUrl: emulator.addZscalerTenant().baseUrl,
            profileRevision: 2,
          }),
        ),
    );
    expect(diff.getChanges()).toBe(rpc.DiffResponse.DiffChanges.DIFF_SOME);
    // The imported state has no token (Okta never returns it): the program's is taken, not called a change.
    expect(diff.toObject().detaileddiffMap).toEqual([
      ["baseUrl", { kind: rpc.PropertyDiff.Kind.UPDATE, inputdiff: true }],
    ]);
  });

  it("imports from a named org of the default provider by <alias>:<id>, recording the alias as org", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!.id;
    // The default org is elsewhere; the app lives in the org the config names emea.
    await call(
      "configure",
      new rpc.ConfigureRequest().setArgs(
        struct({
          orgUrl: "https://acme.okta.com",
          apiToken: "00not-used",
          orgs: { emea: { orgUrl: org.url, apiToken: org.apiToken } },
        }),
      ),
    );
    const before = emulator.counters().writes;
    const read = await call<rpc.ReadResponse>(
      "read",
      new rpc.ReadRequest().setId(`emea:${zscaler}`).setUrn(urn(CONNECTION, "emeaZscaler")),
    );
    expect(read.getId()).toBe(zscaler);
    expect(read.getInputs()!.toJavaScript()).toMatchObject({
      appId: zscaler,
      appName: "zscalerbyz",
      org: "emea",
    });
    const feature = await call<rpc.ReadResponse>(
      "read",
      new rpc.ReadRequest()
        .setId(`emea:${zscaler}/USER_PROVISIONING`)
        .setUrn(urn("okta-provisioning:index:ProvisioningFeature", "emeaPush")),
    );
    expect(feature.getId()).toBe(`${zscaler}/USER_PROVISIONING`);
    expect(feature.getInputs()!.toJavaScript()).toMatchObject({ name: "USER_PROVISIONING", org: "emea" });
    expect(emulator.counters().writes).toBe(before);

    const unknown = await call(
      "read",
      new rpc.ReadRequest().setId(`apac:${zscaler}`).setUrn(urn(CONNECTION, "x")),
    ).then(
      () => "read",
      (err: grpc.ServiceError) => err.details,
    );
    expect(unknown).toMatch(/Unknown org "apac": okta-provisioning:orgs defines "emea"/);
  });

  it("a preview marks as unknown the outputs the change can move: disabling a connection previews status unknown", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!.id;
    const olds = {
      appId: zscaler,
      appName: "zscalerbyz",
      authScheme: "TOKEN",
      token: { ...SECRET, value: "t" },
      baseUrl: "https://scim.zscalerbeta.net/1/2/scim",
      enabled: true,
      adopt: false,
      profileRevision: 1,
      status: "ENABLED",
    };
    const inputs = Object.fromEntries(Object.entries(olds).filter(([k]) => k !== "status" && k !== "adopt"));
    const before = calls();
    const previewed = await call<rpc.UpdateResponse>(
      "update",
      new rpc.UpdateRequest()
        .setId(zscaler)
        .setUrn(urn(CONNECTION, "z"))
        .setPreview(true)
        .setOlds(struct(olds))
        .setNews(struct({ ...inputs, enabled: false })),
    );
    expect(previewed.getProperties()!.toJavaScript()).toMatchObject({
      enabled: false,
      status: UNKNOWN,
      token: { ...SECRET, value: "t" },
    });
    const created = await call<rpc.CreateResponse>(
      "create",
      new rpc.CreateRequest().setUrn(urn(CONNECTION, "z")).setPreview(true).setProperties(struct(inputs)),
    );
    expect(created.getProperties()!.toJavaScript()).toMatchObject({ status: UNKNOWN, appName: "zscalerbyz" });
    expect(calls()).toBe(before);
  });

  it("a waiting OAuthConsent speaks through the engine's log under its URN, not stderr, and completes", async () => {
    const org = emulator.orgs[0];
    const slack = org.apps.find((a) => a.name === "slack")!.id;
    await configureQuietly(org);
    await call(
      "create",
      new rpc.CreateRequest()
        .setUrn(urn(CONNECTION, "s"))
        .setProperties(struct({ appId: slack, appName: "slack", authScheme: "OAUTH2", enabled: true })),
    );
    const consentUrn = urn("okta-provisioning:index:OAuthConsent", "slack-consent");
    const waiting = call<rpc.CreateResponse>(
      "create",
      new rpc.CreateRequest()
        .setUrn(consentUrn)
        .setProperties(struct({ appId: slack, appName: "slack", timeoutSeconds: 600, activate: true })),
    );
    const said = () => engineLog.logs.filter((l) => l.urn === consentUrn).map((l) => l.message);
    await until("the consent's instructions", () => said().find((m) => /\d+m\d\ds left/.test(m)));
    const pageLine = said().find((m) => /paste it at http:\/\/127\.0\.0\.1:\d+\/consent\//.test(m))!;
    expect(said().join("\n")).toMatch(/needs a person to authorize provisioning/);
    expect(said().join("\n")).toMatch(/okta-provisioning consent complete/);
    expect(engineLog.logs.find((l) => l.urn === consentUrn)?.severity).toBe(engine.LogSeverity.INFO);
    expect(plugin.stderr()).not.toMatch(/needs a person to authorize/);

    // The person follows them: the authorize link, Allow, the continue URL handed back on the page named.
    const authorizeUrl = /Open (\S+)/.exec(said().join("\n"))![1];
    const pageUrl = /paste it at (\S+)/.exec(pageLine)![1];
    const continueUrl = emulator.approveConsent(authorizeUrl);
    const handedBack = await fetch(pageUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ continueUrl }),
    });
    expect(handedBack.status).toBe(200);
    const created = await waiting;
    expect(created.getProperties()!.toJavaScript()).toMatchObject({ status: "ENABLED" });
    expect(said().join("\n")).toMatch(/authorized\./);
  });

  it("customTimeouts: a create, update or delete Okta does not answer in time is abandoned, saying so", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!.id;
    const google = org.apps.find((a) => a.name === "google")!.id;
    await configureQuietly(org);
    const inputs = struct({
      appId: zscaler,
      appName: "zscalerbyz",
      authScheme: "TOKEN",
      token: { ...SECRET, value: "t" },
      baseUrl: "https://scim.zscalerbeta.net/1/2/scim",
      enabled: true,
    });
    const failed = (method: string, req: unknown) =>
      call(method, req).then(
        () => "completed",
        (err: grpc.ServiceError) => err.details,
      );

    // A consent nobody authorizes ends at the custom timeout, not at its own timeoutSeconds.
    await call(
      "create",
      new rpc.CreateRequest()
        .setUrn(urn(CONNECTION, "g"))
        .setProperties(struct({ appId: google, appName: "google", authScheme: "OAUTH2", enabled: true })),
    );
    let started = Date.now();
    expect(
      await failed(
        "create",
        new rpc.CreateRequest()
          .setUrn(urn("okta-provisioning:index:OAuthConsent", "late"))
          .setTimeout(1)
          .setProperties(struct({ appId: google, appName: "google", timeoutSeconds: 600, activate: true })),
      ),
    ).toMatch(
      /timed out after 1 s \(the resource's customTimeouts create\) while waiting for the authorization\. Nothing was changed/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);

    emulator.setFaults(org.name, "latency=3000ms");
    try {
      for (const [method, req] of [
        [
          "create",
          new rpc.CreateRequest().setUrn(urn(CONNECTION, "slow")).setTimeout(1).setProperties(inputs),
        ],
        [
          "update",
          new rpc.UpdateRequest()
            .setId(zscaler)
            .setUrn(urn(CONNECTION, "slow"))
            .setTimeout(1)
            .setOlds(struct({ ...inputs.toJavaScript(), enabled: false, status: "DISABLED" }))
            .setNews(inputs),
        ],
        [
          "delete",
          new rpc.DeleteRequest()
            .setId(zscaler)
            .setUrn(urn(CONNECTION, "slow"))
            .setTimeout(1)
            .setProperties(inputs),
        ],
      ] as const) {
        started = Date.now();
        const details = await failed(method, req);
        expect(details).toMatch(
          new RegExp(
            `^ProvisioningConnection of app ${zscaler}: .* was abandoned: timed out after 1 s \\(the resource's customTimeouts ${method}\\)`,
          ),
        );
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    } finally {
      emulator.setFaults(org.name, undefined);
    }
  });

  it("a rejected token: the error names the provider's key okta-provisioning:apiToken, not the token", async () => {
    const org = emulator.orgs[0];
    const zscaler = org.apps.find((a) => a.name === "zscalerbyz")!.id;
    const wrong = "00WrongToken-not-this-orgs-7c1e";
    await call("configure", new rpc.ConfigureRequest().setArgs(struct({ orgUrl: org.url, apiToken: wrong })));
    const err = await call("read", new rpc.ReadRequest().setId(zscaler).setUrn(urn(CONNECTION, "z"))).then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    );
    expect(err?.details).toMatch(/401/);
    expect(err?.details).toContain("pulumi config set --secret okta-provisioning:apiToken");
    expect(err?.details).not.toMatch(/\bokta:/);
    expect(err?.details).not.toContain(wrong);
  });

  it("Cancel ends a waiting OAuthConsent at once, having changed nothing", async () => {
    const org = emulator.orgs[0];
    const google = org.apps.find((a) => a.name === "google")!.id;
    await configureQuietly(org);
    await call(
      "create",
      new rpc.CreateRequest()
        .setUrn(urn(CONNECTION, "g"))
        .setProperties(struct({ appId: google, appName: "google", authScheme: "OAUTH2", enabled: true })),
    );
    const consentUrn = urn("okta-provisioning:index:OAuthConsent", "g");
    const waiting = call(
      "create",
      new rpc.CreateRequest()
        .setUrn(consentUrn)
        .setProperties(struct({ appId: google, appName: "google", timeoutSeconds: 600, activate: true })),
    );
    const outcome = waiting.then(
      () => "completed",
      (err: grpc.ServiceError) => err.details,
    );
    // Waiting: it said so, with the time left.
    await until("the consent to wait", () =>
      engineLog.logs.find((l) => l.urn === consentUrn && /\d+m\d\ds left/.test(l.message)),
    );
    const writes = emulator.counters().writes;
    const cancelledAt = Date.now();
    await call("cancel", new Empty());
    expect(await outcome).toMatch(/cancelled .*Nothing was changed/);
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    expect(emulator.counters().writes).toBe(writes);
    // The server is still up to answer after the cancelled wait; an operation that starts now is abandoned.
    await call("getPluginInfo", new Empty());
    const late = await call(
      "read",
      new rpc.ReadRequest()
        .setId(google)
        .setUrn(urn(CONNECTION, "g"))
        .setProperties(struct({ appId: google, appName: "google", authScheme: "OAUTH2" })),
    ).then(
      () => "completed",
      (err: grpc.ServiceError) => err.details,
    );
    expect(late).toMatch(/was abandoned: cancelled/);
    expect(emulator.counters().writes).toBe(writes);
  });
});

describe("a plugin started with Okta credentials in its environment", () => {
  const ENV_TOKEN = "00env-token-of-the-user-3a7c";
  let emulator: Emulator;
  let plugin: Plugin;
  let elsewhere: TestServer;
  const seenAuthorization: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    elsewhere = await startServer((app) => {
      app.get("/api/v1/apps/:id/connections/default", async (req, reply) => {
        seenAuthorization.push(String(req.headers.authorization ?? ""));
        return reply.code(404).send({});
      });
    });
    plugin = await startPlugin({
      OKTA_API_TOKEN: ENV_TOKEN,
      OKTA_PROVISIONING_ORG_URL: emulator.orgs[0].url,
    });
  });
  afterAll(async () => {
    plugin?.close();
    await elsewhere?.close();
    await emulator?.close();
  });

  it("never sends them to an org URL that a later Configure changed", async () => {
    const zscaler = emulator.orgs[0].apps.find((a) => a.name === "zscalerbyz")!.id;
    await plugin.call("configure", new rpc.ConfigureRequest().setArgs(struct({})));
    const refused = await plugin
      .call("configure", new rpc.ConfigureRequest().setArgs(struct({ orgUrl: elsewhere.url })))
      .then(
        () => "configured",
        (err: grpc.ServiceError) => err.details,
      );
    expect(refused).toMatch(/credentials of its environment .* are sent to that org only/);
    await plugin
      .call("read", new rpc.ReadRequest().setId(zscaler).setUrn(urn(CONNECTION, "z")))
      .catch(() => undefined);
    expect(seenAuthorization).toEqual([]);

    // With credentials of its own, a provider for another org is configured, and sends only those.
    await plugin.call(
      "configure",
      new rpc.ConfigureRequest().setArgs(struct({ orgUrl: elsewhere.url, apiToken: "00its-own" })),
    );
    await plugin
      .call("read", new rpc.ReadRequest().setId(zscaler).setUrn(urn(CONNECTION, "z")))
      .catch(() => undefined);
    expect(seenAuthorization).toEqual(["SSWS 00its-own"]);
  });
});

describe("a plugin under `pulumi preview` whose plan changes something", () => {
  const WRONG = "00wrong-plugin-preview-token-4b2d";
  let emulator: Emulator;
  let plugin: Plugin;
  const calls = () => emulator.counters().reads + emulator.counters().writes;

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1 });
    // As under `pulumi preview` (the plugin otherwise finds the command among its parent processes).
    plugin = await startPlugin({ OKTA_PROVISIONING_PREVIEW_CHECK: "1" });
  });
  afterAll(async () => {
    plugin?.close();
    await emulator?.close();
  });

  const zscalerInputs = () => ({
    appId: emulator.orgs[0].apps.find((a) => a.name === "zscalerbyz")!.id,
    appName: "zscalerbyz",
    authScheme: "TOKEN",
    token: { ...SECRET, value: emulator.zscalerTenants[0].token },
    baseUrl: emulator.zscalerTenants[0].baseUrl,
  });

  it("tries the provider's credentials once: a wrong token fails at check with one read, bad input makes none", async () => {
    const org = emulator.orgs[0];
    await plugin.call(
      "configure",
      new rpc.ConfigureRequest().setArgs(struct({ orgUrl: org.url, apiToken: WRONG })),
    );

    // Bad input: check's own failures speak, and nothing is asked of Okta.
    let before = calls();
    const bad = await plugin.call<rpc.CheckResponse>(
      "check",
      new rpc.CheckRequest()
        .setUrn(urn(CONNECTION, "z"))
        .setNews(struct({ ...zscalerInputs(), authScheme: "TOKN" })),
    );
    expect(bad.getFailuresList().map((f) => f.getProperty())).toEqual(["authScheme"]);
    expect(calls()).toBe(before);

    // A create: one read, refused, and the preview fails saying so, in the provider's own words.
    before = calls();
    const refused = await plugin
      .call("check", new rpc.CheckRequest().setUrn(urn(CONNECTION, "z")).setNews(struct(zscalerInputs())))
      .then(
        () => "checked",
        (err: grpc.ServiceError) => err.details,
      );
    expect(refused).toMatch(/The API token for http:\/\/127\.0\.0\.1:\d+ is invalid or expired \(401/);
    expect(refused).toContain("pulumi config set --secret okta-provisioning:apiToken");
    expect(refused).toMatch(/pulumi preview tried the org's credentials with one read .*nothing was changed/);
    expect(refused).not.toContain(WRONG);
    expect(calls()).toBe(before + 1);
    expect(emulator.counters().writes).toBe(0);
  });

  it("makes no call for a diff without changes, and one per org for a plan of changes", async () => {
    const org = emulator.orgs[0];
    await plugin.call(
      "configure",
      new rpc.ConfigureRequest().setArgs(struct({ orgUrl: org.url, apiToken: org.apiToken })),
    );
    const inputs = zscalerInputs();
    const olds = { ...inputs, enabled: true, adopt: false, profileRevision: 1, status: "ENABLED" };
    const diff = (news: Record<string, unknown>) =>
      plugin.call<rpc.DiffResponse>(
        "diff",
        new rpc.DiffRequest()
          .setId(inputs.appId)
          .setUrn(urn(CONNECTION, "z"))
          .setOlds(struct(olds))
          .setOldInputs(struct({ ...inputs, enabled: true, profileRevision: 1 }))
          .setNews(struct(news)),
      );
    let before = calls();
    const same = await diff({ ...inputs, enabled: true, profileRevision: 1 });
    expect(same.getChanges()).toBe(rpc.DiffResponse.DiffChanges.DIFF_NONE);
    expect(calls()).toBe(before);

    before = calls();
    for (let i = 0; i < 3; i++) {
      const changed = await diff({ ...inputs, enabled: false, profileRevision: 1 });
      expect(changed.getChanges()).toBe(rpc.DiffResponse.DiffChanges.DIFF_SOME);
    }
    expect(calls()).toBe(before + 1);
    expect(emulator.counters().writes).toBe(0);
  });
});

describe("read-only access through the plugin: Invoke of the functions, and a resource's get", () => {
  let emulator: Emulator;
  let plugin: Plugin;
  const FEATURE = "okta-provisioning:index:ProvisioningFeature";

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 2 });
    plugin = await startPlugin({});
    const [org1, org2] = emulator.orgs;
    await plugin.call(
      "configure",
      new rpc.ConfigureRequest().setArgs(
        struct({
          orgUrl: org1.url,
          apiToken: org1.apiToken,
          orgs: { emea: { orgUrl: org2.url, apiToken: org2.apiToken } },
        }),
      ),
    );
    // An admin configured Zscaler by hand in the org aliased emea.
    const zscaler = org2.apps.find((a) => a.name === "zscalerbyz")!.id;
    const headers = {
      authorization: `SSWS ${org2.apiToken}`,
      "content-type": "application/json",
      accept: "application/json",
    };
    await fetch(`${org2.url}/api/v1/apps/${zscaler}/connections/default?activate=TRUE`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        baseUrl: emulator.zscalerTenants[0].baseUrl,
        profile: { authScheme: "TOKEN", token: emulator.zscalerTenants[0].token },
      }),
    });
  });
  afterAll(async () => {
    plugin?.close();
    await emulator?.close();
  });

  const invoke = (tok: string, args: Record<string, unknown>) =>
    plugin.call<rpc.InvokeResponse>("invoke", new rpc.InvokeRequest().setTok(tok).setArgs(struct(args)));

  it("answers the functions of the schema, from the org the args name, with no secret and no write", async () => {
    const org2 = emulator.orgs[1];
    const zscaler = org2.apps.find((a) => a.name === "zscalerbyz")!.id;
    const writes = emulator.counters().writes;
    const res = await invoke("okta-provisioning:index:getProvisioningConnection", {
      appId: zscaler,
      org: "emea",
    });
    expect(res.getFailuresList()).toEqual([]);
    expect(res.getReturn()!.toJavaScript()).toEqual({
      appId: zscaler,
      appName: "zscalerbyz",
      authScheme: "TOKEN",
      status: "ENABLED",
      enabled: true,
      baseUrl: emulator.zscalerTenants[0].baseUrl,
      org: "emea",
    });
    const feature = await invoke("okta-provisioning:index:getProvisioningFeature", {
      appId: zscaler,
      name: "USER_PROVISIONING",
      org: "emea",
    });
    expect(feature.getReturn()!.toJavaScript()).toMatchObject({
      name: "USER_PROVISIONING",
      status: "ENABLED",
      capabilities: { update: { profile: { status: "DISABLED" } } },
    });
    expect(emulator.counters().writes).toBe(writes);
    expect(JSON.stringify(res.toObject())).not.toContain(emulator.zscalerTenants[0].token);
  });

  it("refuses bad arguments as failures naming them, before any call; an unknown function is an error", async () => {
    const before = emulator.counters().reads;
    const res = await invoke("okta-provisioning:index:getProvisioningFeature", {
      appId: "0oa-not-an-id",
      name: "USER_PROVISIONNING",
    });
    expect(
      res
        .getFailuresList()
        .map((f) => f.getProperty())
        .sort(),
    ).toEqual(["appId", "name"]);
    expect(
      res
        .getFailuresList()
        .map((f) => f.getReason())
        .join(" "),
    ).toMatch(/USER_PROVISIONING/);
    expect(emulator.counters().reads).toBe(before);
    const unknown = await invoke("okta-provisioning:index:getSomethingElse", {}).then(
      () => "answered",
      (err: grpc.ServiceError) => err.details,
    );
    expect(unknown).toMatch(/getSomethingElse.*serves getProvisioningConnection, getProvisioningFeature/);
  });

  it("reads a resource's get (a state with only its org) as an import of that org", async () => {
    const org2 = emulator.orgs[1];
    const zscaler = org2.apps.find((a) => a.name === "zscalerbyz")!.id;
    const got = await plugin.call<rpc.ReadResponse>(
      "read",
      new rpc.ReadRequest()
        .setId(zscaler)
        .setUrn(urn(CONNECTION, "looked-up"))
        .setProperties(struct({ org: "emea" }))
        .setInputs(struct({ org: "emea" })),
    );
    expect(got.getId()).toBe(zscaler);
    expect(got.getProperties()!.toJavaScript()).toMatchObject({
      appId: zscaler,
      appName: "zscalerbyz",
      status: "ENABLED",
      org: "emea",
    });
    const feature = await plugin.call<rpc.ReadResponse>(
      "read",
      new rpc.ReadRequest()
        .setId(`${zscaler}/USER_PROVISIONING`)
        .setUrn(urn(FEATURE, "looked-up"))
        .setProperties(struct({ org: "emea" }))
        .setInputs(struct({ org: "emea" })),
    );
    expect(feature.getProperties()!.toJavaScript()).toMatchObject({ name: "USER_PROVISIONING", org: "emea" });
  });
});
