/**
 * The world a model sequence runs in: one emulated org reached under three names (the default org, and the aliases
 * `main` and `alt`, the latter with a token of its own), a person who authorizes every consent that waits, and an
 * admin who changes things out of band through the emulator.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type ZscalerTenant } from "../../emulator";
import { org2orgClientId } from "../support/emulator-credentials";
import { completeConsent } from "../../cli/consent-command";
import { clientFor, resetSharedClients } from "../../provider/client";
import { waitingConsents } from "../../provider/consent/rendezvous";
import { orgFor, setConfigSource } from "../../provider/runtime";

export const ALIASES = [undefined, "main", "alt"] as const;
export type Alias = (typeof ALIASES)[number];

/** The app kinds a program can manage, one app of each in the org. */
export const SLOTS = ["zscaler", "org2org", "google", "office365", "slack", "zoomus"] as const;
export type Slot = (typeof SLOTS)[number];
export const APP_NAME: Record<Slot, string> = {
  zscaler: "zscalerbyz",
  org2org: "okta_org2org",
  google: "google",
  office365: "office365",
  slack: "slack",
  zoomus: "zoomus",
};
export const THREE_LEGGED: Slot[] = ["google", "office365", "slack", "zoomus"];

export class World {
  readonly appIds = new Map<Slot, string>();
  /**
   * The credentials a program's variant 0 or 1 uses, all of which the emulator verifies as Okta does: a Zscaler
   * tenant each, two API tokens of the org (its own Org2Org target), two service apps' client ids.
   */
  readonly zscaler: ZscalerTenant[] = [];
  readonly org2orgTokens: string[] = [];
  consentsGiven = 0;
  private stopPerson = false;
  private person?: Promise<void>;

  private constructor(
    readonly emulator: Emulator,
    private readonly consentDir: string,
  ) {}

  static async start(): Promise<World> {
    const consentDir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-model-consent-"));
    process.env.OKTA_PROVISIONING_CONSENT_DIR = consentDir;
    // The consent also notices an authorization finished elsewhere; poll often so nobody waits on a timer.
    process.env.OKTA_PROVISIONING_CONSENT_POLL_SECONDS = "0.05";
    const emulator = await startEmulator({ orgs: 1, rateLimit: false });
    const world = new World(emulator, consentDir);
    const org = emulator.orgs[0];
    const second = emulator.addApiToken(org.name);
    world.zscaler.push(emulator.zscalerTenants[0], emulator.addZscalerTenant());
    world.org2orgTokens.push(org.apiToken, second);
    for (const variant of [0, 1]) org2orgClientId(emulator, org, `0oaTarget0000000000${variant}`);
    const config: Record<string, string> = {
      "okta-provisioning:orgUrl": org.url,
      "okta:apiToken": org.apiToken,
      "okta-provisioning:orgs": JSON.stringify({
        main: { orgUrl: org.url, apiToken: org.apiToken },
        alt: { orgUrl: org.url, apiToken: second },
      }),
    };
    resetSharedClients();
    setConfigSource({ get: (key) => config[key] });
    // The shared clients, made first with short waits: a fault's backoff or a 429's reset costs milliseconds here.
    for (const alias of ALIASES) {
      clientFor(orgFor(alias), {
        backoffBaseMs: 2,
        backoffCapMs: 10,
        maxRateLimitWaitMs: 20,
        resetMarginMs: 0,
        timeoutMs: 5_000,
      });
    }
    for (const slot of SLOTS) world.appIds.set(slot, org.apps.find((a) => a.name === APP_NAME[slot])!.id);
    world.person = world.authorizeWhatWaits();
    return world;
  }

  get org() {
    return this.emulator.orgs[0];
  }

  /** The person at the browser: presses Allow for every consent that waits, and hands back the continue URL. */
  private async authorizeWhatWaits(): Promise<void> {
    const handled = new Set<string>();
    while (!this.stopPerson) {
      for (const waiting of waitingConsents()) {
        const key = waiting.pageUrl; // one per wait: the same authorize link may be consented to again
        if (handled.has(key)) continue;
        handled.add(key);
        try {
          await completeConsent(this.emulator.approveConsent(waiting.authorizeUrl));
          this.consentsGiven++;
        } catch {
          handled.delete(key); // a consent not yet ready to take it: try again
        }
      }
      await new Promise((r) => setTimeout(r, 3));
    }
  }

  /** Calls the emulated Okta API as an admin would (the Admin Console does the same calls). */
  async admin(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.org.url}${apiPath}`, {
      method,
      headers: { authorization: `SSWS ${this.org.apiToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** An admin deleted the app and added a new instance of it: programs now name the new id. */
  replaceApp(slot: Slot): void {
    this.emulator.deleteApp(this.org.name, this.appIds.get(slot)!);
    this.appIds.set(slot, this.emulator.addApp(this.org.name, { name: APP_NAME[slot] }).id);
  }

  async close(): Promise<void> {
    this.stopPerson = true;
    await this.person;
    this.emulator.setFaults(this.org.name, undefined);
    await this.emulator.close();
    resetSharedClients();
    fs.rmSync(this.consentDir, { recursive: true, force: true });
  }
}
