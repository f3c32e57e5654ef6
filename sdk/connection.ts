import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamic-provider";
import { refuseImport } from "./import-guard";
import { lookupProps, type ResourceLookupState } from "./lookup";
import { withSecretInputs } from "./secret-inputs";
import { SECRET_OUTPUTS } from "../provider/schema-tables";
import type {
  ProvisioningConnectionArgs,
  ProvisioningConnectionAuthScheme,
  ProvisioningConnectionStatus,
} from "./types";

/**
 * The default provisioning connection of an Okta app (token or OAuth 2.0). Deleting it deactivates the
 * connection. The token and admin password are secrets; Okta never returns them, so drift on them cannot be seen.
 */
export class ProvisioningConnection extends pulumi.dynamic.Resource {
  declare readonly appId: pulumi.Output<string>;
  /** The app's Okta name, e.g. `zscalerbyz`, `okta_org2org`, `google`. */
  declare readonly appName: pulumi.Output<string>;
  declare readonly authScheme: pulumi.Output<ProvisioningConnectionAuthScheme>;
  declare readonly status: pulumi.Output<ProvisioningConnectionStatus>;
  /** Where a person consents, for three-legged OAuth apps (Google Workspace, Microsoft 365, Slack, Zoom). */
  declare readonly authorizeUrl: pulumi.Output<string | undefined>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly org: pulumi.Output<string | undefined>;
  /** One more each time the POSTed profile changes; an OAuthConsent given this connection runs again then. */
  declare readonly profileRevision: pulumi.Output<number>;
  /**
   * The `org` the program gave, for resources that take their org from this connection: known at preview even
   * while this connection is being updated (an output it does not echo would be unknown then, and a dependent's
   * org unknown reads as a replacement).
   */
  readonly orgAlias: pulumi.Input<string | undefined>;

  /**
   * The connection of app `id` as Okta has it now, read without being managed (Pulumi's `get`): `pulumi up` never
   * writes it, and destroy leaves it alone. `state.org` (or an id `<alias>:0oa…`) reads it from a named org. Okta never
   * returns the token, so the object has none.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: ResourceLookupState,
    opts?: pulumi.CustomResourceOptions,
  ): ProvisioningConnection {
    return new ProvisioningConnection(name, (state ?? {}) as ProvisioningConnectionArgs, { ...opts, id });
  }

  constructor(name: string, args: ProvisioningConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("ProvisioningConnection", name, opts);
    super(
      dynamicProvider("ProvisioningConnection"),
      name,
      // With an id, Pulumi reads the resource instead of managing it (a `get`).
      opts?.id !== undefined
        ? lookupProps("ProvisioningConnection", args)
        : {
            ...withSecretInputs("ProvisioningConnection", args),
            appName: args.appName,
            status: undefined,
            authorizeUrl: undefined,
            profileRevision: undefined,
          },
      // The schema's secret outputs (token, settings, authorizeUrl): encrypted in state whatever the program passed;
      // withSecretInputs does the same for the inputs.
      {
        ...opts,
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          ...SECRET_OUTPUTS.ProvisioningConnection,
        ],
      },
      "okta-provisioning",
      "ProvisioningConnection",
    );
    this.orgAlias = args.org;
  }
}
