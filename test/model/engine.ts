/**
 * An in-process stand-in for the Pulumi engine, driving our providers the way `pulumi up`, `preview` and `refresh`
 * do (read from pkg/resource/deploy/step_generator.go and step.go of pulumi v3.259.0, and the Node dynamic-provider
 * host, sdk/nodejs/cmd/dynamic-provider):
 *
 * - refresh: `read(id, outputs)` of every resource in state; an empty id drops it; returned inputs replace the
 *   state's inputs (the dynamic host passes them on);
 * - each resource in program order: `check(olds = state inputs, news)`; no state → create; else `diff(id, old
 *   outputs, checked news)`: no change → same (the new inputs are recorded with the old outputs); changes → update;
 *   replaces → `check(undefined, news)` again, then delete-before-replace (dependents whose inputs come from the
 *   condemned resource and whose diff with those inputs unknown replaces are deleted first, in reverse order, and
 *   created again when they register) or create-before-delete (the old one deleted with the other deletes);
 * - resources no longer in the program, and condemned ones, are deleted at the end, in reverse dependency order;
 *   `retainOnDelete` removes them from state without calling `delete`;
 * - preview: check and diff only; a created or updated resource's outputs are its checked inputs (the dynamic
 *   provider does not implement preview, so the engine echoes the inputs), and an output it does not echo is
 *   unknown to the resources that take it;
 * - the first failed step ends the update: what completed is kept, the failed resource keeps its old state.
 *
 * Everything crosses a JSON boundary, as over gRPC. Steps run one at a time in program order (the engine runs
 * independent steps in parallel; every dependency here is explicit, so the order between them is not observable).
 */
import type { DynamicProvider } from "../../provider/dynamic";
import { connectionProvider } from "../../provider/connection";
import { featureProvider } from "../../provider/feature";
import { consentProvider } from "../../provider/consent/provider";
import { UNKNOWN } from "../../provider/validation";

export type Kind = "ProvisioningConnection" | "ProvisioningFeature" | "OAuthConsent";
type Json = Record<string, unknown>;

/** An input taken from another resource's output, as `connection.appId` is in the SDK. */
export interface Ref {
  ref: string;
  output: string;
}

export interface Decl {
  name: string;
  kind: Kind;
  props: Record<string, unknown>;
  /** Resources this one waits for without taking a value (`dependsOn`). */
  dependsOn?: string[];
  retainOnDelete?: boolean;
}

export interface StateResource {
  name: string;
  kind: Kind;
  id: string;
  inputs: Json;
  outputs: Json;
  /** Every resource this one depends on, through a value or `dependsOn`. */
  deps: string[];
  /** Input key → the resources its value came from. */
  propDeps: Record<string, string[]>;
  retainOnDelete?: boolean;
}

export type Op = "create" | "update" | "same" | "replace" | "delete";

export interface UpResult {
  ok: boolean;
  error?: string;
  /** What happened to each resource, by name (a replacement is "replace"). */
  ops: Record<string, Op>;
}

const PROVIDERS: Record<Kind, DynamicProvider<never, never>> = {
  ProvisioningConnection: connectionProvider as unknown as DynamicProvider<never, never>,
  ProvisioningFeature: featureProvider as unknown as DynamicProvider<never, never>,
  OAuthConsent: consentProvider as unknown as DynamicProvider<never, never>,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const provider = (kind: Kind) => PROVIDERS[kind] as DynamicProvider<any, any>;

/** What gRPC does to a value: undefined dropped, everything copied. */
export function wire<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && "ref" in value && "output" in value;
}

class StepFailed extends Error {}

export class Engine {
  stack: StateResource[] = [];
  /** Every provider call, in order: `kind.method name`. */
  readonly calls: string[] = [];

  async refresh(): Promise<void> {
    this.stack = await this.refreshed(this.stack);
  }

