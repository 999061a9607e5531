import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The pids the fixtures in test/fixtures/harness appended to <dir>/pids. */
export function recordedPids(dir: string): number[] {
  const file = join(dir, "pids");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number) : [];
}

/** True if the process exists and is not a zombie (a killed orphan may wait to be reaped by a PID 1 that never does). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * The pids still running after up to `ms` (SIGKILL to a group is delivered at
 * once, but each process takes a moment to go). Kills whatever is left, so a
 * failing test does not leave processes behind either.
 */
export async function survivors(pids: readonly number[], ms = 2000): Promise<number[]> {
  const end = Date.now() + ms;
  let left = pids.filter(isRunning);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(isRunning);
  }
  for (const pid of left) process.kill(pid, "SIGKILL");
  return left;
}
