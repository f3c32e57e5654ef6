/**
 * `okta-provisioning emulator`: starts the local Okta emulator, prints one line of JSON with the orgs (URL, API
 * token, seeded apps) and the emulated Zscaler SCIM tenants (base URL, token) for a script or CI job to read, and
 * serves until SIGINT/SIGTERM.
 */
import { Command, InvalidArgumentError } from "commander";
import { parseFaults, startEmulator, type EmulatorOptions } from "../emulator";

/** A whole number within [min, max] (a trimmed decimal: `Number("")` is 0 and `Number("1e3")` 1000, neither meant). */
function wholeNumber(min: number, max: number, problem: string) {
  return (value: string): number => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(problem);
    return n;
  };
}

function nonNegativeInt(flag: string) {
  return wholeNumber(0, Number.MAX_SAFE_INTEGER, `${flag} must be a whole number ≥ 0.`);
}

/** 0 would divide every window by zero: Okta's X-Rate-Limit-Reset would read NaN. */
const WINDOW_MS = wholeNumber(
  1,
  24 * 60 * 60 * 1000,
  "--window-ms must be a whole number of milliseconds, at least 1 (at most a day).",
);
const PORT = wholeNumber(0, 65535, "--port must be a port number from 0 to 65535 (0 picks free ports).");

interface EmulatorCommandOptions {
  port?: number;
  orgs: number;
  rateLimit?: number;
  windowMs?: number;
  faults?: string;
  state?: string;
  preset?: string;
}

export function emulatorCommand(): Command {
  return new Command("emulator")
    .description(
      "run a local emulator of Okta's app provisioning APIs (prints the orgs and Zscaler tenants as one line of JSON)",
    )
    .option("--port <n>", "port of the first org (the others follow); 0 picks free ports", PORT)
    .option("--orgs <n>", "how many orgs", nonNegativeInt("--orgs"), 1)
    .option(
      "--rate-limit <n>",
      "requests per minute on the apps bucket (the single-app bucket gets 5×, as in every recorded org; 20 = a free developer org); 0 turns rate limits off",
      nonNegativeInt("--rate-limit"),
    )
    .option("--window-ms <n>", "rate-limit window in ms (default 60000)", WINDOW_MS)
    .option(
      "--faults <spec>",
      "fault injection, e.g. 5xx=0.2,drop=0.05,latency=200ms@0.1,429=#3x5,seed=42",
      (value) => {
        try {
          parseFaults(value);
        } catch (err) {
          throw new InvalidArgumentError((err as Error).message);
        }
        return value;
      },
    )
    .option(
      "--state <file>",
      "keep orgs, tokens, apps, connections and features in this file across restarts",
    )
    .option(
      "--preset <name>",
      'start each org with many pre-configured apps: "mixed" (40 apps in mixed states)',
      (value) => {
        if (value !== "mixed") throw new InvalidArgumentError('the only preset is "mixed".');
        return value;
      },
    )
    .action(async (opts: EmulatorCommandOptions) => {
      if (opts.orgs < 1) throw new InvalidArgumentError("--orgs must be at least 1.");
      // No --port: 0 (free ports), or with --state the ports the orgs had last time.
      const options: EmulatorOptions = { port: opts.port, orgs: opts.orgs };
      if (opts.rateLimit !== undefined) options.rateLimit = opts.rateLimit === 0 ? false : opts.rateLimit;
      if (opts.windowMs !== undefined) options.windowMs = opts.windowMs;
      if (opts.faults) options.faults = opts.faults;
      if (opts.state) options.statePath = opts.state;
      if (opts.preset === "mixed") options.seed = "mixed";
      const emulator = await startEmulator(options);
      process.stdout.write(
        `${JSON.stringify({ orgs: emulator.orgs, zscalerTenants: emulator.zscalerTenants })}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void emulator.close().then(resolve, resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
