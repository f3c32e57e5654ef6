/**
 * "Did you mean" for property names and enum values. Okta's own guide misspells a few (`timeZone`,
 * `userNameFormat`, `"change": "CYCLE"`), so people copy them; those are named outright, and any other near miss
 * (a different case, a letter or two off) gets the closest allowed spelling.
 */

/** Slips in Okta's provisioning guide, keyed by the wrong spelling: the right one and where it comes from. */
const KEY_SLIPS: Record<string, string> = {
  timeZone: "timezone",
  userNameFormat: "usernameFormat",
};

const VALUE_SLIPS: Record<string, Record<string, string>> = {
  change: { CYCLE: "CHANGE" },
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
  const slip = KEY_SLIPS[given];
  if (slip && allowed.includes(slip))
    return `use \`${slip}\` (Okta's spelling; the guide's \`${given}\` is a slip)`;
  const near = closest(given, allowed);
  return near ? `did you mean \`${near}\`?` : undefined;
}

/** The fix for a value outside an enum, or undefined when nothing allowed is close. */
export function valueSuggestion(
  property: string,
  given: string,
  allowed: readonly string[],
): string | undefined {
  const slip = VALUE_SLIPS[property]?.[given];
  if (slip && allowed.includes(slip)) return `use "${slip}" (Okta's value; the guide's "${given}" is a slip)`;
  const near = closest(given, allowed);
  return near ? `did you mean "${near}"?` : undefined;
}
