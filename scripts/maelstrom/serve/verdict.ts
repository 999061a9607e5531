import type { TestJsonFields } from "../../../maelstrom-workloads/model/store-format.js";

export type VerdictKind = "valid" | "invalid" | "unknown" | "crashed" | "incomplete";

/** Background colours of the verdict cell, after Jepsen's web UI. */
export const VERDICT_COLORS: Readonly<Record<VerdictKind, string>> = {
  valid: "#b3d9ff",
  unknown: "#ffc680",
  invalid: "#ffb3c6",
  crashed: "#d9d9d9",
  incomplete: "#ececec",
};

export interface Verdict {
  kind: VerdictKind;
  /** The word in the cell. */
  label: string;
  /** More, shown under the word: the crash message, or where the verdict came from. */
  detail?: string;
}

/** The verdict a results map's `valid?` value stands for. */
export function verdictOf(valid: unknown): Verdict {
  if (valid === true) return { kind: "valid", label: "valid" };
  if (valid === false) return { kind: "invalid", label: "invalid" };
  if (valid === "unknown" || valid === ":unknown") return { kind: "unknown", label: "unknown" };
  return { kind: "unknown", label: "unknown", detail: `"valid?" is ${JSON.stringify(valid) ?? "missing"}` };
}

/** Whether process `pid` exists on this machine: signal 0 reaches it, or it exists but is not ours (EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pid of the harness a test.json says is still running ("status": "running"
 * and a positive whole "pid", as our harness writes at the start); else undefined.
 */
export function runningPid(test: TestJsonFields | null): number | undefined {
  return test?.status === "running" ? test.pid : undefined;
}

/** The verdict of a run without results whose test.json says "running": running while its harness lives, else abandoned. */
export function runningVerdict(pid: number, alive: boolean = pidAlive(pid)): Verdict {
  return alive
    ? { kind: "incomplete", label: "running", detail: `the harness, pid ${pid}, is still running` }
    : { kind: "crashed", label: "abandoned", detail: `the harness, pid ${pid}, is gone` };
}
