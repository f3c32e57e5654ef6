/**
 * What a stack's engine events say: the steps of a preview (in the shape `pulumi preview --json` prints, so the
 * review's analysis reads them unchanged) and the one-line reason an operation failed.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { reasonLine } from "../pulumi-reason";
import type { PreviewOutput, PreviewStep, ResourceState } from "../review/preview-json";

/**
 * The engine's events spell a property diff's kind `diffKind`; `pulumi preview --json` spells it `kind`. The review
 * reads the latter, so a plugin's detailed diff reaches the fleet view as it reaches `okta-provisioning review`.
 */
function detailedDiffOf(
  diff: Record<string, { diffKind: string; inputDiff: boolean }>,
): PreviewStep["detailedDiff"] {
  return Object.fromEntries(
    Object.entries(diff).map(([path, d]) => [path, { kind: d.diffKind, inputDiff: d.inputDiff }]),
  );
}

/** Collects a preview's steps and error diagnostics from the event stream. */
export class EventLog {
  readonly steps: PreviewStep[] = [];
  /** Error diagnostics: resource errors first (they say what Okta answered), then the stack's. */
  private readonly resourceErrors: string[] = [];
  private readonly stackErrors: string[] = [];

  readonly onEvent = (event: EngineEvent): void => {
    const step = event.resourcePreEvent?.metadata;
    if (step) {
      this.steps.push({
        op: step.op,
        urn: step.urn,
        oldState: step.old as ResourceState | undefined,
        newState: step.new as ResourceState | undefined,
        ...(step.detailedDiff ? { detailedDiff: detailedDiffOf(step.detailedDiff) } : {}),
      });
    }
    const diag = event.diagnosticEvent;
    if (diag && diag.severity === "error") {
      const isResource = Boolean(diag.urn) && !diag.urn?.includes("::pulumi:pulumi:Stack::");
      (isResource ? this.resourceErrors : this.stackErrors).push(diag.message);
    }
  };

  preview(): PreviewOutput {
    return { steps: this.steps };
  }

  /** The first line that says what went wrong, if any diagnostic did. */
  reason(): string | undefined {
    for (const message of [...this.resourceErrors, ...this.stackErrors]) {
      const line = reasonLine(message);
      if (line) return line;
    }
    return undefined;
  }
}
