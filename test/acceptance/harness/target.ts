/**
 * What the suite runs against. With OKTA_ACCEPTANCE_ORG_URL and OKTA_ACCEPTANCE_API_TOKEN: that Okta org (a
 * throwaway one: the suite creates and deletes apps in it). Without them: the bundled emulator, started as a separate
 * process from the installed package (`okta-provisioning emulator`, exactly what a user runs) and reached over HTTP
 * like any org. OKTA_ACCEPTANCE_EMULATOR_RATE_LIMIT=20 starts it with a free developer org's apps bucket.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { installPackedPackage } from "../../e2e/harness/package-install";

export type TargetMode = "live" | "emulator";

/**
 * Credentials of third parties the suite's connections reach. Okta verifies a connection's credentials against its
 * target before it keeps them (issue 27), so the suite never sends invented ones: live, they come from the
 * environment; on the emulator, from what it issued and printed.
 */
export interface ThirdParties {
  /** A Zscaler 2.0 tenant's SCIM base URL and a SCIM token it issued. */
  zscaler: { baseUrl: string; token: string };
  /**
   * A service app of the org (the suite's Org2Org apps provision to the org itself) for the two-legged OAuth
   * scenario; live, that scenario is skipped (see acceptance.test.ts).
   */
  org2orgClientId?: string;
}

export interface Target extends ThirdParties {
  mode: TargetMode;
  orgUrl: string;
  apiToken: string;
  /** The emulator's apps bucket (requests a minute), when the suite set one. */
  rateLimit?: number;
  describe(): string;
  close(): Promise<void>;
}

/** Decided from the environment alone, before anything starts, so skips are known when tests are collected. */
export function targetMode(env: NodeJS.ProcessEnv = process.env): TargetMode {
  const url = env.OKTA_ACCEPTANCE_ORG_URL?.trim();
  const token = env.OKTA_ACCEPTANCE_API_TOKEN?.trim();
  if (url && token) return "live";
  if (url || token) {
    throw new Error(
      "acceptance: set both OKTA_ACCEPTANCE_ORG_URL and OKTA_ACCEPTANCE_API_TOKEN for a live run, or neither for the emulator",
    );
  }
  return "emulator";
}

/**
 * A live run's third-party credentials, from the environment; refuses to start without them, naming what to set,
 * rather than sending invented ones that Okta would refuse (or worse, send to somebody's tenant).
 */
export function liveThirdParties(env: NodeJS.ProcessEnv = process.env): ThirdParties {
  const baseUrl = env.OKTA_ACCEPTANCE_ZSCALER_BASE_URL?.trim();
  const token = env.OKTA_ACCEPTANCE_ZSCALER_TOKEN?.trim();
  if (!baseUrl || !token) {
    throw new Error(
      "acceptance: a live run needs a real Zscaler 2.0 tenant: set OKTA_ACCEPTANCE_ZSCALER_BASE_URL (its SCIM base " +
        "URL, https://…/scim) and OKTA_ACCEPTANCE_ZSCALER_TOKEN (a SCIM token it issued). Okta verifies them when a " +
        "connection is saved, and the suite sends no invented credentials",
    );
  }
  return { zscaler: { baseUrl, token } };
}

export function emulatorRateLimit(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.OKTA_ACCEPTANCE_EMULATOR_RATE_LIMIT?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(
      `acceptance: OKTA_ACCEPTANCE_EMULATOR_RATE_LIMIT must be a whole number ≥ 1, got "${raw}"`,
    );
  return n;
}

/** The installed package's `okta-provisioning` entry point (what its bin runs). */
export function packageCli(): string {
  const modules = process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? installPackedPackage();
  return path.join(modules, "pulumi-okta-provisioning", "dist", "cli", "index.js");
}

export async function startTarget(): Promise<Target> {
  if (targetMode() === "live") {
    const orgUrl = process.env.OKTA_ACCEPTANCE_ORG_URL!.trim().replace(/\/+$/, "");
    return {
      mode: "live",
      orgUrl,
      apiToken: process.env.OKTA_ACCEPTANCE_API_TOKEN!.trim(),
      ...liveThirdParties(),
      describe: () => `the Okta org ${orgUrl}`,
      close: async () => undefined,
    };
  }
  return startEmulatorProcess(emulatorRateLimit());
}

interface EmulatorLine {
  orgs: Array<{ url: string; apiToken: string; org2orgClientId: string }>;
  zscalerTenants: Array<{ baseUrl: string; token: string }>;
}

async function startEmulatorProcess(rateLimit: number | undefined): Promise<Target> {
  const args = [
    "--require",
    path.join(__dirname, "exit-with-parent.js"),
    packageCli(),
    "emulator",
    "--port",
    "0",
    ...(rateLimit ? ["--rate-limit", String(rateLimit)] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<EmulatorLine>((resolve, reject) => {
    let out = "";
    const fail = (why: string) =>
      reject(new Error(`acceptance: okta-provisioning emulator ${why}\n${stderr}`));
    child.once("exit", (code) => fail(`exited ${code} before it printed its orgs`));
    child.once("error", (err) => fail(`could not start: ${err.message}`));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const end = out.indexOf("\n");
      if (end >= 0) {
        try {
          resolve(JSON.parse(out.slice(0, end)) as EmulatorLine);
        } catch {
          fail(`printed something other than its JSON line: ${out.slice(0, 200)}`);
        }
      }
    });
  });
  const [org] = line.orgs;
  return {
    mode: "emulator",
    orgUrl: org.url,
    apiToken: org.apiToken,
    // What the emulator issued and printed, as a person copies a tenant's token from its admin portal.
    zscaler: line.zscalerTenants[0],
    org2orgClientId: org.org2orgClientId,
    rateLimit,
    describe: () =>
      `the bundled emulator at ${org.url} (pid ${child.pid}, ${rateLimit ? `--rate-limit ${rateLimit}` : "default limits"})`,
    close: () => stopProcess(child),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
