/**
 * The Okta client every resource uses: `clientFor(org)` for the process-wide shared one, `createOktaClient` for
 * a private one (tests, benchmarks), typed errors, and the predicates resources branch on.
 */
export { createOktaClient } from "./client";
export { clientFor, resetSharedClients } from "./shared";
export {
  OktaApiError,
  OktaNetworkError,
  OktaRequestAborted,
  isMissingBelowApp,
  isNotFound,
  isProvisioningNotEnabled,
} from "./errors";
export { printable, printableJson } from "./printable";
export type {
  ClientOptions,
  Clock,
  HttpMethod,
  LimiterStats,
  OktaClient,
  OktaRequest,
  OktaResponse,
  OrgConnection,
  OrgHelp,
} from "./types";
