import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { filesUnder } from "./files-under";
import { REPO_ROOT } from "./paths";

// What `npm pack` ships (package.json, README/LICENSE, dist/) as one hash: the key of the
// cached e2e project, so the tarball is packed and installed again exactly when what
// users would get changes. Hashing a few hundred KB is much cheaper than packing.

const SHIPPED_SOURCE_DIRS = ["provider", "simulator", "receiver"];

export function packageFingerprint(): string {
  const hash = createHash("sha256");
  const files = ["package.json", ...rootDocs(), ...checkoutFilesUnder("dist")].sort();
  for (const file of files) {
    hash.update(file).update("\0").update(fs.readFileSync(path.join(REPO_ROOT, file))).update("\0");
  }
  return hash.digest("hex");
}

/** Fails when dist/ is missing or older than a source it is built from: the tests would check stale code. */
export function assertBuildIsCurrent(): void {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js"))) {
    throw new Error("e2e: dist/ is missing. Run `npm run build` first (the e2e tests pack the built package).");
  }
  for (const dir of SHIPPED_SOURCE_DIRS) {
    for (const source of checkoutFilesUnder(dir).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))) {
      const built = path.join(REPO_ROOT, "dist", source.replace(/\.ts$/, ".js"));
      const sourceTime = fs.statSync(path.join(REPO_ROOT, source)).mtimeMs;
      if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sourceTime) {
        throw new Error(`e2e: dist/ is older than ${source}. Run \`npm run build\` first.`);
      }
    }
  }
}

function rootDocs(): string[] {
  return fs.readdirSync(REPO_ROOT).filter((name) => /^(readme|license|licence)(\.|$)/i.test(name));
}

/** The files below a folder of the checkout, relative to the checkout. */
function checkoutFilesUnder(relativeDir: string): string[] {
  return filesUnder(path.join(REPO_ROOT, relativeDir)).map((file) => path.relative(REPO_ROOT, file));
}
