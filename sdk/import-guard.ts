import * as pulumi from "@pulumi/pulumi";

/**
 * Pulumi cannot import dynamic resources (pulumi/pulumi#16175: the engine's import read carries no serialized
 * provider, so the SDK fails with "Cannot read properties of undefined (reading 'toJavaScript')"). Say so at
 * once, in the constructor, and point to what works.
 */
export function refuseImport(
  type: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
): void {
  if (opts?.import === undefined) return;
  // A RunError: Pulumi prints its message alone, not "unhandled exception" with the program's stack trace.
  throw new pulumi.RunError(
    `${type} "${name}": the \`import\` resource option does not work for Pulumi dynamic resources ` +
      `(pulumi/pulumi#16175). Remove \`import\` and set \`adopt: true\` instead: the first \`pulumi up\` reads the ` +
      `live configuration and writes only what differs from your program.`,
  );
}
