/**
 * The one line that says why a Pulumi operation failed, from the error diagnostics it printed: what review and
 * rollout report for a stack. Pulumi's own lines that only say that something failed are skipped, and a line that
 * ends in a colon ("failed with an unhandled exception:") is followed to the cause it introduces, so a failing
 * program's TypeScript error or exception reaches the one line instead of being cut off at the colon.
 */

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Lines that only say that something failed, not why. */
const GENERIC = [
  /^(update|preview|refresh|destroy) failed$/i,
  /^one or more errors occurred/i,
  /^\d+ errors? occurred:?$/i,
  /^at\s/,
  /^code: -?\d+$/,
  /^(stdout|stderr|err\?):\s*$/,
];

const MAX = 400;

/** A line without its bullet and `error:`/`Error:` prefixes; empty when nothing of it says anything. */
function cleaned(raw: string): string {
  let line = raw.trim().replace(/^\*\s*/, "");
  let previous: string;
  do {
    previous = line;
    line = line
      .replace(/^(error|Error|diagnostics):\s*/, "")
      .replace(/^(Diagnostics|Resources):?$/, "")
      .trim();
  } while (line !== previous);
  return !line || GENERIC.some((re) => re.test(line)) ? "" : line;
}

/** The first meaningful line of an error message (with the cause it introduces), without `error:` prefixes. */
export function reasonLine(message: string): string | undefined {
  const lines = message.replace(ANSI, "").split("\n").map(cleaned).filter(Boolean);
  let reason = lines[0];
  if (reason === undefined) return undefined;
  for (let i = 1; reason.endsWith(":") && i < lines.length; i++) reason += ` ${lines[i]}`;
  return reason.length > MAX ? `${reason.slice(0, MAX - 3)}...` : reason;
}
