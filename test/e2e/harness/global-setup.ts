import { installPackedPackage } from "./package-install";
import { pulumiBinDir } from "./engine";

// Runs once per e2e run, in jest's parent process: the environment it sets is inherited by the workers.
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  process.env.OKTA_PROVISIONING_PULUMI_DIR = pulumiBinDir();
  process.env.OKTA_PROVISIONING_E2E_NODE_MODULES = installPackedPackage();
  process.stderr.write(
    `\ne2e: pulumi from ${process.env.OKTA_PROVISIONING_PULUMI_DIR}, package installed from npm pack ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
