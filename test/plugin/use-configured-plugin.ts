import type { Simulator } from "../../simulator";
import { ORG, startTestSimulator, TOKEN } from "../../testkit/test-simulator";
import { PluginProcess } from "./plugin-process";

/**
 * For each test, a simulator and the built plugin configured for it (the test's token and
 * default org). After each test the plugin stops, and its stderr must hold none of
 * `secrets` (the token is always one of them).
 */
export function useConfiguredPlugin(secrets: readonly string[] = []): { readonly simulator: Simulator; readonly plugin: PluginProcess } {
  let simulator: Simulator | undefined;
  let plugin: PluginProcess | undefined;
  beforeEach(async () => {
    simulator = await startTestSimulator();
    plugin = await PluginProcess.start();
    await plugin.configure("main", { apiToken: TOKEN, baseUrl: simulator.url, orgId: ORG });
  });
  afterEach(async () => {
    // Closed whatever failed before: a simulator left listening keeps jest from exiting.
    try {
      await plugin?.stop();
    } finally {
      await simulator?.close();
    }
    for (const value of [TOKEN, ...secrets]) expect(plugin?.stderr ?? "").not.toContain(value);
    plugin = undefined;
    simulator = undefined;
  });
  return {
    get simulator(): Simulator {
      if (!simulator) throw new Error("useConfiguredPlugin: no test is running.");
      return simulator;
    },
    get plugin(): PluginProcess {
      if (!plugin) throw new Error("useConfiguredPlugin: no test is running.");
      return plugin;
    },
  };
}
