import * as fs from "node:fs";
import * as os from "node:os";

// CPU time, beside wall time: on a 2-core machine shared with other work, the wall time of
// an operation swings with the load, while the CPU its processes burn does not. Each
// operation runs in a driver process this process spawns and waits for; Linux adds the CPU
// of every waited-for descendant (the driver, the engine, the language host, the
// providers) to this process's "children" times once it is reaped. This process's own CPU
// is the simulator's (it runs here) and the harness's.

export interface CpuTimes {
  /** User + system CPU of the reaped descendants so far (ms). */
  readonly childrenMs: number;
  /** User + system CPU of this process so far (ms). */
  readonly selfMs: number;
}

/** Clock ticks per second of /proc's times: 100 on every Linux Node.js runs on. */
const TICKS_PER_SECOND = 100;

export function cpuTimes(): CpuTimes {
  const self = process.cpuUsage();
  return { childrenMs: childrenCpuMs(), selfMs: (self.user + self.system) / 1000 };
}

/** NaN where /proc/self/stat cannot be read (not Linux). */
function childrenCpuMs(): number {
  if (os.platform() !== "linux") return Number.NaN;
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces, inside parentheses); cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return ((cutime + cstime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
