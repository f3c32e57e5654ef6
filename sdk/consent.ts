import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamic-provider";
import { refuseImport } from "./import-guard";
import { lookupProps, type ResourceLookupState } from "./lookup";
import { withSecretInputs } from "./secret-inputs";
import type {
  OAuthConsentArgs,
  ProvisioningConnectionReference,
  ProvisioningConnectionStatus,
} from "./types";

/** The org of a connection as its program gave it, when known; else its output. */
export function orgOf(
  connection: ProvisioningConnectionReference,
): pulumi.Input<string | undefined> | undefined {
  return "orgAlias" in connection ? connection.orgAlias : connection.org;
}

/**
 * Blocks `pulumi up` until a person has authorized a three-legged OAuth provisioning connection (Google Workspace,
 * Microsoft 365, Slack, Zoom) out of band, then completes and activates it. The authorize URL, how to confirm and
 * the time left appear in the `pulumi up` output. Nothing happens in preview.
 */
export class OAuthConsent extends pulumi.dynamic.Resource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly appName: pulumi.Output<string>;
  /** The connection's status: ENABLED once authorized and activated; a later revocation shows as drift. */
  declare readonly status: pulumi.Output<ProvisioningConnectionStatus>;
  declare readonly authorizedAt: pulumi.Output<string | undefined>;

  /**
   * The consent of app `id`, read without being managed (Pulumi's `get`): its `status` is the connection's live one.
   * `state.org` (or an id `<alias>:0oa…`) reads it from a named org.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: ResourceLookupState,
    opts?: pulumi.CustomResourceOptions,
  ): OAuthConsent {
    return new OAuthConsent(name, (state ?? {}) as OAuthConsentArgs, { ...opts, id });
  }

  constructor(name: string, args: OAuthConsentArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("OAuthConsent", name, opts);
    if (opts?.id !== undefined) {
      // With an id, Pulumi reads the resource instead of managing it (a `get`).
      super(
        dynamicProvider("OAuthConsent"),
        name,
        lookupProps("OAuthConsent", args as ResourceLookupState),
        opts,
        "okta-provisioning",
        "OAuthConsent",
      );
      return;
    }
    const { connection, ...rest } = withSecretInputs("OAuthConsent", args);
    const props: Record<string, unknown> = { ...rest, status: undefined, authorizedAt: undefined };
    if (connection) {
      props.appId = args.appId ?? connection.appId;
      props.appName = args.appName ?? connection.appName;
      props.org = args.org ?? orgOf(connection);
      // `enabled: false` on the connection means "authorized, but off": the consent must not switch it back on.
      props.activate = args.activate ?? connection.enabled;
      // Changes when the connection re-posts its profile, which voids the grant: the consent then runs again.
      props.profileRevision = connection.profileRevision;
    }
    super(dynamicProvider("OAuthConsent"), name, props, opts, "okta-provisioning", "OAuthConsent");
  }
}
