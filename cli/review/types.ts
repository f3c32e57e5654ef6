/** The review's findings: what the JSON report holds and the Markdown report renders. */

/** One property of one resource: its dotted path (`capabilities.update.profile.status`), before and after. */
export interface PropertyChange {
  path: string;
  /** `null` when the property was absent; `"[secret]"` when Pulumi holds it as a secret. */
  before: unknown;
  after: unknown;
  /** Set on a planned change that puts back what drift changed (the next `pulumi up` undoes the drift). */
  revertsDrift?: boolean;
}

export interface ResourceRef {
  urn: string;
  /** The Pulumi type token, e.g. `pulumi-nodejs:dynamic/okta-provisioning:ProvisioningFeature`. */
  type: string;
  /** The Pulumi resource name. */
  name: string;
  /** What it is, in Okta's words: `ProvisioningFeature USER_PROVISIONING of app 0oa…`. */
  kind: string;
}

export interface Drift extends ResourceRef {
  /** `changed`: live differs from the last-known state; `deleted`: it is gone from Okta. */
  status: "changed" | "deleted";
  properties: PropertyChange[];
}

export type ChangeOp = "create" | "update" | "replace" | "delete";

export interface Change extends ResourceRef {
  op: ChangeOp;
  properties: PropertyChange[];
  /** Why this change is destructive (a replace, a delete, a connection deactivated), when it is. */
  destructive?: string;
}

/** A property Okta never returns, so a refresh cannot tell whether it still holds. */
export interface Unverifiable extends ResourceRef {
  path: string;
  reason: string;
}

export interface ReviewSummary {
  drifted: number;
  create: number;
  update: number;
  replace: number;
  delete: number;
  destructive: number;
  /** Resources reviewed with nothing to report. */
  unchanged: number;
}

export interface ReviewReport {
  stack: string;
  drift: Drift[];
  changes: Change[];
  unverifiable: Unverifiable[];
  summary: ReviewSummary;
}

export type ReviewFormat = "markdown" | "json";
export type FailOn = "never" | "drift" | "changes" | "destructive";
