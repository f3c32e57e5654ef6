/**
 * "Did you mean" for property names and enum values: a near miss (a different case, a letter or two off) gets the
 * closest allowed spelling. Okta's guide writes `timeZone` and `"change": "CYCLE"`; no recording shows Okta taking
 * or refusing either, so they are near misses like any other, not known slips.
 */

/**
 * Okta's own spelling of an input whose name here is another: what Okta reads back (recorded,
 * test/conformance/recordings/tf-inbound-feature-read.json), keyed by Okta's spelling.
 */
const WIRE_SPELLINGS: Record<string, string> = {
  userNameFormat: "usernameFormat",
};

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(
        previous[j] + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** The allowed spelling closest to `given`, when it is close enough to be what was meant. */
export function closest(given: string, allowed: readonly string[]): string | undefined {
  const folded = allowed.find((a) => a.toLowerCase() === given.toLowerCase());
  if (folded) return folded;
  if (given.length < 4) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** The fix for an unknown key, as a sentence fragment, or undefined when nothing allowed is close. */
export function keySuggestion(given: string, allowed: readonly string[]): string | undefined {
  const ours = WIRE_SPELLINGS[given];
  if (ours && allowed.includes(ours))
    return `use \`${ours}\`: this package's name for it, sent to Okta as \`${given}\` (Okta's spelling)`;
  const near = closest(given, allowed);
  return near ? `did you mean \`${near}\`?` : undefined;
}

/** The fix for a value outside an enum, or undefined when nothing allowed is close. */
export function valueSuggestion(
  _property: string,
  given: string,
  allowed: readonly string[],
): string | undefined {
  const near = closest(given, allowed);
  return near ? `did you mean "${near}"?` : undefined;
}
