import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { runOperation } from "./operations";
import { programFor } from "./program";
import type { DriverRequest, DriverResponse, OperationResult } from "./protocol";

// The e2e driver: reads one DriverRequest (JSON) on stdin, runs its operations on one
// stack with the real engine, writes a DriverResponse to the request's result file. It
// runs with the temporary project's own node_modules, so what it exercises is the packed
// package a user installs. Progress and noise go to stdout/stderr; only the file counts.

async function main(): Promise<void> {
  const request = JSON.parse(fs.readFileSync(0, "utf8")) as DriverRequest;
  const env = engineEnvironment(request);
  // The CLI and the dynamic provider process inherit this process's environment.
  Object.assign(process.env, env);

  const pulumiCommand = await PulumiCommand.get({ root: request.pulumiRoot, skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: request.stackName, projectName: request.projectName, program: programFor(request.program) },
    {
      workDir: request.workDir,
      pulumiHome: request.pulumiHome,
      pulumiCommand,
      envVars: env,
      projectSettings: {
        name: request.projectName,
        runtime: "nodejs",
        // The dynamic provider process runs here and resolves `pulumi-opensolar` from it.
        main: request.programDir,
        backend: { url: `file://${request.stateDir}` },
      },
    },
  );
  await applyConfig(stack, request);

  const target = {
    stack,
    cliPath: path.join(request.pulumiRoot, "bin", "pulumi"),
    cliEnv: { ...process.env, PULUMI_HOME: request.pulumiHome },
    workDir: request.workDir,
    logging: request.engineLogging,
  };
  const results: OperationResult[] = [];
  for (const operation of request.operations) {
    const started = Date.now();
    const result = await runOperation(operation, target, request.options);
    results.push({ ...result, durationMs: Date.now() - started });
    if (!result.ok) break;
  }

  const response: DriverResponse = {
    nodeVersion: process.version,
    pulumiSdkVersion: sdkVersion(),
    results,
  };
  fs.writeFileSync(request.resultFile, JSON.stringify(response));
}

/** Sets the stack's config, unless the previous run of this stack set the same (one CLI call less). */
async function applyConfig(stack: Stack, request: DriverRequest): Promise<void> {
  const applied = path.join(request.workDir, ".e2e-config-applied");
  const digest = createHash("sha256").update(JSON.stringify(request.config)).digest("hex");
  if (fs.existsSync(applied) && fs.readFileSync(applied, "utf8") === digest) return;
  await stack.setAllConfig({ ...request.config });
  fs.writeFileSync(applied, digest);
}

function engineEnvironment(request: DriverRequest): Record<string, string> {
  // The CLI's folder holds the Node.js plugin; this Node.js goes first so the dynamic
  // provider process runs on the same version as the driver.
  const searchPath = [path.join(request.pulumiRoot, "bin"), path.dirname(process.execPath), process.env["PATH"] ?? ""];
  return {
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_HOME: request.pulumiHome,
    ...request.env,
    PATH: searchPath.join(path.delimiter),
  };
}

function sdkVersion(): string {
  const manifest = require("@pulumi/pulumi/package.json") as { version?: string };
  return manifest.version ?? "unknown";
}

main().catch((error: unknown) => {
  process.stderr.write(`e2e driver failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
