import * as fs from "node:fs";
import { withDirectoryLock } from "./directory-lock";

// A folder made once per machine (per key in its name) and shared by every test process:
// filled in a private partial folder under a lock, then published by an atomic rename, so
// nobody ever sees half of it, and a failed fill leaves nothing behind.

/** The marker a complete folder holds. */
export const COMPLETE_MARKER = ".e2e-complete";

export function isCompleteFolder(dir: string): boolean {
  return fs.existsSync(`${dir}/${COMPLETE_MARKER}`);
}

/** `dir`, made by `fill(partial)` the first time it is asked for. */
export function cachedFolder(dir: string, timeoutMs: number, fill: (partial: string) => void): string {
  if (isCompleteFolder(dir)) return dir;
  withDirectoryLock(`${dir}.lock`, timeoutMs, () => {
    if (isCompleteFolder(dir)) return;
    const partial = `${dir}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    try {
      fill(partial);
      fs.writeFileSync(`${partial}/${COMPLETE_MARKER}`, new Date().toISOString());
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(partial, dir);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true });
      throw error;
    }
  });
  return dir;
}
