/** The rollout's vocabulary: the plan a user writes, the events it emits while it runs, and its summary. */

/** One wave of the plan: stacks updated together, in the order listed. */
export interface Wave {
  name: string;
  stacks: string[];
  /** Stacks updated at once in this wave (default 1). */
  parallel?: number;
  /** Failed stacks allowed before the rollout halts (default 0). */
  failureTolerance?: number;
}

/** A plan as written in the plan file, with `program` resolved to an absolute directory. */
export interface RolloutPlan {
  /** The Pulumi program directory (absolute once loaded; relative to the plan file in the file). */
  program: string;
  waves: Wave[];
  /** Where the plan was read from, for messages. */
  source?: string;
}

export type StackResult = "updated" | "unchanged" | "failed" | "not-started" | "previewed";

export interface ChangeCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
}

export interface StackSummary {
  stack: string;
  result: StackResult;
  changes: ChangeCounts;
  /** One line saying why the stack failed; null unless `result` is `failed`. */
  error: string | null;
  /** Wall time spent on this stack, in seconds (0 when not started). */
  seconds: number;
  /** The stack's full Pulumi log (preview and update), when it started. */
  logFile?: string;
}

export interface WaveSummary {
  name: string;
  stacks: StackSummary[];
}

export interface RolloutSummary {
  /** True when a wave had more failed stacks than it tolerates and later stacks were not started. */
  halted: boolean;
  /** True when the rollout was cancelled (Ctrl-C or the caller's AbortSignal). */
  cancelled: boolean;
  /** `rollout` updates stacks; `preview` only previews them. */
  mode: "rollout" | "preview";
  /** The directory holding one Pulumi log per stack. */
  logDir: string;
  waves: WaveSummary[];
  /** With `preview`: stacks grouped by identical change sets. */
  fleet?: FleetView;
}

/** What a stack is doing right now, as shown on its progress line. */
export type StackPhase = "waiting" | "previewing" | "updating" | "waiting-for-lock" | "cancelling";

export type RolloutEvent =
  | { type: "rollout-start"; mode: "rollout" | "preview"; logDir: string; waves: Wave[] }
  | { type: "wave-start"; wave: string }
  | { type: "stack-phase"; wave: string; stack: string; phase: StackPhase; detail?: string }
  | { type: "stack-done"; wave: string; stack: StackSummary }
  | { type: "wave-done"; wave: string; failed: number; tolerance: number }
  | { type: "halted"; wave: string; reason: string }
  | { type: "cancelled" }
  | { type: "rollout-done"; summary: RolloutSummary };

/** One property change in a stack's preview, the unit the fleet view compares stacks by. */
export interface FleetChange {
  op: "create" | "update" | "replace" | "delete";
  /** The Pulumi resource name. */
  resource: string;
  /** Property path and values, for updates and replaces; absent for creates and deletes. */
  path?: string;
  before?: unknown;
  after?: unknown;
}

/** Drift one stack's refresh found (Okta changed outside Pulumi). */
export interface FleetDrift {
  resource: string;
  status: "changed" | "deleted";
  paths: string[];
}

export interface FleetGroup {
  /** The changes every stack of the group would make, as lines. */
  changes: string[];
  stacks: string[];
}

export interface FleetView {
  /** Groups of stacks with identical change sets, largest first; the first is the majority. */
  groups: FleetGroup[];
  /** Stacks whose change set differs from the majority's. */
  outliers: string[];
  /** Stacks whose refresh found drift, with what drifted. */
  drift: Array<{ stack: string; drift: string[] }>;
  /** Stacks whose preview failed. */
  failed: string[];
}
