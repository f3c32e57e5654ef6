/**
 * ProvisioningFeature: one feature of an app (To App USER_PROVISIONING, To Okta INBOUND_PROVISIONING).
 * id = `appId/NAME`. Okta merges a partial PUT body, so create/update send one PUT of only the leaves that differ
 * from the last known state; read = one GET; delete resets the capabilities to Okta's disabled defaults.
 *
 * Outputs keep two views: `capabilities` — the leaves the program manages, with their live values (what drift is
 * judged on) — and `effectiveCapabilities`, everything Okta reports.
 */
import type { DynamicProvider } from "./dynamic";
import { featureProblem } from "./apps";
import { differingLeaves, leavesOf, projectOnto, treeOf, type Leaves } from "./capabilities";
import { isMissingBelowApp, isNotFound, isProvisioningNotEnabled } from "./client";
import { asResource, ProvisioningError } from "./errors";
import { asSavedConfigResource } from "./saved-config";
import * as okta from "./okta-api";
import { createdHere, recordCreated } from "./created-here";
import { lookedUp, lookupId, parseImportId } from "./import-id";
import { say } from "./operation";
import { oktaClient, orgFailures, orgFor } from "./runtime";
import { replacedInputs, withDefaults } from "./replaces";
import * as SCHEMA from "./schema-tables";
import type { ProvisioningFeatureInputs, ProvisioningFeatureOutputs } from "./schema-types";
import { appIdProblem, checkInputs, UNKNOWN, type CheckFailure, forEngine } from "./validation";
import { connectionDeclaredDisabled, connectionDeclaredEnabled } from "./declared-status";
import { checkOrgBeforeChange } from "./preflight";
import { requiredAlong } from "./validation/json-schema";

type Capabilities = Record<string, unknown>;

/** The schema's inputs, but `capabilities` as the tree of leaves it is handled as here (./capabilities.ts). */
export type FeatureInputs = Omit<ProvisioningFeatureInputs, "capabilities"> & { capabilities?: Capabilities };

export type FeatureOutputs = FeatureInputs &
  Pick<ProvisioningFeatureOutputs, "status" | "description"> & { effectiveCapabilities: Capabilities };

const INPUT_KEYS = SCHEMA.INPUT_KEYS.ProvisioningFeature as (keyof FeatureInputs)[];

/**
 * What a delete returns a feature to: what Okta shows for one nobody configured.
 * - INBOUND_PROVISIONING: as recorded in a real org (test/conformance/recordings/tf-inbound-feature-read.json; one
 *   org, where an admin may have set some of it): EMAIL usernames, USERNAME matching with partial matches allowed,
 *   no import schedule, no automation. A null clears a schedule entry, as the spec's own PUT example does.
 * - USER_PROVISIONING: no recording of an untouched one; ours, from the spec's defaults (every status DISABLED,
 *   `seed` RANDOM, `change` KEEP_EXISTING).
 */
export const DISABLED_DEFAULTS: Record<okta.FeatureName, Record<string, unknown>> = {
  USER_PROVISIONING: {
    create: { lifecycleCreate: { status: "DISABLED" } },
    update: {
      profile: { status: "DISABLED" },
      lifecycleDeactivate: { status: "DISABLED" },
      password: { status: "DISABLED", seed: "RANDOM", change: "KEEP_EXISTING" },
    },
  },
  INBOUND_PROVISIONING: {
    importSettings: {
      username: { usernameFormat: "EMAIL" },
      schedule: { status: "DISABLED", fullImport: null, incrementalImport: null },
    },
    importRules: {
      userCreateAndMatch: {
        exactMatchCriteria: "USERNAME",
        allowPartialMatch: true,
        autoConfirmPartialMatch: false,
        autoConfirmExactMatch: false,
        autoConfirmNewUsers: false,
        autoActivateNewUsers: false,
      },
    },
  },
};

function label(appId: string, name: string): string {
  return `ProvisioningFeature ${name} of app ${appId}`;
}

/** The label, for inputs that may still be unknown at preview. */
function resourceLabel(appId: unknown, name: unknown): string {
  const known = (v: unknown) => typeof v === "string" && v !== UNKNOWN;
  return known(appId) && known(name) ? label(appId as string, name as string) : "ProvisioningFeature";
}

/**
 * A feature written in the run that switches its connection off would fail after the deactivation (Okta hides an
 * app's features while its provisioning is off): refused at preview, with the two ways that work.
 */
