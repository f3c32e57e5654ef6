/**
 * The native provider: a gRPC server of Pulumi's ResourceProvider service over the CRUD in provider/.
 *
 * Why not `@pulumi/pulumi/provider`'s `main()`: that server ignores Configure's arguments (no explicit providers,
 * no provider config), answers CheckConfig and DiffConfig as unimplemented (a bad org URL would pass preview),
 * sends no detailedDiff (`pulumi preview --diff` could not name the changed property), and fails `pulumi import`
 * (its read calls `getProperties()` on a request that carries none). Pulumi's guide for TypeScript providers
 * serves the generated services of `@pulumi/pulumi/proto` directly, as this does.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import * as services from "@pulumi/pulumi/proto/provider_grpc_pb";
import { trackCreations } from "../provider/created-here";
import { ProvisioningError } from "../provider/errors";
import { FunctionArgsError, functionNamed, invokeFunction } from "../provider/functions";
import { FUNCTION_NAMES } from "../provider/schema-tables";
import {
  configFailures,
  defaultOrgLocation,
  fromVariables,
  orgMoves,
  secretConfig,
  takesEnvironmentCredentials,
  useProviderConfig,
  type ProviderConfig,
} from "./config";
import { EngineLog } from "./engine-log";
import { Operations } from "./operations";
import { isDefaultProvider, stackConfigKeys, stackOfUrn } from "./stack-config";
import { unwrap, wrap, type Props } from "./properties";
import { resourceType, type ResourceType } from "./resources";
import { packageSchema, PLUGIN_VERSION } from "./schema";
import type { OrgLocation } from "../provider/orgs";

type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Done<Res> = grpc.sendUnaryData<Res>;

/** An error as the engine shows it: one line, no stack (org messages already name the provider's keys). */
function failure(err: unknown): grpc.ServiceError {
  const message = err instanceof Error ? err.message : String(err);
  const error = new Error(message) as grpc.ServiceError;
  error.code = grpc.status.UNKNOWN;
  error.details = message;
  return error;
}

function unary<Req, Res>(handler: (req: Req) => Promise<Res>) {
  return (call: Call<Req>, callback: Done<Res>) => {
    handler(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => {
        if (!(err instanceof ProvisioningError) && process.env.OKTA_PROVISIONING_DEBUG)
          process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
        callback(failure(err), null);
      },
    );
  };
}

