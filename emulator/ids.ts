/** Identifiers and secrets in Okta's shapes, from a CSPRNG (tokens and OAuth codes must not be guessable). */
import { randomBytes, randomInt } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomId(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** App instance ids: "0oa" + 17 alphanumerics, 20 characters like Okta's. */
export function appInstanceId(): string {
  return `0oa${randomId(17)}`;
}

/** API tokens look like Okta's: "00" + 40 url-safe characters. */
export function apiTokenValue(): string {
  return `00${randomBytes(30).toString("base64url")}`;
}

export function opaqueSecret(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

export function requestId(): string {
  return randomBytes(15).toString("base64url");
}
