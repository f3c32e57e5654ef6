import type { OktaClient, OktaRequest } from "../../../provider/client";
import { OktaApiError } from "../../../provider/client";

type Handler = (req: OktaRequest) => { status?: number; data?: unknown } | OktaApiError;

/** An OktaClient that records every request and answers from a handler: provider methods in isolation. */
export function fakeClient(handler: Handler): OktaClient & { requests: OktaRequest[] } {
  const requests: OktaRequest[] = [];
  return {
    orgUrl: "https://acme.okta.com",
    requests,
    async request<T>(req: OktaRequest) {
      requests.push(req);
      const answer = handler(req);
      if (answer instanceof OktaApiError) throw answer;
      return { status: answer.status ?? 200, data: answer.data as T, headers: {} };
    },
    limiterStats: () => ({ calls: requests.length, waits: 0, waitedMs: 0, rateLimited: 0, retries: 0 }),
  } as OktaClient & { requests: OktaRequest[] };
}

export function apiError(status: number, errorCode: string, causes: string[] = []): OktaApiError {
  return new OktaApiError(`Okta answered ${status} ${errorCode}`, {
    status,
    body: { errorCode, errorSummary: "x", errorCauses: causes },
    method: "GET",
    path: "/api/v1/apps/x",
  });
}
