import * as fs from "node:fs";
import * as path from "node:path";

// An engine killed while the file backend writes a checkpoint leaves it torn (empty or cut
// short): every command then fails with "failed to load checkpoint". The backend keeps the
// previous checkpoint beside it as `<stack>.json.bak`; restoring it is what a user does (the
// README's recovery section), and what the provider's ownership marker makes safe: a
// webhook recorded only in the torn checkpoint carries its resource's owner key, so the
// next `up` takes it instead of creating another.

/** Restores `<stack>.json` from its `.bak` when it does not parse; true if it did. */
export function restoreTornCheckpoint(stateDir: string, stackName: string): boolean {
  const file = findCheckpoint(path.join(stateDir, ".pulumi", "stacks"), `${stackName}.json`);
  if (file === undefined || parses(file)) return false;
  fs.copyFileSync(`${file}.bak`, file);
  return true;
}

function parses(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

function findCheckpoint(dir: string, name: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findCheckpoint(full, name);
      if (found) return found;
    } else if (entry.name === name) {
      return full;
    }
  }
  return undefined;
}