function writeWhileDisabled(olds: FeatureInputs | undefined, news: FeatureInputs): CheckFailure[] {
  if (!connectionDeclaredDisabled(news.org, news.appId)) return [];
  const creating = !olds?.appId;
  const before = leavesOf(olds?.capabilities);
  const after = leavesOf(news.capabilities);
  const changed =
    before.size !== after.size || [...after].some(([path, value]) => !same(before.get(path), value));
  if (!creating && !changed) return [];
  return [
    {
      // No property: the engine would print the whole capabilities tree before the reason.
      property: "",
      reason:
        `capabilities cannot be ${creating ? "set" : "changed"} in the same \`pulumi up\` that disables app ${news.appId}'s ` +
        "provisioning connection (its ProvisioningConnection has `enabled: false`): Okta hides an app's features " +
        "while its provisioning is off, so this write would fail after the connection is deactivated. Apply the " +
        "feature change with the connection still enabled, then set `enabled: false` in a second `pulumi up`; or " +
        "leave this feature's capabilities as they are",
    },
  ];
}

function featureId(appId: string, name: string): string {
  return `${appId}/${name}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function outputsFrom(inputs: FeatureInputs, live: okta.FeatureResponse): FeatureOutputs {
  return {
    ...inputs,
    adopt: inputs.adopt === true,
    capabilities: projectOnto(inputs.capabilities ?? {}, live.capabilities),
    status: live.status,
    ...(live.description ? { description: live.description } : {}),
    effectiveCapabilities: live.capabilities ?? {},
  };
}

/**
 * The leaves to PUT: those that differ, each with the fields its enclosing objects require (schema.json: a
 * schedule's `expression`, a username's `usernameFormat`). Okta merges the body, but each object in it must be one
 * the spec allows: a `fullImport` with only a new `timezone` is refused.
 */
function putLeaves(changes: Leaves, desired: unknown, current: unknown): Leaves {
  const body: Leaves = new Map(changes);
  const wanted = leavesOf(desired);
  const now = leavesOf(current);
  for (const path of changes.keys()) {
    for (const required of requiredAlong("ProvisioningFeature", `capabilities.${path}`)) {
      const leaf = required.slice("capabilities.".length);
      const value = wanted.get(leaf) ?? now.get(leaf);
      if (!body.has(leaf) && value !== undefined) body.set(leaf, value);
    }
  }
  return body;
}

/** One PUT of `changes`, or none when nothing differs (then `current` stands). */
async function putDiffering(
  inputs: FeatureInputs,
  current: okta.FeatureResponse | undefined,
  desired: unknown,
) {
  const changes = differingLeaves(desired, current?.capabilities);
  if (current && changes.size === 0) return current;
  const client = oktaClient(inputs.org);
  const body = treeOf(putLeaves(changes, desired, current?.capabilities));
  return (await okta.putFeature(client, inputs.appId, inputs.name, body)).data;
}

/**
 * The capabilities with the username format the schema requires: a username Okta answered without one is Okta's
 * default, `EMAIL` (either wire spelling is already read as `usernameFormat`: okta-api.ts). `pulumi import` writes
 * code from the imported inputs, and its importer stops at a required enum it has no value for ("unexpected schema
 * type okta-provisioning:index:UsernameFormat").
 */
function withUsernameFormat(capabilities: Capabilities): Capabilities {
  const settings = capabilities.importSettings as Capabilities | undefined;
  const username = settings?.username as Capabilities | undefined;
  if (!username || typeof username.usernameFormat === "string") return capabilities;
  return {
    ...capabilities,
    importSettings: { ...settings, username: { ...username, usernameFormat: "EMAIL" } },
  };
}

/**
 * Okta answered that the app has no such feature (a 404 that names the feature, not the app: isMissingBelowApp).
 * Without `appName` the preview could not tell; the user needs to hear which features the app has, so they are read
 * (one call, on this failure path only). A list Okta refuses leaves them unnamed.
 */
async function featureNames(appId: string, org: string | undefined): Promise<string[] | undefined> {
  return okta
    .listFeatures(oktaClient(org), appId)
    .then((res) => res.map((f) => f.name).filter((name) => typeof name === "string"))
    .catch(() => undefined);
}

/**
 * The error for a feature Okta says the app lacks, naming those it has. `subject` is who asks: the resource (the
 * default; then the fix is to its inputs) or a function reading it.
 */
export async function missingFeature(
  inputs: Pick<FeatureInputs, "appId" | "name" | "org">,
  subject?: string,
): Promise<ProvisioningError> {
  const features = await featureNames(inputs.appId, inputs.org);
  const has = features === undefined ? "" : ` (its features: ${features.join(", ") || "none"})`;
  const what = `Okta has no ${inputs.name} feature for this app${has}`;
  if (subject) return new ProvisioningError(`${subject}: ${what}.`);
  const instead = features?.length ? `set \`name\` to ${features.join(" or ")}, ` : "";
  return new ProvisioningError(
    `${label(inputs.appId, inputs.name)}: ${what}: ${instead}point appId at an app that has ${inputs.name}, or ` +
      "remove this resource. Nothing was changed.",
  );
}

