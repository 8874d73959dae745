import * as fs from "node:fs";
import * as path from "node:path";

// Reads the `.cpuprofile` files that `node --cpu-prof` writes (one per Node.js process the
// engine started during a step: the program, the dynamic provider host, the plugin) and
// sums where each process spent its CPU: by process, by package, by function.

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProcessProfile {
  readonly file: string;
  /** What the process ran, told by the modules it loaded. */
  readonly role: "driver and inline program" | "program" | "dynamic provider" | "plugin" | "other";
  readonly wallMs: number;
  /** Sampled time not idle (garbage collection included). */
  readonly busyMs: number;
  readonly byPackage: ReadonlyArray<readonly [string, number]>;
  readonly byFunction: ReadonlyArray<readonly [string, number]>;
}

export function readProfiles(dir: string): ProcessProfile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .sort()
    .map((name) => summarize(path.join(dir, name), JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as CpuProfile));
}

function summarize(file: string, profile: CpuProfile): ProcessProfile {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node] as const));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)" || frame.functionName === "(program)") continue;
    busyUs += us;
    const where = packageOf(frame.url);
    byPackage.set(where, (byPackage.get(where) ?? 0) + us);
    const name = `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const urls = profile.nodes.map((node) => node.callFrame.url).join("\n");
  const role = /driver-[0-9a-f]+\/main\.js/.test(urls)
    ? "driver and inline program"
    : /plugin\/provider\.js/.test(urls)
    ? "plugin"
    : /cmd\/dynamic-provider/.test(urls)
      ? "dynamic provider"
      : /cmd\/run/.test(urls)
        ? "program"
        : "other";
  const sorted = (map: Map<string, number>) => [...map].map(([key, us]) => [key, us / 1000] as const).sort((a, b) => b[1] - a[1]);
  return { file, role, wallMs: (profile.endTime - profile.startTime) / 1000, busyMs: busyUs / 1000, byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

/** `@pulumi/pulumi`, `zod`, `pulumi-opensolar`, `node:internal`…: the package a frame's file belongs to. */
function packageOf(url: string): string {
  if (url === "") return "(native / gc)";
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const inModules = url.lastIndexOf("node_modules/");
  if (inModules !== -1) {
    const parts = url.slice(inModules + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (/plugin\/provider\.js/.test(url)) return "pulumi-opensolar plugin bundle";
  return "(the program and its driver)";
}

function shortUrl(url: string): string {
  const inModules = url.lastIndexOf("node_modules/");
  return inModules === -1 ? url.replace(/^file:\/\//, "").split("/").slice(-2).join("/") : url.slice(inModules + "node_modules/".length);
}
