/**
 * Every object the suite creates in the org carries a label that starts with LABEL_PREFIX, so a run that was killed
 * leaves nothing `npm run acceptance:sweep` cannot find (by Okta's `q`, a label prefix search). The run id keeps
 * one run's apps apart from another's in the output.
 */
import { randomBytes } from "node:crypto";
import labels from "../labels.json";

/** Shared with scripts/acceptance-sweep.js, which reads the same file. */
export const LABEL_PREFIX: string = labels.prefix;

export const RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

/** `okta-prov-acc-<run>-<what>`, e.g. okta-prov-acc-lz3k9a1f2c-zscaler. */
export function label(what: string, run = RUN_ID): string {
  return `${LABEL_PREFIX}${run}-${what}`;
}
