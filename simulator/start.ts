// express is an optional peer dependency: provider users never run the simulator and should
// not install a web framework for it. The server (and express with it) is loaded only here,
// when a simulator starts, so that `pulumi-opensolar/simulator` can be imported without it.
import type { Simulator, SimulatorOptions } from "./types";

/** The code of the error thrown when the simulator is started without express installed. */
export const EXPRESS_MISSING_CODE = "ERR_OPENSOLAR_SIMULATOR_NEEDS_EXPRESS";

/** Starts an OpenSolar webhook API simulator on a real HTTP port. Needs `express` (5.x) installed. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return loadServer().startSimulatorServer(options);
}

function loadServer(): typeof import("./server") {
  try {
    require.resolve("express");
  } catch {
    const error: NodeJS.ErrnoException = new Error(
      "pulumi-opensolar simulator: the simulator needs express, which is not installed: run `npm install --save-dev express` in this project (or `npx -p pulumi-opensolar -p express opensolar-simulator`).",
    );
    error.code = EXPRESS_MISSING_CODE;
    throw error;
  }
  return require("./server") as typeof import("./server");
}
