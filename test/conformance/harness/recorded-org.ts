/**
 * A stand-in Okta org that answers with recorded responses only: each route serves the recorded answer it is
 * given, and every request is kept so that a test can see what the provider sent. Nothing is computed: a request
 * with no recorded answer is refused (404), so a test learns that the provider asked something unrecorded.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { resetSharedClients } from "../../../provider/client";
import { setConfigSource } from "../../../provider/runtime";
import type { RecordedResponse } from "./recordings";

export interface Received {
  method: string;
  path: string;
  body: unknown;
}

export class RecordedOrg {
  readonly received: Received[] = [];
  private readonly routes = new Map<string, RecordedResponse>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<RecordedOrg> {
    const holder: { org?: RecordedOrg } = {};
    const server = http.createServer((req, res) => holder.org!.answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const org = new RecordedOrg(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    holder.org = org;
    // The provider's default org is this one; the token is not checked here.
    resetSharedClients();
    setConfigSource({
      get: (key) =>
        ({ "okta-provisioning:orgUrl": org!.url, "okta:apiToken": "recorded-org-does-not-check-tokens" })[
          key
        ],
    });
    return org;
  }

  /** Answers `method path` (query ignored) with a recorded response, every time it is asked. */
  serve(method: string, path: string, response: RecordedResponse): this {
    this.routes.set(`${method} ${path}`, response);
    return this;
  }

  writes(): Received[] {
    return this.received.filter((r) => r.method !== "GET");
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0];
      this.received.push({
        method: req.method ?? "",
        path,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      });
      const recorded = this.routes.get(`${req.method} ${path}`);
      if (!recorded) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            errorCode: "E0000007",
            errorSummary: `no recorded answer for ${req.method} ${path}`,
          }),
        );
        return;
      }
      const headers: Record<string, string> = {};
      if (recorded.body !== null) headers["content-type"] = "application/json";
      res.writeHead(recorded.status, headers);
      res.end(recorded.body === null ? undefined : JSON.stringify(recorded.body));
    });
  }

  async close(): Promise<void> {
    resetSharedClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
