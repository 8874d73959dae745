import * as fs from "node:fs";

// Killing an engine the hard way, as a CI timeout or a crashed machine would: SIGKILL to
// the driver's process group and to every process below the driver, by pid. Plugins the
// CLI starts may sit in process groups of their own, so the group alone is not enough.

/** `root` and every process below it, found through /proc (Linux); just `root` elsewhere. */
export function processTree(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [root];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === undefined) continue;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    found.push(pid);
    pending.push(...(childrenOf.get(pid) ?? []));
  }
  return found;
}

/** SIGKILL to the group led by `leader` and to each process of its tree, collected first. */
export function killTree(leader: number): void {
  const tree = processTree(leader);
  signal(-leader);
  for (const pid of tree) signal(pid);
}

function signal(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}
