import type { Op } from "../../model/op.js";

/** One completed client op: its invocation paired with its completion. */
export interface LatencyPoint {
  f: string;
  type: "ok" | "fail" | "info";
  process: number;
  /** Invocation and completion times, ns since the history's origin. */
  invokeNs: number;
  completeNs: number;
  /** The invocation's index in the history. */
  index: number;
  /** The invocation's value and the completion's value and error. */
  value: unknown;
  result: unknown;
  error: unknown;
}

/**
 * Every client op that completed, in invocation order, from the pairs of a
 * history (an invocation then the next completion on the same process);
 * invocations the run never completed and nemesis ops are left out, as
 * Jepsen's latency plots leave them.
 */
export function latencyPoints(history: readonly Op[]): LatencyPoint[] {
  const open = new Map<number, Op>();
  const out: LatencyPoint[] = [];
  for (const op of history) {
    if (typeof op.process !== "number") continue;
    if (op.type === "invoke") {
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (inv === undefined) continue;
    open.delete(op.process);
    out.push({
      f: inv.f,
      type: op.type,
      process: op.process,
      invokeNs: inv.time,
      completeNs: op.time,
      index: inv.index,
      value: inv.value,
      result: op.value,
      error: op.error,
    });
  }
  return out.sort((a, b) => a.invokeNs - b.invokeNs || a.index - b.index);
}

/** The fs of a history's client ops, sorted: each gets its point shape by this order. */
export function clientFs(history: readonly Op[]): string[] {
  const fs = new Set<string>();
  for (const op of history) if (typeof op.process === "number") fs.add(op.f);
  return [...fs].sort();
}