function unimplemented(name: string) {
  return (_call: unknown, callback: Done<unknown>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented`, name, message: name });
}

function checkFailure(property: string, reason: string): rpc.CheckFailure {
  return new rpc.CheckFailure().setProperty(property).setReason(reason);
}

/**
 * The old state as the CRUD's diff and update expect it. An imported resource has no write-only values (Okta
 * never returns them): they are taken from its old inputs, or else the program's, rather than seen as changed.
 */
function oldsForDiff(type: ResourceType, outputs: Props, oldInputs: Props, news: Props): Props {
  const olds = { ...outputs };
  for (const key of type.writeOnly) {
    if (olds[key] === undefined) olds[key] = oldInputs[key] ?? news[key];
  }
  return olds;
}

function detailedDiff(
  response: rpc.DiffResponse,
  diffs: string[],
  replaces: string[],
  olds: Props,
  news: Props,
): void {
  const map = response.getDetaileddiffMap();
  const K = rpc.PropertyDiff.Kind;
  const has = (props: Props, path: string) => {
    let node: unknown = props;
    for (const key of path.split(".")) {
      if (typeof node !== "object" || node === null) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return node !== undefined && node !== null;
  };
  for (const path of diffs) {
    const replace = replaces.some((r) => path === r || path.startsWith(`${r}.`));
    const before = has(olds, path);
    const after = has(news, path);
    const kind = !before && after ? K.ADD : before && !after ? K.DELETE : K.UPDATE;
    const replaceKind =
      kind === K.ADD ? K.ADD_REPLACE : kind === K.DELETE ? K.DELETE_REPLACE : K.UPDATE_REPLACE;
    // `status` is an output (a lapsed consent); everything else a program sets.
    map.set(
      path,
      new rpc.PropertyDiff().setKind(replace ? replaceKind : kind).setInputdiff(path !== "status"),
    );
  }
  response.setHasdetaileddiff(true);
}

export class ProviderServer {
  private config: ProviderConfig = {};
  /** The default org of the first Configure: the only place credentials from the environment are sent. */
  private firstOrg: { url: OrgLocation } | undefined;
  private readonly engineLog = new EngineLog();
  /** Handshake's program directory: where the stack's config file is. */
  private programDirectory: string | undefined;
  private readonly operations = new Operations(this.engineLog);

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    useProviderConfig(this.config);
    // The engine starts a provider plugin for one deployment: a delete after a create here is a replacement's.
    trackCreations();
  }

  implementation(): grpc.UntypedServiceImplementation {
    return {
      handshake: unary(async (req: rpc.ProviderHandshakeRequest) => {
        this.engineLog.connect(req.getEngineAddress());
        this.programDirectory = req.getProgramDirectory() || req.getRootDirectory() || undefined;
        return new rpc.ProviderHandshakeResponse()
          .setAcceptSecrets(true)
          .setAcceptResources(false)
          .setAcceptOutputs(false);
      }),
      getPluginInfo: unary(async () => new plugin.PluginInfo().setVersion(PLUGIN_VERSION)),
      // One schema for every version the engine asks for: the package has a single version.
      getSchema: unary(async () => new rpc.GetSchemaResponse().setSchema(packageSchema())),
      checkConfig: unary((req: rpc.CheckRequest) => this.checkConfig(req)),
      diffConfig: unary((req: rpc.DiffRequest) => this.diffConfig(req)),
      configure: unary((req: rpc.ConfigureRequest) => this.configure(req)),
      check: unary((req: rpc.CheckRequest) => this.check(req)),
      diff: unary((req: rpc.DiffRequest) => this.diff(req)),
      create: unary((req: rpc.CreateRequest) => this.create(req)),
      read: unary((req: rpc.ReadRequest) => this.read(req)),
      update: unary((req: rpc.UpdateRequest) => this.update(req)),
      delete: unary((req: rpc.DeleteRequest) => this.delete(req)),
      cancel: unary(async () => {
        this.cancel();
        return new Empty();
      }),
      attach: unary(async (req: plugin.PluginAttach) => {
        this.engineLog.connect(req.getAddress());
        return new Empty();
      }),
      getMapping: unary(async () => new rpc.GetMappingResponse()),
      getMappings: unary(async () => new rpc.GetMappingsResponse()),
      parameterize: unimplemented("Parameterize"),
      invoke: unary((req: rpc.InvokeRequest) => this.invoke(req)),
      call: unimplemented("Call"),
      construct: unimplemented("Construct"),
      list: unimplemented("List"),
    };
  }

  /**
   * Cancel: the engine is stopping (a cancelled `pulumi up`). Every operation in flight is abandoned: its Okta
   * requests and their retries stop, a waiting OAuthConsent fails at once with "cancelled, nothing was changed",
   * and the server stays up to answer them.
   */
  cancel(): void {
    this.operations.cancel();
  }

  /** The engine is gone: nothing more can be said to it. */
  close(): void {
    this.engineLog.close();
  }

  /** The keys a default provider's stack config file sets (names only): for messages about the other door's keys. */
  private stackKeys(urn: string | undefined): Set<string> {
    if (!isDefaultProvider(urn)) return new Set();
    return stackConfigKeys(this.programDirectory ?? process.cwd(), stackOfUrn(urn));
  }

  private async checkConfig(req: rpc.CheckRequest) {
    const { props, secretKeys } = unwrap(req.getNews());
    // The checked config is what the state keeps: every credential secret, a named org's too.
    const checked = secretConfig(props, secretKeys);
    const response = new rpc.CheckResponse().setInputs(wrap(checked.props, checked.secretKeys));
    // A failure names its key in the reason; as the property only where the value can hold no credential.
    const stackKeys = this.stackKeys(req.getUrn());
    for (const f of configFailures(props, this.env, stackKeys))
      response.addFailures(checkFailure(f.property, f.reason));
    return response;
  }

  private async diffConfig(req: rpc.DiffRequest) {
    const olds = unwrap(req.getOldInputs() ?? req.getOlds()).props;
    const news = unwrap(req.getNews()).props;
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
      (k) => k !== "version" && JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null),
    );
    const response = new rpc.DiffResponse().setChanges(
      keys.length ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE,
    );
    // Another org is where the resources live: they are replaced, deleted first through the old provider (so in
    // the old org; a resource staying in the same org is never created beside itself). A rotated credential
    // reconfigures the provider in place.
    const replaces = orgMoves(olds, news, this.env);
    response
      .setDiffsList(keys)
      .setReplacesList(replaces)
      .setDeletebeforereplace(replaces.length > 0);
    detailedDiff(response, keys, replaces, olds, news);
    return response;
  }

  private async configure(req: rpc.ConfigureRequest) {
    const args = req.getArgs();
    const config = args ? unwrap(args).props : fromVariables(req.getVariablesMap().toArray());
    const url = defaultOrgLocation(config, this.env);
    // The engine configures a plugin once. Anyone on this machine can call it again (loopback gRPC has no
    // authentication): a later Configure that points the org elsewhere never gets the environment's credentials.
    if (this.firstOrg && this.firstOrg.url !== url && takesEnvironmentCredentials(config, this.env)) {
      throw new ProvisioningError(
        `Configure: this provider was configured for ${this.firstOrg.url ?? "no default org"}; the Okta ` +
          "credentials of its environment (OKTA_API_TOKEN, OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY) are sent " +
          "to that org only. Give the provider its own apiToken (or clientId and privateKey) for another org.",
      );
    }
    this.firstOrg ??= { url };
    this.config = config;
    useProviderConfig(this.config, this.stackKeys(req.getUrn()));
    return new rpc.ConfigureResponse()
      .setAcceptsecrets(true)
      .setSupportspreview(true)
      .setAcceptresources(false)
      .setAcceptoutputs(false);
  }

  private async check(req: rpc.CheckRequest) {
    const type = resourceType(req.getUrn(), req.getType());
    const olds = req.hasOlds() ? unwrap(req.getOlds()) : undefined;
    const news = unwrap(req.getNews());
    const oldInputs = olds && Object.keys(olds.props).length ? olds.props : undefined;
    const result = await type.crud.check(oldInputs, news.props);
    const response = new rpc.CheckResponse().setInputs(
      wrap(result.inputs, [...type.secretKeys, ...news.secretKeys]),
    );
    for (const f of result.failures) response.addFailures(checkFailure(f.property, f.reason));
    return response;
  }

  private async diff(req: rpc.DiffRequest) {
    const type = resourceType(req.getUrn(), req.getType());
    const news = unwrap(req.getNews()).props;
    const olds = oldsForDiff(type, unwrap(req.getOlds()).props, unwrap(req.getOldInputs()).props, news);
    const ignored = new Set(req.getIgnorechangesList());
    const result = await type.crud.diff(req.getId(), olds, news);
    const diffs = (result.diffs ?? []).filter((p) => !ignored.has(p) && !ignored.has(p.split(".")[0]));
    const replaces = result.replaces.filter((p) => !ignored.has(p));
    const changes = result.diffs ? diffs.length > 0 || replaces.length > 0 : result.changes;
    const response = new rpc.DiffResponse()
      .setChanges(changes ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
      .setReplacesList(changes ? replaces : [])
      .setDeletebeforereplace(!!result.deleteBeforeReplace)
      .setDiffsList([...new Set(diffs.map((p) => p.split(".")[0]))]);
    if (changes) detailedDiff(response, diffs, replaces, olds, news);
    else response.setHasdetaileddiff(true);
    return response;
  }

  /**
   * A function of the schema (`getProvisioningConnection`, `getProvisioningFeature`): a read of the org this
   * provider is configured for (or the named org its `org` argument picks). Refused arguments are the response's
   * failures, which the engine prints naming each property; the result holds no secret.
   */
  private async invoke(req: rpc.InvokeRequest) {
    const name = functionNamed(req.getTok());
    if (!name)
      throw new ProvisioningError(
        `unknown function ${req.getTok()}: this provider serves ${FUNCTION_NAMES.join(", ")}`,
      );
    const args = unwrap(req.getArgs()).props;
    const response = new rpc.InvokeResponse();
    try {
      const result = await this.operations.run("", "invoke", 0, () => invokeFunction(name, args));
      return response.setReturn(wrap(result as unknown as Props, new Set()));
    } catch (err) {
      if (!(err instanceof FunctionArgsError)) throw err;
      for (const f of err.failures) response.addFailures(checkFailure(f.property, f.reason));
      return response;
    }
  }

  private async create(req: rpc.CreateRequest) {
    return this.operations.run(req.getUrn(), "create", req.getTimeout(), () => this.createNow(req));
  }

  private async createNow(req: rpc.CreateRequest) {
    const type = resourceType(req.getUrn(), req.getType());
    const inputs = unwrap(req.getProperties());
    // With a handshake the engine asks for previews too: a preview writes nothing, and what the create will set
    // (the status Okta reports, …) is unknown.
    if (req.getPreview()) {
      const previewed = type.crud.preview ? type.crud.preview(undefined, inputs.props) : inputs.props;
      return new rpc.CreateResponse().setProperties(
        wrap(previewed, [...type.secretKeys, ...inputs.secretKeys]),
      );
    }
    const { id, outs } = await type.crud.create(inputs.props);
    return new rpc.CreateResponse()
      .setId(id)
      .setProperties(wrap(outs, [...type.secretKeys, ...inputs.secretKeys]));
  }

  private async read(req: rpc.ReadRequest) {
    return this.operations.run(req.getUrn(), "read", 0, () => this.readNow(req));
  }

  private async readNow(req: rpc.ReadRequest) {
    const type = resourceType(req.getUrn(), req.getType());
    const state = unwrap(req.getProperties());
    const inputs = unwrap(req.getInputs());
    const secrets = [...type.secretKeys, ...state.secretKeys, ...inputs.secretKeys];
    const response = new rpc.ReadResponse();
    if (Object.keys(state.props).length === 0) {
      // `pulumi import`: the engine knows only the id.
      if (!type.crud.import) throw new ProvisioningError(`${type.kind} cannot be imported`);
      // An id may name a named org (`emea:0oa…`): the state keeps the resource's own id, the alias as `org`.
      const imported = await type.crud.import(req.getId());
      return response
        .setId(imported.id)
        .setProperties(wrap(imported.props, secrets))
        .setInputs(wrap(imported.inputs, secrets));
    }
    const result = await type.crud.read(req.getId(), state.props);
    if (!result.id) return response; // gone: the engine drops it from the stack
    // The write-only values Okta never shows are kept as the state had them.
    const refreshed = result.inputs ?? inputs.props;
    for (const key of type.writeOnly) if (inputs.props[key] !== undefined) refreshed[key] = inputs.props[key];
    return response
      .setId(result.id)
      .setProperties(wrap(result.props, secrets))
      .setInputs(wrap(refreshed, secrets));
  }

  private async update(req: rpc.UpdateRequest) {
    return this.operations.run(req.getUrn(), "update", req.getTimeout(), () => this.updateNow(req));
  }

  private async updateNow(req: rpc.UpdateRequest) {
    const type = resourceType(req.getUrn(), req.getType());
    const news = unwrap(req.getNews());
    const olds = oldsForDiff(type, unwrap(req.getOlds()).props, unwrap(req.getOldInputs()).props, news.props);
    if (req.getPreview()) {
      // Nothing is written in a preview: the new inputs, and what the change can move unknown.
      const previewed = type.crud.preview ? type.crud.preview(olds, news.props) : { ...olds, ...news.props };
      return new rpc.UpdateResponse().setProperties(
        wrap(previewed, [...type.secretKeys, ...news.secretKeys]),
      );
    }
    const { outs } = await type.crud.update(req.getId(), olds, news.props);
    return new rpc.UpdateResponse().setProperties(wrap(outs, [...type.secretKeys, ...news.secretKeys]));
  }

  private async delete(req: rpc.DeleteRequest) {
    return this.operations.run(req.getUrn(), "delete", req.getTimeout(), () => this.deleteNow(req));
  }

  private async deleteNow(req: rpc.DeleteRequest) {
    const type = resourceType(req.getUrn(), req.getType());
    await type.crud.delete(req.getId(), unwrap(req.getProperties()).props);
    return new Empty();
  }
}

/** Serves the provider on a port of 127.0.0.1 and answers the port, as the engine expects plugins to print it. */
export async function serve(server = new ProviderServer()): Promise<{ port: number; grpc: grpc.Server }> {
  const grpcServer = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  grpcServer.addService(services.ResourceProviderService, server.implementation());
  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { port, grpc: grpcServer };
}
