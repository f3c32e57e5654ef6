/**
 * The boundary between our code and Pulumi's dynamic-provider host. The host prints `${err}: ${err.stack}` for
 * failures of check, diff, read and delete (and the engine shows the message): errors leaving the provider carry the
 * resource in their message, and print as that one line, split at its first ": " so that the host's own ": " joins
 * the halves — no class name, no trace, no dangling ": " at the end.
 */
import { printable } from "./client/printable";

export class ProvisioningError extends Error {
  constructor(message: string) {
    // Parts of a message may come from Okta (an app's name, an authorize link): no control character of theirs
    // reaches the terminal.
    super(printable(message));
    this.name = "ProvisioningError";
    const at = message.indexOf(": ");
    const [head, rest] = at > 0 ? [message.slice(0, at), message.slice(at + 2)] : [message, ""];
    Object.defineProperty(this, "stack", { value: rest, enumerable: false, writable: true });
    Object.defineProperty(this, "toString", { value: () => head, enumerable: false });
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Runs a provider operation, turning any failure into a one-line error about `resource`. */
export async function asResource<T>(resource: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof ProvisioningError) throw err;
    const message = describeFailure(err);
    throw new ProvisioningError(message.startsWith(resource) ? message : `${resource}: ${message}`);
  }
}
