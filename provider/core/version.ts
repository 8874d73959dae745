import * as fs from "node:fs";
import * as path from "node:path";

// Found by walking up, so it is right from the TypeScript sources and from dist/ alike.
function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-opensolar" && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return "0.0.0";
}

export const PACKAGE_VERSION = readVersion();
export const USER_AGENT = `pulumi-opensolar/${PACKAGE_VERSION}`;
