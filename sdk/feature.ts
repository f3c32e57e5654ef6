import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamic-provider";
import { orgOf } from "./consent";
import { refuseImport } from "./import-guard";
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

  constructor(name: string, args: ProvisioningFeatureArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("ProvisioningFeature", name, opts);
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
