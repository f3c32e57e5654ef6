/**
 * Pulumi's property values over gRPC, to and from the plain objects the CRUD in provider/ takes. A secret travels
 * as an object carrying Pulumi's secret signature; the CRUD sees plain values, and what it answers is wrapped again
 * wherever the schema or the program made a property secret, so no secret reaches the state in clear.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The key and value of Pulumi's signature on special values (sdk/go/common/resource/sig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: unknown): value is { value: unknown } {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): unknown {
  return isSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

function holdsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (isObject(value)) return Object.values(value).some(holdsSecret);
  return false;
}

/** A request's properties as plain values, and which top-level properties held a secret anywhere inside. */
export function unwrap(struct: Struct | undefined): { props: Props; secretKeys: Set<string> } {
  const raw = (struct?.toJavaScript() ?? {}) as Props;
  const secretKeys = new Set(Object.keys(raw).filter((k) => holdsSecret(raw[k])));
  return { props: reveal(raw) as Props, secretKeys };
}

/** Plain values as a Struct, the properties in `secretKeys` wrapped as secrets; unset (undefined) ones left out. */
export function wrap(props: Props, secretKeys: Iterable<string>): Struct {
  const secrets = new Set(secretKeys);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const plain = JSON.parse(JSON.stringify(value)) as unknown;
    out[key] = secrets.has(key) ? secret(plain) : plain;
  }
  return Struct.fromJavaScript(out as Parameters<typeof Struct.fromJavaScript>[0]);
}
