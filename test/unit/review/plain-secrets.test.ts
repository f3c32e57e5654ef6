/**
 * A state whose secret inputs were stored in clear (a plain string the program passed before the SDK wrapped it, a
 * plugin state of a release that did not force it secret, a hand-edited state): `pulumi preview --json` prints them
 * as they are. The review and `rollout --preview` must still show every path the schema marks secret as
 * `[secret]`, whatever the value's shape.
 */
import { analyzePreview, renderMarkdown, type PreviewOutput } from "../../../cli/review";
import { changeLine, fleetView, renderFleet, stackPreview } from "../../../cli/rollout";
import { fixture } from "./fixtures";

type Props = Record<string, unknown>;

const OLD_TOKEN = "zscaler-token-in-clear-0ld-7c1e";
const NEW_TOKEN = "zscaler-token-in-clear-n3w-4a9b";
const OLD_PASSWORD = "M365-password-in-clear-0ld-19fd";
const NEW_PASSWORD = "M365-password-in-clear-n3w-2be8";
const AUTHORIZE = "https://acme.okta.com/oauth2/authorize?state=authorize-state-in-clear-55aa";
const ALL = [OLD_TOKEN, NEW_TOKEN, OLD_PASSWORD, NEW_PASSWORD, "authorize-state-in-clear-55aa"];

/** The recorded token rotation, with the secrets in clear in the shapes given (old state, then the program's). */
function inClear(before: Props, after: Props): PreviewOutput {
  const preview = fixture("secret-change");
  const put = (props: Props | undefined, values: Props) => props && Object.assign(props, values);
  for (const step of preview.steps ?? []) {
    if (!step.urn.endsWith("ProvisioningConnection::zscaler")) continue;
    put(step.oldState?.inputs, before);
    put(step.oldState?.outputs, { ...before, authorizeUrl: AUTHORIZE });
    if (step.op === "refresh") put(step.newState?.inputs, before);
    else put(step.newState?.inputs, after);
  }
  return preview;
}

function everything(preview: PreviewOutput): string {
  const report = analyzePreview(preview, "dev");
  const fleet = fleetView([stackPreview("dev", preview)]);
  return [
    JSON.stringify(report),
    renderMarkdown(report),
    renderFleet(fleet).join("\n"),
    stackPreview("dev", preview).changes.map(changeLine).join("\n"),
  ].join("\n");
}

describe("secrets stored in clear, in review and rollout --preview", () => {
  const shapes: Array<[string, Props, Props]> = [
    ["strings", { token: OLD_TOKEN }, { token: NEW_TOKEN }],
    ["an object where a string belongs", { token: { value: OLD_TOKEN } }, { token: { value: NEW_TOKEN } }],
    ["a list", { token: [OLD_TOKEN] }, { token: [NEW_TOKEN] }],
    [
      "a nested secret",
      { settings: { adminUsername: "admin@acme.example", adminPassword: OLD_PASSWORD } },
      { settings: { adminUsername: "it@acme.example", adminPassword: NEW_PASSWORD } },
    ],
    [
      "a string where the nested secret's object belongs",
      { settings: OLD_PASSWORD },
      { settings: NEW_PASSWORD },
    ],
    [
      "a nested secret of the wrong shape",
      { settings: { adminPassword: { p: OLD_PASSWORD } } },
      { settings: { adminPassword: [NEW_PASSWORD] } },
    ],
  ];

  it.each(shapes)("never prints them (%s), in Markdown, JSON or the fleet view", (_shape, before, after) => {
    const text = everything(inClear(before, after));
    for (const secret of ALL) expect(text).not.toContain(secret);
  });

  it("shows the changed token as [secret] on both sides", () => {
    const change = analyzePreview(inClear({ token: OLD_TOKEN }, { token: NEW_TOKEN })).changes.find(
      (c) => c.name === "zscaler",
    );
    expect(change?.properties).toEqual([{ path: "token", before: "[secret]", after: "[secret]" }]);
  });

  it("names the changed secret when only the connection's revision counter shows a change", () => {
    const preview = inClear(
      { token: OLD_TOKEN, profileRevision: 1 },
      { token: NEW_TOKEN, profileRevision: 2 },
    );
    const change = analyzePreview(preview).changes.find((c) => c.name === "zscaler");
    expect(change?.properties).toEqual([
      { path: "profileRevision", before: 1, after: 2 },
      { path: "token", before: "[secret]", after: "[secret]" },
    ]);
  });

  it("still shows the admin user name beside the hidden password", () => {
    const preview = inClear(
      { settings: { adminUsername: "admin@acme.example", adminPassword: OLD_PASSWORD } },
      { settings: { adminUsername: "it@acme.example", adminPassword: NEW_PASSWORD } },
    );
    const change = analyzePreview(preview).changes.find((c) => c.name === "zscaler");
    expect(change?.properties).toEqual([
      { path: "settings.adminUsername", before: "admin@acme.example", after: "it@acme.example" },
    ]);
    expect(stackPreview("dev", preview).changes.map(changeLine)).toEqual([
      "update zscaler settings.adminUsername admin@acme.example → it@acme.example",
    ]);
  });
});
