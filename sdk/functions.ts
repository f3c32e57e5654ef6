/**
 * The package's functions for TypeScript programs of the dynamic resources, in the two forms Pulumi's SDKs offer:
 * `getX(args)` answers a Promise of plain values, `getXOutput(args)` takes Inputs (another resource's outputs) and
 * answers an Output. Dynamic resources have no provider to invoke, so the read runs in the program's own process, on
 * the core (provider/functions.ts) the native plugin's Invoke also runs, with the stack config Pulumi gave the program
 * (`okta:apiToken`, `okta-provisioning:orgUrl`, `okta-provisioning:orgs`, … then the `OKTA_*` variables).
 */
import * as pulumi from "@pulumi/pulumi";
import type { FunctionName, FunctionResults } from "../provider/functions";
import type {
  GetProvisioningConnectionArgs,
  GetProvisioningConnectionOutputArgs,
  GetProvisioningConnectionResult,
  GetProvisioningFeatureArgs,
  GetProvisioningFeatureOutputArgs,
  GetProvisioningFeatureResult,
} from "./types";

let configured = false;

/**
 * The core, loaded when a function is first called (a program that calls none does not load the Okta client), and
 * pointed once at the program's stack config.
 */
function core(): typeof import("../provider/functions") {
  const functions = require("../provider/functions") as typeof import("../provider/functions");
  if (!configured) {
    const runtime = require("../provider/runtime") as typeof import("../provider/runtime");
    runtime.setConfigSource({ get: (key: string) => pulumi.runtime.getConfig(key) });
    configured = true;
  }
  return functions;
}

function invoke<F extends FunctionName>(name: F, args: object): Promise<FunctionResults[F]> {
  const result = (async () => {
    try {
      return await core().invokeFunction(name, args as Record<string, unknown>);
    } catch (err) {
      // A RunError: Pulumi prints its message alone, not "unhandled exception" with the program's stack trace.
      throw new pulumi.RunError(err instanceof Error ? err.message : String(err));
    }
  })();
  // A program may export the Promise as it is: Pulumi then takes its failure when it reads the stack's outputs, after
  // Node has called the rejection unhandled (a PromiseRejectionHandledWarning in the output). Whoever awaits or exports
  // it still gets the error; only a call whose result nobody uses fails unseen, as its read changes nothing.
  result.catch(() => undefined);
  return result;
}

/**
 * Reads an app's default provisioning connection without managing it, as `okta.app.getConnection` does (one read of
 * the connection, one of the app). No secret in the result: no token, no admin password, no authorize link.
 */
export function getProvisioningConnection(
  args: GetProvisioningConnectionArgs,
): Promise<GetProvisioningConnectionResult> {
  return invoke("getProvisioningConnection", args);
}

/** `getProvisioningConnection` over Inputs: an Output, unknown at preview while its arguments are. */
export function getProvisioningConnectionOutput(
  args: GetProvisioningConnectionOutputArgs,
): pulumi.Output<GetProvisioningConnectionResult> {
  return pulumi
    .output(args)
    .apply((plain) => getProvisioningConnection(plain as GetProvisioningConnectionArgs));
}

/**
 * Reads one provisioning feature of an app without managing it, as `okta.app.getFeatures` does (one read): every
 * capability Okta reports. Okta shows features only while the app's connection is enabled.
 */
export function getProvisioningFeature(
  args: GetProvisioningFeatureArgs,
): Promise<GetProvisioningFeatureResult> {
  return invoke("getProvisioningFeature", args);
}

/** `getProvisioningFeature` over Inputs: an Output, unknown at preview while its arguments are. */
export function getProvisioningFeatureOutput(
  args: GetProvisioningFeatureOutputArgs,
): pulumi.Output<GetProvisioningFeatureResult> {
  return pulumi.output(args).apply((plain) => getProvisioningFeature(plain as GetProvisioningFeatureArgs));
}
