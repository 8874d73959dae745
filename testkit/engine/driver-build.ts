import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "./paths";

// The driver (testkit/driver/*.ts) is TypeScript, type-checked with the rest of the
// tests, and transpiled into the e2e project so it loads that project's node_modules.
// Each version of the driver gets its own folder, so a run never swaps it under another.

// From the checkout, so that the harness compiled into dist/ (bench/) finds them too.
const DRIVER_SOURCES = path.join(REPO_ROOT, "testkit", "driver");
// Examples the driver's programs declare, each transpiled into a folder of the same name
// beside the driver (driver/local-receiver-program.ts loads it from there), so that they too
// load the project's @pulumi/pulumi and pulumi-opensolar.
const EXAMPLE_FOLDERS = ["local-receiver"] as const;

/** The driver's entry point inside `projectDir`, transpiled there if this version is new. */
export function driverIn(projectDir: string): string {
  const sources = fs.readdirSync(DRIVER_SOURCES).filter((name) => name.endsWith(".ts")).sort();
  const hash = createHash("sha256");
  for (const name of sources) hash.update(name).update("\0").update(fs.readFileSync(path.join(DRIVER_SOURCES, name)));
  const examples = EXAMPLE_FOLDERS.flatMap((folder) => exampleSources(folder));
  for (const example of examples) hash.update(example.name).update("\0").update(fs.readFileSync(example.file));
  const outDir = path.join(projectDir, `driver-${hash.digest("hex").slice(0, 16)}`);
  const entry = path.join(outDir, "main.js");
  if (fs.existsSync(entry)) return entry;

  const partial = `${outDir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  for (const name of sources) {
    const output = ts.transpileModule(fs.readFileSync(path.join(DRIVER_SOURCES, name), "utf8"), {
      fileName: name,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    fs.writeFileSync(path.join(partial, name.replace(/\.ts$/, ".js")), output.outputText);
  }
  for (const example of examples) {
    const output = ts.transpileModule(fs.readFileSync(example.file, "utf8"), {
      fileName: example.name,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    fs.mkdirSync(path.dirname(path.join(partial, example.name)), { recursive: true });
    fs.writeFileSync(path.join(partial, example.name.replace(/\.ts$/, ".js")), output.outputText);
  }
  try {
    fs.renameSync(partial, outDir);
  } catch (error) {
    // Another process finished the same driver first: theirs is identical.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw error;
  }
  return entry;
}

/** An example's sources, named by their path inside the driver's folder (`local-receiver/program.ts`). */
function exampleSources(folder: string): Array<{ name: string; file: string }> {
  const dir = path.join(REPO_ROOT, "examples", folder);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, file: path.join(dir, name) }));
}
