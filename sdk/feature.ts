import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamic-provider";
import { orgOf } from "./consent";
import { refuseImport } from "./import-guard";
import { lookupProps, type ResourceLookupState } from "./lookup";
import { withSecretInputs } from "./secret-inputs";
import type { ApplicationFeatureType, EnabledStatus, ProvisioningFeatureArgs } from "./types";

/**
 * One provisioning feature of an Okta app: To App (`USER_PROVISIONING`) or To Okta (`INBOUND_PROVISIONING`).
 * Only the capabilities you set are managed; deleting the resource resets them to Okta's disabled defaults
 * (set `retainOnDelete` to keep them).
 */
export class ProvisioningFeature extends pulumi.dynamic.Resource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<ApplicationFeatureType>;
  declare readonly status: pulumi.Output<EnabledStatus>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** The capabilities this resource manages, with their live values. */
  declare readonly capabilities: pulumi.Output<Record<string, unknown>>;
  /** Every capability as Okta reports it. */
  declare readonly effectiveCapabilities: pulumi.Output<Record<string, unknown>>;

  /**
   * The feature `id` (`<appId>/USER_PROVISIONING` or `…/INBOUND_PROVISIONING`) as Okta has it now, read without being
   * managed (Pulumi's `get`): `capabilities` are every capability Okta reports. `state.org` (or an id `<alias>:…`)
   * reads it from a named org.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: ResourceLookupState,
    opts?: pulumi.CustomResourceOptions,
  ): ProvisioningFeature {
    return new ProvisioningFeature(name, (state ?? {}) as ProvisioningFeatureArgs, { ...opts, id });
  }

  constructor(name: string, args: ProvisioningFeatureArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("ProvisioningFeature", name, opts);
    if (opts?.id !== undefined) {
      // With an id, Pulumi reads the resource instead of managing it (a `get`).
      super(
        dynamicProvider("ProvisioningFeature"),
        name,
        lookupProps("ProvisioningFeature", args as ResourceLookupState),
        opts,
        "okta-provisioning",
        "ProvisioningFeature",
      );
      return;
    }
    const { connection, ...rest } = withSecretInputs("ProvisioningFeature", args);
    const props: Record<string, unknown> = {
      ...rest,
      status: undefined,
      description: undefined,
      effectiveCapabilities: undefined,
    };
    if (connection) {
      // Taking the app from the connection's outputs also orders this feature after the connection is written.
      props.appId = args.appId ?? connection.appId;
      props.appName = args.appName ?? connection.appName;
      props.org = args.org ?? orgOf(connection);
    }
    super(
      dynamicProvider("ProvisioningFeature"),
      name,
      props,
      opts,
      "okta-provisioning",
      "ProvisioningFeature",
    );
  }
}
