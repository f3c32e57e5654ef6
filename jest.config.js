// Projects so the slow runs (the real Pulumi CLI, a real browser) can be run alone: `npm run test:e2e`, `npm run test:browser`.
const tsJest = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] };
const common = { testEnvironment: "node", transform: tsJest, moduleFileExtensions: ["ts", "js", "json"] };

module.exports = {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      globalSetup: "<rootDir>/test/integration/global-setup.ts",
    },
    // Okta's recorded traffic (issue 27): replayed against the emulator, and fed through the provider and adopt.
    { ...common, displayName: "conformance", testMatch: ["<rootDir>/test/conformance/**/*.test.ts"] },
    // The in-process convergence model (issue 18): thousands of steps against the emulator, no Pulumi CLI.
    { ...common, displayName: "model", testMatch: ["<rootDir>/test/model/**/*.test.ts"] },
    {
      ...common,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/test/e2e/harness/global-setup.ts",
      slowTestThreshold: 120,
    },
    {
      ...common,
      displayName: "browser",
      testMatch: ["<rootDir>/test/browser/**/*.test.ts"],
      globalSetup: "<rootDir>/test/e2e/harness/global-setup.ts",
      slowTestThreshold: 300,
    },
    {
      ...common,
      displayName: "reliability",
      testMatch: ["<rootDir>/test/reliability/**/*.test.ts"],
      globalSetup: "<rootDir>/test/e2e/harness/global-setup.ts",
      slowTestThreshold: 300,
    },
    {
      ...common,
      displayName: "acceptance",
      testMatch: ["<rootDir>/test/acceptance/**/*.test.ts"],
      globalSetup: "<rootDir>/test/acceptance/harness/global-setup.ts",
      slowTestThreshold: 600,
    },
  ],
};
