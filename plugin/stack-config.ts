/**
 * Which keys the stack's config file sets, never their values: the engine hands a default provider only its own
 * namespace (`okta-provisioning:*`), so to tell a user who set the dynamic door's `okta:apiToken` which key this
 * door reads, the plugin looks at the key names in `Pulumi.<stack>.yaml` beside the program (Handshake's program
 * directory, and Pulumi.yaml's `stackConfigDir`). Nothing here is decrypted or kept.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

function readYaml(file: string): unknown {
  try {
    return YAML.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The config keys `Pulumi.<stack>.yaml` sets; empty when there is no such file (config in a service, …). */
export function stackConfigKeys(
  programDirectory: string | undefined,
  stack: string | undefined,
): Set<string> {
  if (!programDirectory || !stack || !/^[\w.-]+$/.test(stack)) return new Set();
  const project = readYaml(path.join(programDirectory, "Pulumi.yaml")) as
    { stackConfigDir?: unknown } | undefined;
  const dir =
    typeof project?.stackConfigDir === "string"
      ? path.resolve(programDirectory, project.stackConfigDir)
      : programDirectory;
  const file = readYaml(path.join(dir, `Pulumi.${stack}.yaml`)) as { config?: unknown } | undefined;
  const config = file?.config;
  return new Set(config && typeof config === "object" && !Array.isArray(config) ? Object.keys(config) : []);
}

/** The stack a URN belongs to: `urn:pulumi:STACK::PROJECT::…`. */
export function stackOfUrn(urn: string | undefined): string | undefined {
  return urn?.startsWith("urn:pulumi:") ? urn.slice("urn:pulumi:".length).split("::")[0] : undefined;
}

/** A default provider (`pulumi:providers:PKG::default…`) takes its config from the stack's; an explicit one does not. */
export function isDefaultProvider(urn: string | undefined): boolean {
  return /::pulumi:providers:[^:]+::default(_[\w-]+)?$/.test(urn ?? "");
}
