// @ts-check
const tseslint = require("typescript-eslint");

/**
 * The wall: the emulator stands in for Okta, so it must share no code with the client it judges (a shared bug would
 * pass both sides), and the provider core must not lean on the dynamic-resource door (the plugin door needs the
 * core without it). Relative paths and the package's own name are both covered.
 */
const barred = (folder) => [`**/${folder}`, `**/${folder}/**`, `pulumi-okta-provisioning/${folder}`];
const wall = (why, ...folders) => ({
  "@typescript-eslint/no-restricted-imports": [
    "error",
    { patterns: [{ group: folders.flatMap(barred), message: why }] },
  ],
});
const EMULATOR_APART =
  "The emulator shares no code with the provider or the SDK (docs/architecture.md, the wall).";

module.exports = tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "examples/**/node_modules/", "**/*.js"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["provider/**/*.ts"],
    rules: wall(
      `${EMULATOR_APART} provider/ is the core both doors (sdk/, plugin/) use: it imports neither door.`,
      "emulator",
      "sdk",
      "plugin",
    ),
  },
  { files: ["sdk/**/*.ts", "plugin/**/*.ts"], rules: wall(EMULATOR_APART, "emulator") },
  { files: ["emulator/**/*.ts"], rules: wall(EMULATOR_APART, "provider", "sdk") },
);
