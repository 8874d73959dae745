import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

// The driver (test/e2e/driver/*.ts) is TypeScript, type-checked with the rest of the
// tests, and transpiled into the e2e project so it loads that project's node_modules.
// Each version of the driver gets its own folder, so a run never swaps it under another.

const DRIVER_SOURCES = path.resolve(__dirname, "..", "driver");

/** The driver's entry point inside `projectDir`, transpiled there if this version is new. */
export function driverIn(projectDir: string): string {
  const sources = fs.readdirSync(DRIVER_SOURCES).filter((name) => name.endsWith(".ts")).sort();
  const hash = createHash("sha256");
  for (const name of sources) hash.update(name).update("\0").update(fs.readFileSync(path.join(DRIVER_SOURCES, name)));
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
  try {
    fs.renameSync(partial, outDir);
  } catch (error) {
    // Another process finished the same driver first: theirs is identical.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw error;
  }
  return entry;
}
