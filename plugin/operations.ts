/**
 * The plugin's resource operations as units that can be abandoned and that can speak, the concerns
 * pulumi-go-provider keeps in its cancel middleware and its engine logger:
 *
 * - a resource's `customTimeouts` (the request's `timeout`, in seconds) and the engine's Cancel (a cancelled
 *   `pulumi up`) abort the operation's signal, which the core hands to every Okta request it makes and to a
 *   waiting OAuthConsent; after Cancel, an operation that starts is abandoned at once (the engine is stopping);
 * - what the core says during the operation goes to the engine's log under the resource's URN.
 */
import { runOperation } from "../provider/operation";
import type { EngineLog } from "./engine-log";

export type OperationName = "create" | "update" | "delete" | "read" | "invoke";

/** `90` → `90 s`, `600` → `10 min`: as the user wrote it in customTimeouts, roughly. */
function duration(seconds: number): string {
  return seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.round(seconds * 10) / 10} s`;
}

export class Operations {
  private readonly inFlight = new Set<AbortController>();
  private cancelled = false;

  constructor(private readonly log: EngineLog) {}

  /** Runs `fn` as the `name` operation of `urn`, abandoned after `timeoutSeconds` (0: no limit) or on Cancel. */
  run<T>(urn: string, name: OperationName, timeoutSeconds: number, fn: () => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (this.cancelled) controller.abort(new Error("cancelled"));
    const timer =
      timeoutSeconds > 0
        ? setTimeout(
            () =>
              controller.abort(
                new Error(
                  `timed out after ${duration(timeoutSeconds)} (the resource's customTimeouts ${name})`,
                ),
              ),
            timeoutSeconds * 1000,
          )
        : undefined;
    this.inFlight.add(controller);
    const say = (message: string, severity: "info" | "warning") => void this.log.log(urn, message, severity);
    return runOperation({ signal: controller.signal, say }, fn).finally(() => {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    });
  }

  /** Cancel: abandons every operation in flight and every one that starts from now on. */
  cancel(): void {
    this.cancelled = true;
    for (const controller of this.inFlight) controller.abort(new Error("cancelled"));
  }
}
