/**
 * Abandoning requests: a request's `signal` (a cancelled `pulumi up`, a resource's custom timeout) stops it and
 * every retry of it. The abort layer answers the caller at once; below it, the retry and limit layers check the
 * signal before each attempt and end their waits early, and the transport drops the connection in flight, so
 * nothing is sent to Okta once the signal fired.
 */
import type { Layer } from "./types";

/** The request was abandoned on its signal; `reason` is the signal's, in words for the user. */
export class AbortFault extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "AbortFault";
  }
}

/** Why `signal` fired, as one sentence. */
export function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === "string" && reason ? reason : "cancelled";
}

/** Throws the AbortFault of a fired signal. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortFault(reasonOf(signal));
}

/** `promise`, or an AbortFault as soon as `signal` fires (the promise itself is left to settle on its own). */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new AbortFault(reasonOf(signal)));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortFault(reasonOf(signal)));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/** The abort layer: the caller hears of an abandoned request at once, whatever the layers below are waiting for. */
export function abortable(): Layer {
  return (next) => async (out) => {
    throwIfAborted(out.request.signal);
    return unlessAborted(next(out), out.request.signal);
  };
}
