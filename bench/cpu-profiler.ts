import * as fs from "node:fs";
import * as inspector from "node:inspector";
import * as path from "node:path";

// Preloaded with `NODE_OPTIONS=--require <this file>` (Node.js refuses `--cpu-prof` in
// NODE_OPTIONS) into every Node.js process the engine starts, this profiles the process from
// its start and writes a `.cpuprofile` into BENCH_CPU_PROFILE_DIR when it ends: at exit,
// or at the SIGINT/SIGTERM with which the engine stops its plugins. Same-thread inspector
// calls answer synchronously, so writing from an `exit` handler works.

const dir = process.env["BENCH_CPU_PROFILE_DIR"];
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      write();
      process.exit(0);
    });
  }
}
