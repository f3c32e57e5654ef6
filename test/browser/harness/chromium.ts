/**
 * Debian's Chromium, headless, driven by playwright-core (which downloads no browser). A missing Chromium fails
 * the suite: scripts/ensure-chromium.sh installs it with apt (`.ci/run` calls it; here it is called again, which
 * returns at once when Chromium is there).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { REPO_ROOT } from "../../e2e/harness/engine";

/**
 * Without the background-networking flags Chromium reaches out to update and sync services, which this closed
 * network refuses; a fresh profile each time keeps runs independent.
 */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(): string {
  let out: string;
  try {
    out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-chromium.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(
      `the browser tests need Chromium and scripts/ensure-chromium.sh could not provide it:\n${stderr}`,
    );
  }
  const bin = out.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(bin)) throw new Error(`ensure-chromium printed "${bin}", which does not exist`);
  return bin;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {},
): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: options.width ?? 1000, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme ?? "light",
    locale: "en-GB",
    timezoneId: "UTC",
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: docs/screenshots when asked (`npm run screenshots`), else a temp dir of this run. */
export function screenshotDir(): string {
  const dir = process.env.OKTA_PROVISIONING_SCREENSHOTS
    ? path.resolve(REPO_ROOT, process.env.OKTA_PROVISIONING_SCREENSHOTS)
    : fs.mkdtempSync(path.join(os.tmpdir(), "okta-consent-screenshots-"));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
