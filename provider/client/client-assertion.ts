/**
 * The `client_assertion` of OAuth 2.0 client credentials with a private-key JWT (RFC 7523), as Okta's token
 * endpoint wants it: iss = sub = client id, aud = the token endpoint URL, five minutes of validity, a fresh jti.
 */
import { createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";

export interface SigningKey {
  key: KeyObject;
  alg: "RS256" | "ES256" | "ES384" | "ES512";
  kid?: string;
}

const EC_ALG: Record<string, SigningKey["alg"]> = {
  prime256v1: "ES256",
  secp384r1: "ES384",
  secp521r1: "ES512",
};

/**
 * Accepts PEM (PKCS#8, PKCS#1 RSA, SEC1 EC) or a JWK as a JSON string. Node's parser handles every PEM flavour,
 * which jose's importPKCS8 does not. Parse errors are replaced: they must not hint at the key's content.
 */
export function loadSigningKey(
  privateKey: string,
  privateKeyId: string | undefined,
  keyName: string,
): SigningKey {
  let key: KeyObject;
  let jwkKid: string | undefined;
  try {
    const text = privateKey.trim();
    if (text.startsWith("{")) {
      const jwk = JSON.parse(text) as { kid?: unknown };
      jwkKid = typeof jwk.kid === "string" ? jwk.kid : undefined;
      key = createPrivateKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" });
    } else {
      // Keys pasted into environment variables often arrive with literal "\n" in place of line breaks.
      key = createPrivateKey(text.includes("\\n") ? text.replace(/\\n/g, "\n") : text);
    }
  } catch {
    throw new Error(
      `${keyName} is not a private key Okta can use: give a PEM (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY") or a JWK as JSON.`,
    );
  }
  let alg: SigningKey["alg"] | undefined;
  if (key.asymmetricKeyType === "rsa") alg = "RS256";
  else if (key.asymmetricKeyType === "ec") alg = EC_ALG[key.asymmetricKeyDetails?.namedCurve ?? ""];
  if (!alg) throw new Error(`${keyName} must be an RSA or EC (P-256, P-384, P-521) private key.`);
  const kid = privateKeyId ?? jwkKid;
  return { key, alg, ...(kid ? { kid } : {}) };
}

export async function signClientAssertion(
  signing: SigningKey,
  clientId: string,
  tokenEndpoint: string,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: signing.alg, ...(signing.kid ? { kid: signing.kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenEndpoint)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti(randomUUID())
    .sign(signing.key);
}
