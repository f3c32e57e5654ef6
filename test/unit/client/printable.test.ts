/**
 * Text from Okta reaches people's terminals in error messages: a control character in it (an escape sequence, a
 * carriage return, a newline, a bidirectional override) is shown as a visible escape, never acted on.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createOktaClient, printable, printableJson } from "../../../provider/client";
import { ProvisioningError } from "../../../provider/errors";

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("Okta's words on a terminal", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.statusCode = 400;
      res.setHeader("content-type", "application/json");
      res.setHeader("x-okta-request-id", "req-1");
      res.end(
        JSON.stringify({
          errorCode: "E0000001",
          errorSummary: "Api validation failed\u001b[2J\u001b[H\rerror: a line Okta forged\n",
          errorCauses: [{ errorSummary: "label: \u202etxt.exe\u009b31m" }],
          errorId: "oae\u0007",
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((r) => server.close(r)));

  it("escapes them in the client's error messages (and stacks)", async () => {
    const client = createOktaClient({
      url,
      auth: { kind: "apiToken", token: "00token-for-the-printable-test" },
    });
    const err = (await client
      .request({ method: "GET", path: "/api/v1/apps", operation: "listApplications" })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toContain("Api validation failed\\u001b[2J\\u001b[H\\u000derror: a line Okta forged");
    expect(err.message).toContain("\\u202etxt.exe\\u009b31m");
    expect(err.message).not.toMatch(UNPRINTABLE);
    expect(err.stack ?? "").not.toMatch(/\u001b|\u202e/);
  });

  it("escapes them in the provider's one-line errors", () => {
    const err = new ProvisioningError(
      "ProvisioningConnection of app 0oa1: app name \u001b]0;owned\u0007 is unknown",
    );
    expect(err.message).toBe(
      "ProvisioningConnection of app 0oa1: app name \\u001b]0;owned\\u0007 is unknown",
    );
  });

  it("escapes in JSON what JSON.stringify leaves raw, keeping the same values", () => {
    const value = { label: "a\u009b31m\u202eb\nc" };
    const json = printableJson(JSON.stringify(value));
    expect(json).not.toMatch(UNPRINTABLE);
    expect(JSON.parse(json)).toEqual(value);
  });

  it("leaves ordinary text, accents and emoji alone", () => {
    expect(printable("Zscaler 2.0 (prod) — Münch ✅")).toBe("Zscaler 2.0 (prod) — Münch ✅");
  });
});
