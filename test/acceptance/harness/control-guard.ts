/**
 * The suite speaks only Okta's public API: never the emulator's control endpoints (`/__emulator/…`), which no real
 * org has. `refuseControlPath` stops the suite's own calls before they are sent; `watchControlRequests` observes every
 * HTTP request this process makes (Node's http client and fetch, through their diagnostics channels), so a helper
 * that bypassed the admin client would still be caught.
 */
import * as diagnostics from "node:diagnostics_channel";

export const CONTROL_PREFIX = "/__emulator";

/** True for `/__emulator`, `/__emulator/…`, with or without an origin or a query. */
export function isControlPath(pathOrUrl: string): boolean {
  const pathname = /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl.split("?")[0];
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
}

export function refuseControlPath(pathOrUrl: string): void {
  if (isControlPath(pathOrUrl)) {
    throw new Error(
      `acceptance: refused ${pathOrUrl.split("?")[0]}: that is the emulator's control API, which no Okta org has; ` +
        "the suite makes and checks every change through Okta's public API",
    );
  }
}

export interface ControlGuard {
  /** The control-API requests this process made since the guard was installed (method and path). */
  violations(): string[];
  dispose(): void;
}

export function watchControlRequests(): ControlGuard {
  const seen: string[] = [];
  const onHttp = (message: unknown) => {
    const request = (message as { request: { method: string; path: string } }).request;
    if (isControlPath(request.path)) seen.push(`${request.method} ${request.path}`);
  };
  const onFetch = (message: unknown) => {
    const request = (message as { request: { method: string; path: string } }).request;
    if (isControlPath(request.path)) seen.push(`${request.method} ${request.path}`);
  };
  diagnostics.subscribe("http.client.request.start", onHttp);
  diagnostics.subscribe("undici:request:create", onFetch);
  return {
    violations: () => [...seen],
    dispose: () => {
      diagnostics.unsubscribe("http.client.request.start", onHttp);
      diagnostics.unsubscribe("undici:request:create", onFetch);
    },
  };
}
