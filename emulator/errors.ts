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

export function validationFailed(...causes: string[]): OktaError {
  const first = causes[0] ?? "";
  return new OktaError(400, "E0000001", `Api validation failed: ${first.replace(/\.$/, "")}`, causes);
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
