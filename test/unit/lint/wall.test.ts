/**
 * The wall between provider/, sdk/ and emulator/ is an ESLint rule (eslint.config.js): these cases lint small
 * sources as if they stood at the given paths, through ESLint's own API and the project's own config, so a rule that
 * stopped matching (a renamed folder, a pattern typo) fails here and not only in a reviewer's eye.
 */
import * as path from "node:path";
import { ESLint } from "eslint";

const root = path.resolve(__dirname, "..", "..", "..");
// The project's own config, handed over as an object: ESLint's loader would import() it, which Jest's CommonJS
// sandbox cannot do.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: require(path.join(root, "eslint.config.js")),
});

async function wallMessages(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

describe("the wall, as npm run lint enforces it", () => {
  it.each([
    ["provider/client/fixture.ts", 'import { startEmulator } from "../../emulator";'],
    ["provider/fixture.ts", 'import type { EmulatorOrg } from "../emulator/index";'],
    ["provider/fixture.ts", 'import { ProvisioningConnection } from "../sdk";'],
    ["provider/validation/fixture.ts", 'import type { ProvisioningFeatureArgs } from "../../sdk/types";'],
    ["provider/fixture.ts", 'import { startEmulator } from "pulumi-okta-provisioning/emulator";'],
    ["sdk/fixture.ts", 'import { startEmulator } from "../emulator";'],
    ["emulator/fixture.ts", 'import { oktaClient } from "../provider/runtime";'],
    ["emulator/routes/fixture.ts", 'import { createOktaClient } from "../../provider/client";'],
    ["emulator/fixture.ts", 'import type { ProvisioningConnectionArgs } from "../sdk/types";'],
  ])("refuses %s: %s", async (filePath, source) => {
    const messages = await wallMessages(
      filePath,
      `${source}\nexport const used = [${source.match(/\{ (\w+) \}/)?.[1]}];\n`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/shares no code/);
  });

  it.each([
    ["sdk/fixture.ts", 'import type { CheckFailure } from "../provider/validation";'],
    ["cli/fixture.ts", 'import { startEmulator } from "../emulator";'],
    ["provider/fixture.ts", 'import { createOktaClient } from "./client";'],
    ["emulator/fixture.ts", 'import { store } from "./store";'],
  ])("lets %s import across the house where the wall allows: %s", async (filePath, source) => {
    expect(
      await wallMessages(filePath, `${source}\nexport const used = [${source.match(/\{ (\w+) \}/)?.[1]}];\n`),
    ).toEqual([]);
  });
});
