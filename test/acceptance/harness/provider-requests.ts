/**
 * The provider's own record of what it sent (OKTA_PROVISIONING_DEBUG): the same evidence on a live org as on the
 * emulator, where the suite may not read the emulator's counters.
 */

/** The parts of a finished command the log is read from. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * The requests Okta answered, as `METHOD path`, in order. An attempt answered 429 is left out: Okta refuses it
 * before acting on it, and the provider sends it again after the reset (its retry is the request that counts). The
 * suite's admin calls share the org's bucket, so at a small org's pace such retries are expected.
 */
export function providerRequests(result: CommandOutput): string[] {
  // Pulumi prints each line twice, as it happens and again under "Diagnostics:"; the summary has them all once.
  const output = result.stdout + result.stderr;
  const summary = output.slice(Math.max(0, output.lastIndexOf("\nDiagnostics:\n")));
  return [...summary.matchAll(/okta: (GET|POST|PUT|DELETE) (\/\S+) (\d{3}) in/g)]
    .filter((m) => m[3] !== "429")
    .map((m) => `${m[1]} ${m[2]}`);
}

/** The requests that may change the org. */
export const writes = (requests: string[]) => requests.filter((r) => !r.startsWith("GET "));
