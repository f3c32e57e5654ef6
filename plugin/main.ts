#!/usr/bin/env node
/**
 * `pulumi-resource-okta-provisioning`: the launcher the Pulumi CLI runs for the `okta-provisioning` package (found
 * on PATH, e.g. `node_modules/.bin`, or through `plugins.providers[].path` in Pulumi.yaml). It prints the port it
 * serves on, the one line a plugin writes to stdout; everything else goes to stderr, where the engine shows it.
 */
import { serve, ProviderServer } from "./server";

async function main(): Promise<void> {
  // Anything the CRUD logs must not be taken for the port.
  console.log = console.error;
  const provider = new ProviderServer();
  // The engine stops a plugin with SIGINT, then kills it: leave quickly, after a waiting consent has unwound.
  process.on("SIGINT", () => {
    provider.cancel();
    setTimeout(() => process.exit(0), 200).unref();
  });
  const { port } = await serve(provider);
  process.stdout.write(`${port}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-okta-provisioning: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
