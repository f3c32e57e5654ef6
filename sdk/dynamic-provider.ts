import type * as pulumi from "@pulumi/pulumi";

export type ResourceKind = "ProvisioningConnection" | "ProvisioningFeature" | "OAuthConsent";

/**
 * The provider object Pulumi serializes into each resource's state. Pulumi's closure serializer captures by value
 * everything a function references, so these functions reference nothing but `require`, the kind name and the
 * fallback path: the implementation is loaded by package name inside the dynamic-provider process, and no
 * credential can ever be captured here.
 */
export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: Pulumi caches the serialized text per provider object, so 600 resources serialize 3 times.
  const cached = providers.get(kind);
  if (cached) return cached;
  // Used only when the package cannot be resolved by name from the program's directory (a program inside this
  // repository itself, like the quickstart).
  const fallback = require.resolve("../provider");
  const impl = () => {
    let mod;
    try {
      mod = require("pulumi-okta-provisioning/provider");
    } catch {
      mod = require(fallback);
    }
    return mod;
  };
  const provider: pulumi.dynamic.ResourceProvider = {
    configure: (req) => impl().configure(req),
    check: (olds, news) => impl()[kind].check(olds, news),
    diff: (id, olds, news) => impl()[kind].diff(id, olds, news),
    create: (inputs) => impl()[kind].create(inputs),
    read: (id, props) => impl()[kind].read(id, props),
    update: (id, olds, news) => impl()[kind].update(id, olds, news),
    delete: (id, props) => impl()[kind].delete(id, props),
  };
  providers.set(kind, provider);
  return provider;
}

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();