  private async refreshed(stack: StateResource[]): Promise<StateResource[]> {
    const out: StateResource[] = [];
    for (const r of stack) {
      this.calls.push(`${r.kind}.read ${r.name}`);
      const res = await provider(r.kind).read(r.id, wire(r.outputs));
      if (!res.id) continue;
      out.push({ ...r, id: res.id, outputs: wire(res.props), inputs: wire(res.inputs ?? r.inputs) });
    }
    return out;
  }

  /** `pulumi preview [--refresh]`: what each resource would do, nothing written. */
  async preview(program: Decl[], opts: { refresh?: boolean } = {}): Promise<UpResult> {
    const saved = this.stack;
    try {
      if (opts.refresh) this.stack = await this.refreshed(this.stack);
      return await this.run(program, true);
    } finally {
      this.stack = saved;
    }
  }

  /** `pulumi up [--refresh]`. */
  async up(program: Decl[], opts: { refresh?: boolean } = {}): Promise<UpResult> {
    try {
      if (opts.refresh) await this.refresh();
    } catch (err) {
      return { ok: false, error: (err as Error).message, ops: {} };
    }
    return this.run(program, false);
  }

  private async run(program: Decl[], dryRun: boolean): Promise<UpResult> {
    const ops: Record<string, Op> = {};
    const olds = [...this.stack];
    const next: StateResource[] = [];
    const registered = new Map<string, { outputs: Json; echoed: boolean }>();
    const deletedEarly = new Set<string>();
    const condemned: StateResource[] = [];
    const record = (r: StateResource) => {
      const at = next.findIndex((n) => n.name === r.name);
      if (at >= 0) next[at] = r;
      else next.push(r);
    };
    const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
      this.calls.push(what);
      try {
        return await fn();
      } catch (err) {
        throw new StepFailed((err as Error).message);
      }
    };
    const remove = async (r: StateResource) => {
      if (!r.retainOnDelete && !dryRun)
        await call(`${r.kind}.delete ${r.name}`, () => provider(r.kind).delete(r.id, wire(r.outputs)));
      ops[r.name] = ops[r.name] === "create" ? "replace" : (ops[r.name] ?? "delete");
    };
    try {
      for (const decl of program) {
        const { inputs, propDeps } = this.resolve(decl, registered, dryRun);
        const deps = [...new Set([...Object.values(propDeps).flat(), ...(decl.dependsOn ?? [])])];
        const old = deletedEarly.has(decl.name) ? undefined : olds.find((o) => o.name === decl.name);
        const p = provider(decl.kind);
        const check = async (withOlds: Json | undefined) => {
          const res = await call(`${decl.kind}.check ${decl.name}`, () =>
            p.check(wire(withOlds), wire(inputs)),
          );
          if (res.failures.length)
            throw new StepFailed(
              `${decl.name}: ${res.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
            );
          return wire(res.inputs) as Json;
        };
        const base = {
          name: decl.name,
          kind: decl.kind,
          deps,
          propDeps,
          retainOnDelete: decl.retainOnDelete,
        };
        const create = async (checked: Json, op: Op) => {
          ops[decl.name] = op;
          if (dryRun) {
            registered.set(decl.name, { outputs: checked, echoed: true });
            return;
          }
          const res = await call(`${decl.kind}.create ${decl.name}`, () => p.create(wire(checked)));
          const r = { ...base, id: res.id, inputs: checked, outputs: wire(res.outs) as Json };
          record(r);
          registered.set(decl.name, { outputs: r.outputs, echoed: false });
        };
        let checked = await check(old?.inputs);
        if (!old) {
          await create(checked, deletedEarly.has(decl.name) ? "replace" : "create");
          continue;
        }
        const d = await call(`${decl.kind}.diff ${decl.name}`, () =>
          p.diff(old.id, wire(old.outputs), wire(checked)),
        );
        if (!d.changes) {
          ops[decl.name] = "same";
          record({ ...base, id: old.id, inputs: checked, outputs: old.outputs });
          registered.set(decl.name, { outputs: old.outputs, echoed: false });
          continue;
        }
        if (!d.replaces.length) {
          ops[decl.name] = "update";
          if (dryRun) {
            registered.set(decl.name, { outputs: checked, echoed: true });
            continue;
          }
          // A failed update leaves the old state (the engine keeps it as it was).
          record(old);
          const res = await call(`${decl.kind}.update ${decl.name}`, () =>
            p.update(old.id, wire(old.outputs), wire(checked)),
          );
          const r = { ...base, id: old.id, inputs: checked, outputs: wire(res.outs) as Json };
          record(r);
          registered.set(decl.name, { outputs: r.outputs, echoed: false });
          continue;
        }
        checked = await check(undefined);
        if (d.deleteBeforeReplace) {
          const dependents = await this.dependentReplacements(old, olds, dryRun);
          for (const dep of [...dependents].reverse()) {
            if (deletedEarly.has(dep.name)) continue;
            await remove(dep);
            deletedEarly.add(dep.name);
            if (!dryRun) this.stack = this.stack.filter((s) => s.name !== dep.name);
            ops[dep.name] = "replace";
          }
          await remove(old);
          deletedEarly.add(old.name);
          await create(checked, "replace");
        } else {
          await create(checked, "replace");
          condemned.push(old);
        }
      }
      // Deletes last, dependents before what they depend on.
      const gone = [
        ...olds.filter((o) => !program.some((d) => d.name === o.name) && !deletedEarly.has(o.name)),
        ...condemned,
      ];
      for (const r of [...gone].sort((a, b) => olds.indexOf(b) - olds.indexOf(a))) {
        await remove(r);
        if (ops[r.name] !== "replace") ops[r.name] = "delete";
      }
      if (!dryRun) this.stack = next;
      return { ok: true, ops };
    } catch (err) {
      if (!(err instanceof StepFailed)) throw err;
      if (!dryRun) {
        // What completed is kept; what was not reached keeps its old state, unless it was deleted.
        const done = new Set(next.map((n) => n.name));
        this.stack = [...next, ...olds.filter((o) => !done.has(o.name) && !deletedEarly.has(o.name))];
      }
      return { ok: false, error: err.message, ops };
    }
  }

  /** step_generator.go calculateDependentReplacements: dependents that a change of `root` would replace. */
  private async dependentReplacements(root: StateResource, olds: StateResource[], dryRun: boolean) {
    const replaceSet = new Set([root.name]);
    const out: StateResource[] = [];
    for (const r of olds.slice(olds.indexOf(root) + 1)) {
      if (!r.deps.some((d) => replaceSet.has(d))) continue;
      let touched = false;
      const inputsForDiff: Json = {};
      for (const [key, value] of Object.entries(r.inputs)) {
        const fromCondemned = (r.propDeps[key] ?? []).some((d) => replaceSet.has(d));
        touched ||= fromCondemned;
        inputsForDiff[key] = fromCondemned ? UNKNOWN : value;
      }
      if (!touched) continue;
      this.calls.push(`${r.kind}.diff ${r.name}${dryRun ? " (preview)" : ""}`);
      const d = await provider(r.kind).diff(r.id, wire(r.outputs), wire(inputsForDiff));
      if (d.replaces.length) {
        out.push(r);
        replaceSet.add(r.name);
      }
    }
    return out;
  }

  private resolve(decl: Decl, registered: Map<string, { outputs: Json; echoed: boolean }>, dryRun: boolean) {
    const inputs: Json = {};
    const propDeps: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(decl.props)) {
      if (!isRef(value)) {
        if (value !== undefined) inputs[key] = value;
        continue;
      }
      const from = registered.get(value.ref);
      if (!from)
        throw new Error(`model program: ${decl.name} takes ${value.ref}.${value.output} before it exists`);
      propDeps[key] = [value.ref];
      const out = from.outputs[value.output];
      // In a preview, an output the engine did not echo back is unknown (the Node SDK resolves it so).
      if (out === undefined && dryRun && from.echoed) inputs[key] = UNKNOWN;
      else if (out !== undefined) inputs[key] = out;
    }
    return { inputs, propDeps };
  }
}
