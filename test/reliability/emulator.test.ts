/**
 * Part 6, the emulator under abuse, as users run it in CI (`okta-provisioning emulator`, its own process):
 * malformed JSON, oversized bodies, wrong content types, unknown paths and methods, no credentials, and 200
 * concurrent clients. Every refusal is Okta-shaped, the process never crashes, and its memory stays bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { REPO_ROOT } from "../e2e/harness/engine";
import { reportFigure } from "./harness/figures";

jest.setTimeout(300_000);

interface StartedOrg {
  url: string;
  apiToken: string;
  apps: Array<{ id: string; name: string }>;
}

interface Answer {
  status: number;
  body: string;
}

/** Starts `okta-provisioning emulator` from `cli` and answers its first org once it printed its line of JSON. */
function startCli(cli: string, args: string[]): Promise<{ child: ChildProcess; org: StartedOrg }> {
  const child = spawn(process.execPath, [cli, "emulator", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n"))
        resolve({ child, org: (JSON.parse(out.split("\n")[0]) as { orgs: StartedOrg[] }).orgs[0] });
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${err.trim()}`)));
  });
}

function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  agent?: http.Agent,
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", () => resolve({ status: -1, body: text }));
    });
    // A server that cuts off an oversized upload: status 0.
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end(body);
  });
}

/** Okta's error body: errorCode E0000nnn, errorSummary, errorId. */
function oktaShaped(answer: Answer): boolean {
  try {
    const b = JSON.parse(answer.body) as Record<string, unknown>;
    return (
      /^E\d{7}$/.test(String(b.errorCode)) &&
      typeof b.errorSummary === "string" &&
      typeof b.errorId === "string"
    );
  } catch {
    return false;
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

describe("the emulator under abuse", () => {
  let child: ChildProcess;
  let org: StartedOrg;
  let app: string;
  const figure = { abusive: 0, oktaShaped: 0, concurrent: 0, rssStart: 0, rssEnd: 0, crashed: "?" };

  beforeAll(async () => {
    // The CLI as built in this checkout (the e2e global setup builds dist/).
    ({ child, org } = await startCli(path.join(REPO_ROOT, "dist", "cli", "index.js"), [
      "--rate-limit",
      "100000",
    ]));
    app = org.apps.find((a) => a.name === "zscalerbyz")!.id;
  });

  afterAll(async () => {
    reportFigure(
      "emulator",
      `${figure.oktaShaped}/${figure.abusive} abusive requests answered Okta-shaped, ${figure.concurrent} requests ` +
        `from 200 concurrent clients, crashed: ${figure.crashed}, RSS ${figure.rssStart.toFixed(0)} → ` +
        `${figure.rssEnd.toFixed(0)} MB`,
    );
    child?.kill("SIGTERM");
  });

  it("answers malformed, oversized, mistyped and misdirected requests with Okta's errors, and keeps serving", async () => {
    const auth = { authorization: `SSWS ${org.apiToken}` };
    const json = { ...auth, "content-type": "application/json" };
    const feature = `${org.url}/api/v1/apps/${app}/features/USER_PROVISIONING`;
    const connection = `${org.url}/api/v1/apps/${app}/connections/default`;
    const abuse: Array<[string, string, string, Record<string, string>, string?]> = [
      ["malformed JSON", "PUT", feature, json, "{not json"],
      ["truncated JSON", "POST", connection, json, '{"profile":{"authScheme":"TOK'],
      ["JSON array body", "PUT", feature, json, "[1,2,3]"],
      ["JSON string body", "POST", connection, json, '"TOKEN"'],
      ["100k nested arrays", "PUT", feature, json, "[".repeat(100_000)],
      ["NUL bytes", "POST", connection, json, '{"profile":\u0000}'],
      ["XML", "POST", connection, { ...auth, "content-type": "application/xml" }, "<profile/>"],
      ["text/plain", "POST", connection, { ...auth, "content-type": "text/plain" }, "TOKEN"],
      ["form", "POST", connection, { ...auth, "content-type": "application/x-www-form-urlencoded" }, "a=b"],
      ["no content type", "PUT", feature, auth, "{}"],
      ["unknown path", "GET", `${org.url}/api/v1/nope`, auth],
      ["another API version", "GET", `${org.url}/api/v2/apps`, auth],
      ["unknown feature", "GET", `${org.url}/api/v1/apps/${app}/features/PUSH`, auth],
      ["encoded path walk", "GET", `${org.url}/api/v1/apps/..%2F..%2Fusers/connections/default`, auth],
      ["unknown app", "GET", `${org.url}/api/v1/apps/0oa00000000000000000/connections/default`, auth],
      ["wrong method", "DELETE", connection, auth],
      ["PATCH", "PATCH", feature, json, "{}"],
      ["no credentials", "GET", connection, {}],
      ["malformed credentials", "GET", connection, { authorization: "SSWS" }],
      ["Basic credentials", "GET", connection, { authorization: "Basic YWRtaW46YWRtaW4=" }],
      ["unknown control path", "GET", `${org.url}/__emulator/nope`, {}],
      [
        "malformed faults",
        "PUT",
        `${org.url}/__emulator/faults`,
        { "content-type": "application/json" },
        "{bad",
      ],
    ];
    const wrong: string[] = [];
    for (const [what, method, url, headers, body] of abuse) {
      const answer = await request(url, method, headers, body);
      figure.abusive++;
      if (answer.status >= 400 && answer.status < 500 && oktaShaped(answer)) figure.oktaShaped++;
      else wrong.push(`${what}: ${answer.status} ${answer.body.slice(0, 120)}`);
    }
    // The control API is the emulator's own, not Okta's: a JSON error is enough there.
    const badSpec = await request(
      `${org.url}/__emulator/faults`,
      "PUT",
      { "content-type": "application/json" },
      '{"spec":"5xx=2"}',
    );
    expect(badSpec.status).toBe(400);
    expect(JSON.parse(badSpec.body)).toMatchObject({ message: expect.stringMatching(/between 0 and 1/) });
    // Oversized bodies (8 MB): refused Okta-shaped, or the upload cut off; never taken in whole.
    for (const [what, url, method] of [
      ["oversized connection body", connection, "POST"],
      ["oversized feature body", feature, "PUT"],
    ] as const) {
      const big = Buffer.from(
        JSON.stringify({ profile: { authScheme: "TOKEN", token: "x".repeat(8 * 1024 * 1024) } }),
      );
      const answer = await request(url, method, json, big);
      figure.abusive++;
      if (answer.status === 0 || (answer.status >= 400 && answer.status < 500 && oktaShaped(answer)))
        figure.oktaShaped++;
      else wrong.push(`${what}: ${answer.status} ${answer.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    // Still serving, and nothing above changed the app.
    const live = await request(connection, "GET", auth);
    expect(live.status).toBe(200);
    expect(JSON.parse(live.body)).toMatchObject({ status: "DISABLED" });
    expect(child.exitCode).toBeNull();
  });

  it("serves 200 concurrent clients without crashing, with memory bounded", async () => {
    const auth = { authorization: `SSWS ${org.apiToken}` };
    const connection = `${org.url}/api/v1/apps/${app}/connections/default`;
    const clients = Array.from({ length: 200 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const round = async () => {
      const answers = await Promise.all(
        clients.map((agent, i) =>
          i % 4 === 3
            ? request(
                `${org.url}/api/v1/apps/${app}/features/USER_PROVISIONING`,
                "PUT",
                { ...auth, "content-type": "application/json" },
                "{oops",
                agent,
              )
            : request(connection, "GET", auth, undefined, agent),
        ),
      );
      figure.concurrent += answers.length;
      return answers;
    };
    await round(); // warm up
    figure.rssStart = rssMb(child.pid!);
    const statuses: Record<string, number> = {};
    let misshapen = 0;
    for (let i = 0; i < 15; i++) {
      for (const a of await round()) {
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        if (a.status !== 200 && !oktaShaped(a)) misshapen++;
      }
    }
    figure.rssEnd = rssMb(child.pid!);
    clients.forEach((a) => a.destroy());
    process.stderr.write(
      `emulator: ${figure.concurrent} requests from 200 concurrent clients, statuses ${JSON.stringify(statuses)}, ` +
        `RSS ${figure.rssStart.toFixed(1)} → ${figure.rssEnd.toFixed(1)} MB\n`,
    );
    expect(misshapen).toBe(0);
    expect(statuses["0"] ?? 0).toBe(0); // no dropped connection
    expect(statuses["200"]).toBeGreaterThan(0);
    expect(child.exitCode).toBeNull();
    expect(figure.rssEnd - figure.rssStart).toBeLessThan(64);
    figure.crashed = "no";
  });

  // The package ships emulator/openapi/, which the emulator reads at start.
  it("starts from the installed npm package, as users run it in their CI", async () => {
    const installed = path.join(
      process.env.OKTA_PROVISIONING_E2E_NODE_MODULES ?? "",
      "pulumi-okta-provisioning",
    );
    const started = await startCli(path.join(installed, "dist", "cli", "index.js"), []);
    started.child.kill("SIGTERM");
    expect(started.org.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
