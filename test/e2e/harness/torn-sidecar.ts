import * as fs from "node:fs";
import * as path from "node:path";

// What a kill mid-write leaves in a file backend (checked in gocloud.dev's fileblob, which
// Pulumi's file backend writes through): a checkpoint is written to a temporary file and
// renamed over `<stack>.json`, so it is never torn; but just before that rename, its sidecar
// `<stack>.json.attrs` (content type and MD5) is truncated and rewritten in place. A kill in
// between leaves the sidecar empty or cut short, and every command then fails with
// "failed to load checkpoint: EOF" although `<stack>.json` is intact. The backend reads a
// missing sidecar as defaults and writes it again: deleting it is the recovery (README,
// "After an interrupted `pulumi up`").

/** The `.attrs` sidecars under the backend's `.pulumi` folder that do not parse. */
export function tornSidecars(stateDir: string): string[] {
  return filesUnder(path.join(stateDir, ".pulumi")).filter((file) => file.endsWith(".attrs") && !parses(file));
}

/** Deletes every torn sidecar, as the README tells users to; returns the ones it deleted. */
export function removeTornSidecars(stateDir: string): string[] {
  const torn = tornSidecars(stateDir);
  for (const file of torn) fs.rmSync(file);
  return torn;
}

/** Leaves `<stack>.json.attrs` as a kill mid-rewrite does: cut short. */
export function tearSidecar(stateDir: string, stackName: string): string {
  const sidecar = filesUnder(path.join(stateDir, ".pulumi", "stacks")).find((file) => path.basename(file) === `${stackName}.json.attrs`);
  if (sidecar === undefined) throw new Error(`torn-sidecar: stack ${stackName} has no ${stackName}.json.attrs under ${stateDir}`);
  const text = fs.readFileSync(sidecar, "utf8");
  fs.writeFileSync(sidecar, text.slice(0, Math.floor(text.length / 3)));
  return sidecar;
}

function parses(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
