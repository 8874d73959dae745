/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
  },
  // The provider stub loads its implementation by package name (see provider/dynamic/webhook-provider.ts);
  // inside jest that name resolves to the TypeScript source.
  moduleNameMapper: {
    "^pulumi-opensolar/internal/webhook-provider$": "<rootDir>/provider/dynamic/webhook-implementation.ts",
    "^pulumi-opensolar/internal/webhook-secret-provider$": "<rootDir>/provider/dynamic/webhook-secret-implementation.ts",
    "^pulumi-opensolar/receiver$": "<rootDir>/receiver/index.ts",
    "^pulumi-opensolar/simulator$": "<rootDir>/simulator/index.ts",
    "^pulumi-opensolar/testing$": "<rootDir>/provider/testing.ts",
    "^pulumi-opensolar$": "<rootDir>/provider/index.ts",
  },
  testTimeout: 30000,
};
