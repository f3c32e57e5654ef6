/**
 * The package schema the plugin serves (GetSchema), derived at run time from schema.json, the one source of the
 * package's types. schema.json describes the resources and the stack config the dynamic resources read; a native
 * provider also takes its org and credentials as config (`okta-provisioning:apiToken`) and, on an explicit
 * `pulumi:providers:okta-provisioning`, as inputs. Those keys are the fields of a named org (`NamedOrg`), so they
 * are taken from there, secrets and descriptions included.
 */
import schema from "../schema.json";

export const PACKAGE = "okta-provisioning";

export interface PropertySpec {
  type?: string;
  $ref?: string;
  secret?: boolean;
  description?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
}

const NAMED_ORG = `${PACKAGE}:index:NamedOrg`;

/** The provider's config keys and explicit-provider inputs: a named org's fields, then schema.json's config. */
export function providerProperties(): Record<string, PropertySpec> {
  const namedOrg = (schema.types as unknown as Record<string, { properties: Record<string, PropertySpec> }>)[
    NAMED_ORG
  ];
  return {
    ...namedOrg.properties,
    ...(schema.config.variables as Record<string, PropertySpec>),
  };
}

/** Provider keys whose values are secrets (`apiToken`, `privateKey`). */
export function providerSecretKeys(): Set<string> {
  return new Set(
    Object.entries(providerProperties())
      .filter(([, spec]) => spec.secret)
      .map(([key]) => key),
  );
}

/** schema.json's version, which a unit test keeps equal to package.json's. */
export const PLUGIN_VERSION: string = schema.version;

/** The schema as the engine and the language hosts ask for it. */
export function packageSchema(): string {
  const properties = providerProperties();
  return JSON.stringify({
    ...schema,
    version: PLUGIN_VERSION,
    description:
      "Okta app provisioning as code: provisioning connections, provisioning features (To App, To Okta) and the " +
      "OAuth 2.0 consent of three-legged connections, as a native Pulumi provider for every language.",
    config: { variables: properties },
    provider: {
      description:
        "An Okta org and its credentials. Several providers in one program manage several orgs (`provider:` " +
        "option); each reads `orgUrl` (or `orgName` and `baseUrl`) and `apiToken` (or a service app's " +
        "`clientId` and `privateKey`), then the `OKTA_*` environment variables.",
      inputProperties: properties,
      properties,
    },
  });
}
