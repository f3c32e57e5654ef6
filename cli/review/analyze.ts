/**
 * From `pulumi preview --refresh --json` to findings. Two quirks of Pulumi's output shape this (ENGINE.md): a
 * refresh step's `newState` repeats the old state, so the last-known state is the refresh step's `oldState` and
 * the live values are the `oldState` of the step that follows it for the same resource; and `detailedDiff` is null
 * for dynamic resources, so their property paths come from comparing the states. Where the engine has the
 * provider's detailed diff (the native plugin's resources, most other packages'), the planned changes are the
 * properties it names.
 */
import { changesFromDetailedDiff, type DetailedDiff } from "./detailed-diff";
import { allProperties, diffProperties, secretPaths, SECRET } from "./property-diff";
import {
  desiredInputs,
  dropRepeats,
  hideSchemaSecrets,
  isCounter,
  kindOf,
  liveOutputPath,
  MACHINERY,
  disruptsUpdate,
  whyDestructive,
  writeOnlyPaths,
} from "./kinds";
import { parseUrn, type PreviewOutput, type PreviewStep, type ResourceState } from "./preview-json";
import type {
  Change,
  ChangeOp,
  Drift,
  PropertyChange,
  ResourceRef,
  ReviewReport,
  Unverifiable,
} from "./types";

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);
const OPS: Record<string, ChangeOp> = {
  create: "create",
  update: "update",
  delete: "delete",
  discard: "delete",
};

/** The stack itself and provider instances carry no configuration a reviewer acts on. */
function reviewed(type: string): boolean {
  return type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");
}

