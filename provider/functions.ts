/**
 * The package's functions (schema.json `functions`): reads of what Okta has, managing nothing, as `@pulumi/okta`'s
 * `okta.app.getConnection` and `getFeatures` do. Both doors call these: the plugin's Invoke and the dynamic door's
 * TypeScript functions. Their results hold no secret: Okta never returns a token or a password, and the authorize
 * link of a three-legged connection (it carries the `state` that proves a continue URL belongs to a consent) is left
 * out.
 */
import { isMissingBelowApp, isProvisioningNotEnabled } from "./client";
import { asResource, ProvisioningError } from "./errors";
import { missingFeature, notEnabledError } from "./feature";
import * as okta from "./okta-api";
import { oktaClient, orgFailures } from "./runtime";
import type { FunctionName } from "./schema-tables";
import type {
  GetProvisioningConnectionArgs,
  GetProvisioningConnectionResult,
  GetProvisioningFeatureArgs,
  GetProvisioningFeatureResult,
} from "./schema-types";
import { checkFunctionArgs, type CheckFailure } from "./validation";

export type { FunctionName };

/** Arguments a function refuses, each naming its property: before any call to Okta. */
export class FunctionArgsError extends ProvisioningError {
  constructor(
    readonly functionName: FunctionName,
    readonly failures: CheckFailure[],
  ) {
    super(
      `${functionName}: ${failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ")}`,
    );
  }
}

async function getProvisioningConnection(
  args: GetProvisioningConnectionArgs,
): Promise<GetProvisioningConnectionResult> {
  const client = oktaClient(args.org);
  const live = (await okta.getConnection(client, args.appId)).data;
  // One GET on the app-instance bucket (not the apps bucket connection calls share), for the app's name.
  const appName = (await okta.getApp(client, args.appId)).data.name;
  return {
    appId: args.appId,
    appName,
    authScheme: okta.connectionScheme(live) ?? "UNKNOWN",
    status: live.status,
    enabled: live.status === "ENABLED",
    ...(live.baseUrl ? { baseUrl: live.baseUrl } : {}),
    ...(live.profile?.clientId ? { clientId: live.profile.clientId } : {}),
    ...(live.profile?.signing ? { signing: live.profile.signing } : {}),
    ...(args.org ? { org: args.org } : {}),
  };
}

async function getProvisioningFeature(
  args: GetProvisioningFeatureArgs,
): Promise<GetProvisioningFeatureResult> {
  let live: okta.FeatureResponse;
  try {
    live = (await okta.getFeature(oktaClient(args.org), args.appId, args.name)).data;
  } catch (err) {
    const subject = `getProvisioningFeature of app ${args.appId}`;
    if (isMissingBelowApp(err)) throw await missingFeature(args, subject);
    if (isProvisioningNotEnabled(err)) throw notEnabledError(subject);
    throw err;
  }
  return {
    appId: args.appId,
    name: args.name,
    status: live.status,
    ...(live.description ? { description: live.description } : {}),
    capabilities: live.capabilities ?? {},
    ...(args.org ? { org: args.org } : {}),
  };
}

/** Each function's result. */
export interface FunctionResults {
  getProvisioningConnection: GetProvisioningConnectionResult;
  getProvisioningFeature: GetProvisioningFeatureResult;
}

const READS: { [F in FunctionName]: (args: never) => Promise<FunctionResults[F]> } = {
  getProvisioningConnection,
  getProvisioningFeature,
};

/** Whether `token` (the function's name, or its schema token `okta-provisioning:index:<name>`) is one of ours. */
export function functionNamed(token: string): FunctionName | undefined {
  const name = token.split(":").pop() as FunctionName;
  return Object.hasOwn(READS, name) ? name : undefined;
}

/** Why the arguments are refused (empty when they are good): the schema's shape, the ids, the org alias. */
export function functionFailures(name: FunctionName, args: Record<string, unknown>): CheckFailure[] {
  const failures = checkFunctionArgs(name, args);
  return failures.some((f) => f.property === "org") ? failures : [...failures, ...orgFailures(args.org)];
}

/**
 * Runs the function `name` on `args`: refused arguments throw FunctionArgsError (nothing asked of Okta), an Okta
 * failure one line naming the function and the app.
 */
export async function invokeFunction<F extends FunctionName>(
  name: F,
  args: Record<string, unknown>,
): Promise<FunctionResults[F]> {
  const given = Object.fromEntries(
    Object.entries(args ?? {}).filter(([, v]) => v !== undefined && v !== null),
  );
  const failures = functionFailures(name, given);
  if (failures.length > 0) throw new FunctionArgsError(name, failures);
  const label = `${name} of app ${given.appId as string}`;
  return asResource(label, () => READS[name](given as never));
}
