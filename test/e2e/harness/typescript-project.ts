import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { withDirectoryLock } from "../../../testkit/engine/directory-lock";
import { assertBuildIsCurrent, packageFingerprint } from "../../../testkit/engine/package-fingerprint";
import { e2eCacheDir, REPO_ROOT } from "../../../testkit/engine/paths";

// A TypeScript Pulumi project as `pulumi new typescript` makes one (Pulumi.yaml with
// `runtime: nodejs`, package.json with `main: index.ts`, the template's tsconfig.json,
// index.ts), with the packed pulumi-opensolar installed by npm next to @pulumi/pulumi,
// @types/node and its own TypeScript. npm runs once per package content and dependency
// set, in a cached folder under a lock; each test gets a copy of it (half a second), so an
// edit of index.ts or a stack's config file stays in that test's folder.

/** The dependencies of the project, as its package.json says them. */
export interface ProjectDependencies {
  /** @default "~3.249.0": the @pulumi/pulumi the package is developed against */
  readonly pulumi?: string;
  /**
   * The project's own `typescript` (a devDependency, as the template has it). `false`: none,
   * so the language host compiles with the TypeScript that @pulumi/pulumi vendors (3.8.3).
   * @default "~5.9.3"
   */
  readonly typescript?: string | false;
}

/** `pulumi new typescript`'s tsconfig.json (pulumi/templates, typescript/). */
export const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

export interface NewProject {
  /** The project's folder: where the user types `pulumi …`. */
  readonly dir: string;
  /** The installed package.json's dependencies, as npm wrote them. */
  readonly dependencies: Readonly<Record<string, string>>;
}

export interface NewProjectOptions extends ProjectDependencies {
  /** Pulumi.yaml's `name`. */
  readonly name: string;
  readonly indexTs: string;
  /** Write the template's tsconfig.json. @default true */
  readonly tsconfig?: boolean;
}

const COMPLETE_MARKER = ".cli-project-complete";
const LAST_USED = ".cli-project-last-used";
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const UNUSED_INSTALL_TTL_MS = 60 * 60_000;

/** Writes a new project into `dir` (created; must not exist yet). */
export function newTypeScriptProject(dir: string, options: NewProjectOptions): NewProject {
  const installed = installedDependencies(options);
  fs.cpSync(installed, dir, { recursive: true, verbatimSymlinks: true, filter: (source) => ![COMPLETE_MARKER, LAST_USED].includes(path.basename(source)) });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${options.name}\ndescription: A minimal TypeScript Pulumi program\nruntime: nodejs\n`);
  if (options.tsconfig ?? true) fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(TEMPLATE_TSCONFIG, null, 4)}\n`);
  fs.writeFileSync(path.join(dir, "index.ts"), options.indexTs);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return { dir, dependencies: { ...manifest.dependencies, ...manifest.devDependencies } };
}

/** The cached folder with package.json, package-lock.json, the tarball and node_modules. */
function installedDependencies(options: ProjectDependencies): string {
  assertBuildIsCurrent();
  const manifest = packageManifest(options);
  const key = createHash("sha256").update(packageFingerprint()).update("\0").update(JSON.stringify(manifest)).digest("hex");
  const installsDir = path.join(e2eCacheDir(), "typescript-projects");
  const dir = path.join(installsDir, key.slice(0, 24));
  if (!fs.existsSync(path.join(dir, COMPLETE_MARKER))) {
    withDirectoryLock(`${dir}.lock`, INSTALL_TIMEOUT_MS, () => {
      if (!fs.existsSync(path.join(dir, COMPLETE_MARKER))) install(dir, manifest);
    });
  }
  fs.writeFileSync(path.join(dir, LAST_USED), new Date().toISOString());
  pruneUnused(installsDir, dir);
  return dir;
}

/** The template's package.json, @pulumi/pulumi and TypeScript as asked. */
function packageManifest(options: ProjectDependencies): Record<string, unknown> {
  const typescript = options.typescript ?? "~5.9.3";
  return {
    name: "opensolar-cli-project",
    main: "index.ts",
    devDependencies: { "@types/node": "^20", ...(typescript === false ? {} : { typescript }) },
    dependencies: { "@pulumi/pulumi": options.pulumi ?? "~3.249.0" },
  };
}

function install(dir: string, manifest: Record<string, unknown>): void {
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    fs.writeFileSync(path.join(partial, "package.json"), `${JSON.stringify(manifest, null, 4)}\n`);
    const tarball = npm(["pack", REPO_ROOT, "--pack-destination", partial, "--silent"], REPO_ROOT).trim().split("\n").pop();
    if (!tarball) throw new Error("e2e: npm pack printed no tarball name.");
    // What the user types after `pulumi new typescript`: npm install <the package>.
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${tarball}`], partial);
    fs.writeFileSync(path.join(partial, COMPLETE_MARKER), new Date().toISOString());
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

function npm(args: string[], cwd: string): string {
  try {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    throw new Error(`e2e: \`npm ${args.join(" ")}\` failed in ${cwd}:\n${stderr.slice(-4000)}`);
  }
}

/** Each package change leaves a ~130 MB install behind; drop those nobody used for an hour. */
function pruneUnused(installsDir: string, current: string): void {
  for (const name of fs.readdirSync(installsDir)) {
    const candidate = path.join(installsDir, name);
    if (candidate === current || name.endsWith(".lock") || name.includes(".partial-")) continue;
    const lastUsed = path.join(candidate, LAST_USED);
    const stamp = fs.existsSync(lastUsed) ? fs.statSync(lastUsed).mtimeMs : fs.statSync(candidate).mtimeMs;
    if (Date.now() - stamp > UNUSED_INSTALL_TTL_MS) fs.rmSync(candidate, { recursive: true, force: true });
  }
}
