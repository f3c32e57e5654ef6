/**
 * One HTTP exchange with Okta over axios, and nothing else: no retries, no pacing. Every answer, error statuses
 * included, comes back as data; a fault becomes a TransportFault that holds only a code and a short text.
 * axios errors carry the request config and headers (the Authorization header among them), so none escapes.
 */
import axios, { type AxiosInstance } from "axios";
import type { Transport } from "./types";

export class TransportFault extends Error {
  /** ECONNRESET, ETIMEDOUT, ECONNREFUSED, … */
  readonly code: string;
  constructor(code: string, detail: string) {
    super(detail);
    this.name = "TransportFault";
    this.code = code;
  }
}

/**
 * Whether `url` points at this machine. Such an org is reached directly, never through HTTP_PROXY/HTTPS_PROXY:
 * its plain http:// (allowed only for loopback) would hand the API token in clear to the proxy, and a proxy
 * elsewhere cannot reach this machine's loopback anyway. (The same rule as provider/validation/formats.ts, which
 * this layer does not import.)
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(host);
}

export function createTransport(): Transport {
  const http: AxiosInstance = axios.create({
    // Errors are data here: the client decides what a 4xx or 5xx means.
    validateStatus: () => true,
    // A redirect would re-send the Authorization header to wherever it points.
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
  });
  return async (req) => {
    try {
      const res = await http.request({
        method: req.method,
        url: req.url,
        headers: {
          Accept: "application/json",
          ...(req.body !== undefined && typeof req.body !== "string"
            ? { "Content-Type": "application/json" }
            : {}),
          ...req.headers,
        },
        data: req.body,
        timeout: req.timeoutMs,
        ...(isLoopbackUrl(req.url) ? { proxy: false as const } : {}),
        signal: req.signal,
      });
      return {
        status: res.status,
        data: res.data === "" ? undefined : res.data,
        headers: plainHeaders(res.headers),
      };
    } catch (err) {
      throw toFault(err);
    }
  };
}

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source =
    headers && typeof (headers as { toJSON?: unknown }).toJSON === "function"
      ? (headers as { toJSON(): Record<string, unknown> }).toJSON()
      : ((headers ?? {}) as Record<string, unknown>);
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

// Only the error's code and a message known not to carry request data are kept.
function toFault(err: unknown): TransportFault {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  const code =
    typeof e?.code === "string" ? e.code : typeof e?.cause?.code === "string" ? e.cause.code : "ERR_NETWORK";
  const known: Record<string, string> = {
    ECONNRESET: "connection reset",
    ECONNREFUSED: "connection refused",
    ETIMEDOUT: "timed out",
    ECONNABORTED: "timed out",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "DNS lookup failed",
    EPIPE: "connection closed",
    ERR_FR_TOO_MANY_REDIRECTS: "too many redirects",
  };
  const message = typeof e?.message === "string" ? e.message : "";
  const detail = known[code] ?? (/socket hang up/i.test(message) ? "socket hang up" : "network error");
  return new TransportFault(
    code === "ERR_NETWORK" && detail === "socket hang up" ? "ECONNRESET" : code,
    detail,
  );
}
