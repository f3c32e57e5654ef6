import * as pulumi from "@pulumi/pulumi";
import { SECRET_INPUT_PATHS, type ResourceName } from "../provider/schema-tables";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // An Output or a Promise is a value still to come, not an object whose fields can be reached now.
  return !pulumi.Output.isInstance(value) && typeof (value as { then?: unknown }).then !== "function";
}

function wrap(value: unknown, keys: string[]): unknown {
  if (value === undefined || value === null) return value;
  const [key, ...rest] = keys;
  // The secret itself; or a value of the wrong shape (a string where an object belongs, an Output of the whole
  // object): the secret may be anywhere in it, so all of it is kept secret.
  if (key === undefined || !isPlainObject(value)) return pulumi.secret(value);
  if (!(key in value)) return value;
  return { ...value, [key]: wrap(value[key], rest) };
}

/**
 * The resource's args with every value at a path the schema marks secret (`token`, `settings.adminPassword`)
 * wrapped in `pulumi.secret`, as Pulumi's generated SDKs do: a plain string from an environment variable, or from
 * `config.require` of a key set with `--secret`, is then encrypted in the state's inputs, its backups and history
 * too, not only in the outputs (`additionalSecretOutputs` covers those). Sibling values (`settings.adminUsername`)
 * stay readable, so a review can still show their changes.
 */
export function withSecretInputs<T extends object>(kind: ResourceName, args: T): T {
  let out: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const path of SECRET_INPUT_PATHS[kind]) {
    const [top, ...rest] = path.split(".");
    if (out[top] !== undefined) out = { ...out, [top]: wrap(out[top], rest) };
  }
  return out as T;
}