/** A read of a feature while the app's provisioning is off: Okta hides its features (400 E0000001). */
export function notEnabledError(subject: string): ProvisioningError {
  return new ProvisioningError(
    `${subject}: provisioning is not enabled for this app: Okta shows an app's features only while its ` +
      "provisioning connection is enabled.",
  );
}

function explainNotEnabled(err: unknown, inputs: FeatureInputs): never {
  if (isProvisioningNotEnabled(err)) {
    throw new ProvisioningError(
      `${label(inputs.appId, inputs.name)}: provisioning is not enabled for this app. Enable its connection first: ` +
        `declare a ProvisioningConnection with enabled: true (and, for OAuth apps, an OAuthConsent) and pass it as ` +
        `this feature's \`connection\`.`,
    );
  }
  throw err;
}

export const featureProvider: DynamicProvider<FeatureInputs, FeatureOutputs> = {
  async check(olds, news) {
    const failures = [
      ...checkInputs("ProvisioningFeature", news as unknown as Record<string, unknown>),
      ...orgFailures(news.org),
      ...writeWhileDisabled(olds, news),
    ];
    if (!olds?.appId && failures.length === 0)
      await checkOrgBeforeChange(news.org, resourceLabel(news.appId, news.name));
    return { inputs: withDefaults("ProvisioningFeature", news), failures: failures.map(forEngine) };
  },

  async diff(_id, olds, news) {
    // Another alias of the same org is the same feature: only the state's alias changes.
    const replaces = replacedInputs("ProvisioningFeature", olds, news);
    const moved = !same(olds.org || undefined, news.org || undefined);
    // Judged on the leaves the program sets, against what Okta last reported for them.
    const differing = differingLeaves(news.capabilities, olds.effectiveCapabilities ?? olds.capabilities);
    const capabilitiesDiffer = differing.size > 0;
    // Managing other leaves, already at the values Okta has, writes nothing but must still be recorded: the state's
    // `capabilities` are the managed leaves. (Found by the convergence model.)
    const managed = new Set(leavesOf(news.capabilities).keys());
    const managedBefore = new Set(leavesOf(olds.capabilities).keys());
    const managedSetChanged = [...managed].sort().join() !== [...managedBefore].sort().join();
    const leaves = [
      ...differing.keys(),
      ...[...managed].filter((leaf) => !managedBefore.has(leaf)),
      ...[...managedBefore].filter((leaf) => !managed.has(leaf)),
    ];
    const changes = replaces.length > 0 || moved || capabilitiesDiffer || managedSetChanged;
    if (changes) await checkOrgBeforeChange(news.org, label(news.appId, news.name));
    return {
      changes,
      replaces,
      diffs: [
        ...new Set([...replaces, ...(moved ? ["org"] : []), ...leaves.map((leaf) => `capabilities.${leaf}`)]),
      ],
      deleteBeforeReplace: true,
    };
  },

  preview(olds, news) {
    const inputs = { ...news, adopt: news.adopt === true };
    // The managed leaves become what the program says; what else Okta reports, and the status, Okta tells.
    return {
      ...inputs,
      status: UNKNOWN,
      ...(olds?.description ? { description: olds.description } : {}),
      effectiveCapabilities: UNKNOWN,
    } as unknown as FeatureOutputs;
  },

  async create(inputs) {
    const created = await asResource(label(inputs.appId, inputs.name), async () => {
      const problem = inputs.appName ? featureProblem(inputs.appName, inputs.name) : undefined;
      if (problem)
        throw new ProvisioningError(`${label(inputs.appId, inputs.name)}: ${problem}. Nothing was changed.`);
      try {
        const current = inputs.adopt
          ? (await okta.getFeature(oktaClient(inputs.org), inputs.appId, inputs.name)).data
          : undefined;
        const live = await putDiffering(inputs, current, inputs.capabilities ?? {});
        return { id: featureId(inputs.appId, inputs.name), outs: outputsFrom(inputs, live) };
      } catch (err) {
        if (isMissingBelowApp(err)) throw await missingFeature(inputs);
        return explainNotEnabled(err, inputs);
      }
    });
    recordCreated("ProvisioningFeature", created.id, () => orgFor(inputs.org).url);
    return created;
  },

  async read(id, props) {
    if (lookedUp(props)) return featureProvider.import!(lookupId(id, props));
    return asSavedConfigResource(label(props.appId, props.name), async () => {
      let live: okta.FeatureResponse;
      try {
        live = (await okta.getFeature(oktaClient(props.org), props.appId, props.name)).data;
      } catch (err) {
        if (isNotFound(err)) return { id: "", props: {} };
        if (!isProvisioningNotEnabled(err)) throw err;
        // The connection was turned off out of band: Okta hides the feature (400 E0000001) but keeps its settings
        // (an assumption: no recording shows a reactivation). That drift is the connection's to report: the feature
        // keeps what Okta last showed, inputs and outputs alike, so a refresh shows no "every capability removed"
        // and the next preview no feature update without a property; the connection's update switches it on again.
        say(
          `${label(props.appId, props.name)}: Okta hides this feature while the app's provisioning connection is ` +
            `disabled; its last known settings are kept, and apply again once the connection is enabled.`,
        );
        const inputs = Object.fromEntries(
          INPUT_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]),
        ) as unknown as FeatureInputs;
        return { id, props, inputs };
      }
      const inputs = Object.fromEntries(
        INPUT_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]),
      ) as unknown as FeatureInputs;
      inputs.capabilities = projectOnto(props.capabilities ?? {}, live.capabilities);
      return { id, props: outputsFrom({ ...inputs, capabilities: props.capabilities }, live), inputs };
    });
  },

  async update(_id, olds, news) {
    return asResource(label(news.appId, news.name), async () => {
      try {
        const last: okta.FeatureResponse = {
          name: olds.name,
          status: olds.status,
          description: olds.description,
          capabilities: olds.effectiveCapabilities ?? olds.capabilities ?? {},
        };
        return { outs: outputsFrom(news, await putDiffering(news, last, news.capabilities ?? {})) };
      } catch (err) {
        // Hidden (the connection is off) while this run switches the connection on, or hidden at a refresh of
        // state written before issue 30 (empty effectiveCapabilities): pending until the connection is on, not a
        // failure of the run; the state keeps the old values, so the next `up` writes it. (Issue 18, defect 13.)
        const pending =
          connectionDeclaredEnabled(news.org, news.appId) ||
          Object.keys(olds.effectiveCapabilities ?? {}).length === 0;
        if (isProvisioningNotEnabled(err) && pending) {
          return { outs: { ...olds, ...news, capabilities: olds.capabilities } };
        }
        return explainNotEnabled(err, news);
      }
    });
  },

  async import(importId) {
    const { org, id } = parseImportId(importId);
    const [appId, name] = id.split("/") as [string, okta.FeatureName];
    return asResource(label(appId, name ?? "?"), async () => {
      if (id.split("/").length !== 2 || !(name in DISABLED_DEFAULTS) || appIdProblem(appId)) {
        throw new ProvisioningError(
          `ProvisioningFeature: the id "${id.slice(0, 80)}" is not appId/NAME: use <app id>/USER_PROVISIONING or ` +
            `<app id>/INBOUND_PROVISIONING, e.g. 0oa1b2c3d4e5f6g7h8i9/USER_PROVISIONING (or emea:0oa…/NAME for the ` +
            `named org emea).`,
        );
      }
      const live = await okta
        .getFeature(oktaClient(org), appId, name)
        .then((res) => res.data)
        .catch(async (err: unknown) => {
          throw isMissingBelowApp(err) ? await missingFeature({ appId, name, ...(org ? { org } : {}) }) : err;
        });
      // Every capability Okta reports is managed from now on: the program states the whole feature.
      const inputs: FeatureInputs = {
        appId,
        name,
        capabilities: withUsernameFormat(live.capabilities ?? {}),
        ...(org ? { org } : {}),
      };
      return { id, props: outputsFrom(inputs, live), inputs };
    });
  },

  async delete(id, props) {
    await asSavedConfigResource(label(props.appId, props.name), async () => {
      // Its replacement was created a moment ago in this deployment (created-here.ts): it is the one in Okta now.
      if (createdHere("ProvisioningFeature", id, () => orgFor(props.org).url)) return;
      try {
        await okta.putFeature(oktaClient(props.org), props.appId, props.name, DISABLED_DEFAULTS[props.name]);
      } catch (err) {
        // Nothing to reset: the app is gone, or its provisioning is off (Okta then ignores features).
        if (isNotFound(err) || isProvisioningNotEnabled(err)) return;
        throw err;
      }
    });
  },
};
