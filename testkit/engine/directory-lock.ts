import * as fs from "node:fs";
import * as path from "node:path";

// A lock between processes (jest workers, two jest runs) that build the same cached
// folder. mkdir is atomic; the owner's pid is kept inside so a lock left by a killed
// process is taken over instead of waited for. Synchronous, like the builds it guards.

const POLL_MS = 200;

export function withDirectoryLock<T>(lockPath: string, timeoutMs: number, work: () => T): T {
  const deadline = Date.now() + timeoutMs;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  while (!tryAcquire(lockPath)) {
    if (Date.now() > deadline) {
      throw new Error(`e2e: waited ${timeoutMs} ms for the lock ${lockPath}; remove it if no other test run is building.`);
    }
    sleep(POLL_MS);
  }
  try {
    return work();
  } finally {
    fs.rmSync(lockPath, { recursive: true, force: true });
  }
}

function tryAcquire(lockPath: string): boolean {
  try {
    fs.mkdirSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (ownerIsGone(lockPath)) fs.rmSync(lockPath, { recursive: true, force: true });
    return false;
  }
  fs.writeFileSync(path.join(lockPath, "pid"), String(process.pid));
  return true;
}

function ownerIsGone(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lockPath, "pid"), "utf8"));
  } catch {
    // Just created, pid not written yet: give the owner time unless the lock is old.
    return ageMs(lockPath) > 30_000;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
