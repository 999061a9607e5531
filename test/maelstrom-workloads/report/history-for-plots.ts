import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** A tiny history writer for report tests: times in ms, indices in order. */
export function historyBuilder() {
  const ops: Op[] = [];
  const add = (timeMs: number, type: OpType, process: number | "nemesis", f: string, value: unknown, extra: Partial<Op> = {}) => {
    ops.push({ index: ops.length, time: Math.round(timeMs * 1e6), type, process, f, value, ...extra });
    return ops.length - 1;
  };
  return {
    ops,
    add,
    /** A client op invoked at `atMs` that completes `latencyMs` later (added in time order by the caller). */
    op(process: number, f: string, atMs: number, latencyMs: number, type: "ok" | "fail" | "info" = "ok", value: unknown = null, result: unknown = null) {
      const i = add(atMs, "invoke", process, f, value);
      add(atMs + latencyMs, type, process, f, result);
      return i;
    },
    nemesis(atMs: number, f: string, value: unknown) {
      return add(atMs, "info", "nemesis", f, value);
    },
  };
}
