/**
 * Messages for the person running Pulumi, through the engine's log service (`Engine.Log`) under the resource's URN,
 * as pulumi-go-provider's logger sends them. The engine shows a native plugin's stdout and stderr only at debug
 * level (it keeps them for crash reports), so a waiting OAuthConsent speaking there would leave a YAML or Python
 * user looking at a spinner. The engine's address comes with Handshake (or Attach, for a provider started by hand
 * under PULUMI_DEBUG_PROVIDERS); before either, and if the engine cannot be reached, messages go to stderr.
 */
import * as grpc from "@grpc/grpc-js";
import * as engine from "@pulumi/pulumi/proto/engine_pb";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { Severity } from "../provider/operation";

const SEVERITY: Record<Severity, engine.LogSeverity> = {
  info: engine.LogSeverity.INFO,
  warning: engine.LogSeverity.WARNING,
};

export class EngineLog {
  private client: EngineClient | undefined;
  private address: string | undefined;
  /** Messages go one after the other: separate calls could reach the engine out of order. */
  private tail: Promise<void> = Promise.resolve();

  /** The engine to speak to, from Handshake's `engine_address` or Attach's `address`. */
  connect(address: string): void {
    if (!address || address === this.address) return;
    this.client?.close();
    this.address = address;
    this.client = new EngineClient(address, grpc.credentials.createInsecure());
  }

  /** Sends one message about `urn`; answers once the engine took it (or it went to stderr instead). */
  log(urn: string, message: string, severity: Severity = "info"): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve(toStderr(message));
    const request = new engine.LogRequest().setSeverity(SEVERITY[severity]).setMessage(message).setUrn(urn);
    const sent = this.tail.then(
      () =>
        new Promise<void>((resolve) =>
          // A deadline: an engine that stopped answering must not hold every later message back.
          client.log(request, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (err) => {
            if (err) toStderr(message);
            resolve();
          }),
        ),
    );
    this.tail = sent;
    return sent;
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
    this.address = undefined;
  }
}

function toStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}
