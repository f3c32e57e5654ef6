/**
 * Okta's error bodies. Every refusal the emulator makes is an OktaError thrown from a route or a hook and turned into
 * `{errorCode, errorSummary, errorLink, errorId, errorCauses}` by the server's error handler, so the shape is in one place.
 */
import { randomId } from "./ids";

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export class OktaError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: string[] = [],
  ) {
    super(`${errorCode}: ${errorSummary}`);
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      // Okta's ids start with "oae"; unique per error so a support ticket can name one.
      errorId: `oae${randomId(22)}`,
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

/**
 * 400 E0000001. Okta's summary names the object that failed validation and the causes say what (recorded:
 * "Api validation failed: feature" with "Provisioning is not supported.", py-features-app-cannot-provision.json;
 * "…: credential" in Okta's Node.js SDK CI). Which object other refusals name is not recorded: each route says
 * which it names (docs/emulator.md, "Where each behaviour comes from").
 */
export function validationFailed(object: string, ...causes: string[]): OktaError {
  return new OktaError(400, "E0000001", `Api validation failed: ${object}`, causes);
}

/**
 * Okta's refusal of a connection's credentials, on POST and on activate: the Node.js SDK's CI expects
 * "Api validation failed: credential" with the cause "Verification failed: Invalid URL. Not authorized." for a token
 * or an OAuth client id the target does not accept. Whether Okta words a refusal by Zscaler the same is assumed.
 */
export const CREDENTIAL_REFUSED = "Verification failed: Invalid URL. Not authorized.";

export function credentialRefused(cause = CREDENTIAL_REFUSED): OktaError {
  return validationFailed("credential", cause);
}

export function malformedBody(): OktaError {
  return new OktaError(400, "E0000003", "The request body was not well-formed.");
}

export function accessDenied(): OktaError {
  return new OktaError(403, "E0000006", "You do not have permission to perform the requested action");
}

export function notFound(id: string, kind = "AppInstance"): OktaError {
  return new OktaError(404, "E0000007", `Not found: Resource not found: ${id} (${kind})`);
}

export function invalidToken(): OktaError {
  return new OktaError(401, "E0000011", "Invalid token provided");
}

export function tooManyRequests(): OktaError {
  return new OktaError(429, "E0000047", "API call exceeded rate limit due to too many requests.");
}

export function serverError(status: number): OktaError {
  const summary =
    status === 503 ? "Service Unavailable" : status === 502 ? "Bad Gateway" : "Internal Server Error";
  return new OktaError(status, "E0000009", summary);
}