function typeOf(urn: string, state?: ResourceState): string {
  if (state?.type) return state.type;
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

/** What the provider last reported; a resource with no outputs (a component) is described by its inputs. */
function properties(state: ResourceState | undefined): Record<string, unknown> | undefined {
  if (!state) return undefined;
  return state.outputs && Object.keys(state.outputs).length > 0 ? state.outputs : state.inputs;
}

function opOf(steps: PreviewStep[]): ChangeOp | undefined {
  if (steps.some((s) => REPLACE_OPS.has(s.op))) return "replace";
  for (const s of steps) if (OPS[s.op]) return OPS[s.op];
  return undefined;
}

interface Planned {
  op: ChangeOp | undefined;
  /** The refreshed (live) state, as the first non-refresh step's `oldState`. */
  live?: ResourceState;
  /** What the program declares. */
  desired?: ResourceState;
  /** The provider's detailed diff of the update or replace, when the engine has one. */
  detailed?: DetailedDiff;
}

function planOf(steps: PreviewStep[]): Planned {
  const op = opOf(steps);
  const live = steps.find((s) => s.oldState)?.oldState;
  const desired = [...steps].reverse().find((s) => s.newState && s.op !== "delete-replaced")?.newState;
  const detailed = steps.find((s) => s.detailedDiff && Object.keys(s.detailedDiff).length > 0)?.detailedDiff;
  return { op, live, desired, ...(detailed ? { detailed } : {}) };
}

function refOf(urn: string, type: string, state: ResourceState | undefined): ResourceRef {
  return { urn, type, name: parseUrn(urn).name, kind: kindOf(type, properties(state)) };
}

/**
 * A property the program starts to manage has no value in the old inputs, but Okta may already have one (a feature's
 * `effectiveCapabilities`): that is what "Now" is, so a leaf already at the desired value does not read as a change.
 */
function withLiveValues(
  type: string,
  props: PropertyChange[],
  live: ResourceState | undefined,
): PropertyChange[] {
  return props.map((p) => {
    if (p.before !== null) return p;
    const keys = liveOutputPath(type, p.path.split("."));
    let value: unknown = keys ? live?.outputs : undefined;
    for (const key of keys ?? []) value = (value as Record<string | number, unknown> | undefined)?.[key];
    return value === undefined || value === null || typeof value === "object" ? p : { ...p, before: value };
  });
}

function changeOf(ref: ResourceRef, plan: Planned, drift?: Drift): Change | undefined {
  const { op, live } = plan;
  if (!op) return undefined;
  const desired = plan.desired && {
    ...plan.desired,
    inputs: desiredInputs(ref.type, plan.desired.inputs, live?.inputs),
  };
  let props: PropertyChange[];
  if (op === "create") props = allProperties(desired?.inputs, "after", MACHINERY);
  else if (op === "delete") props = allProperties(live?.inputs, "before", MACHINERY);
  else if (plan.detailed) {
    props = changesFromDetailedDiff(plan.detailed, live, desired?.inputs, MACHINERY, (keys) =>
      liveOutputPath(ref.type, keys),
    );
  } else {
    props = withLiveValues(ref.type, diffProperties(live?.inputs, desired?.inputs, MACHINERY), live);
    // Pulumi prints every secret as "[secret]", so a changed secret looks unchanged: when nothing visible explains
    // the update (a revision counter going up explains nothing), the secrets are what changed.
    if (props.every((p) => isCounter(ref.type, p.path)))
      props = [
        ...props,
        ...secretPaths(desired?.inputs).map((path) => ({ path, before: SECRET, after: SECRET })),
      ].sort((x, y) => x.path.localeCompare(y.path));
  }
  for (const p of props) {
    const undone = drift?.properties.find(
      (d) => d.path === p.path && JSON.stringify(d.before) === JSON.stringify(p.after),
    );
    if (undone && JSON.stringify(undone.after) === JSON.stringify(p.before)) p.revertsDrift = true;
  }
  const destructive =
    op === "delete" || op === "replace"
      ? whyDestructive(ref.type, op)
      : op === "update"
        ? disruptsUpdate(
            ref.type,
            properties(live),
            desired?.inputs,
            props.map((p) => p.path),
          )
        : undefined;
  return { ...ref, op, properties: props, ...(destructive ? { destructive } : {}) };
}

function driftOf(ref: ResourceRef, known: ResourceState | undefined, plan: Planned): Drift | undefined {
  if (!known) return undefined;
  // Refreshed and then to be created: the read found it gone from Okta.
  if (plan.op === "create") return { ...ref, status: "deleted", properties: [] };
  if (!plan.live) return undefined;
  const props = dropRepeats(ref.type, diffProperties(properties(known), properties(plan.live), MACHINERY));
  return props.length > 0 ? { ...ref, status: "changed", properties: props } : undefined;
}

/** The review of one preview. `stack` defaults to the stack named in the URNs. */
export function analyzePreview(preview: PreviewOutput, stack?: string): ReviewReport {
  const lastKnown = new Map<string, ResourceState | undefined>();
  const stepsOf = new Map<string, PreviewStep[]>();
  for (const raw of preview.steps ?? []) {
    // Schema secrets are hidden before anything reads the states: no value of theirs can reach the report.
    const type = typeOf(raw.urn, raw.oldState ?? raw.newState);
    const step = {
      ...raw,
      oldState: hideSchemaSecrets(type, raw.oldState),
      newState: hideSchemaSecrets(type, raw.newState),
    };
    if (step.op === "refresh") lastKnown.set(step.urn, step.oldState ?? step.newState);
    else stepsOf.set(step.urn, [...(stepsOf.get(step.urn) ?? []), step]);
  }
  // The engine refreshes and plans in parallel, so step order varies between runs; the report's order must not.
  const urns = [...new Set([...lastKnown.keys(), ...stepsOf.keys()])].sort();
  const drift: Drift[] = [];
  const changes: Change[] = [];
  const unverifiable: Unverifiable[] = [];
  let unchanged = 0;
  for (const urn of urns) {
    const known = lastKnown.get(urn);
    const plan = planOf(stepsOf.get(urn) ?? []);
    const type = typeOf(urn, known ?? plan.live ?? plan.desired);
    if (!reviewed(type)) continue;
    const ref = refOf(urn, type, known ?? plan.live ?? plan.desired);
    const drifted = driftOf(ref, known, plan);
    const change = changeOf(ref, plan, drifted);
    if (drifted) drift.push(drifted);
    if (change) changes.push(change);
    if (!drifted && !change) unchanged++;
    if (known && plan.op !== "create")
      for (const { path, reason } of writeOnlyPaths(type, known.inputs))
        unverifiable.push({ ...ref, path, reason });
  }
  const count = (op: ChangeOp) => changes.filter((c) => c.op === op).length;
  const firstUrn = urns[0];
  return {
    stack: stack ?? (firstUrn ? parseUrn(firstUrn).stack : ""),
    drift,
    changes,
    unverifiable,
    summary: {
      drifted: drift.length,
      create: count("create"),
      update: count("update"),
      replace: count("replace"),
      delete: count("delete"),
      destructive: changes.filter((c) => c.destructive).length,
      unchanged,
    },
  };
}
