import type { Op } from "../../model/op.js";

/** One box of the timeline: an op from its invocation to its completion, in history positions. */
export interface TimelineOp {
  process: number | "nemesis";
  f: string;
  /** ok, fail, info: completed so; open: the history ended first; nemesis: a fault record. */
  outcome: "ok" | "fail" | "info" | "open" | "nemesis";
  /** Positions in the history (rows) of the invocation and the completion (the same row for a lone record). */
  from: number;
  to: number;
  fromNs: number;
  toNs: number;
  value: unknown;
  result: unknown;
  error: unknown;
}

/**
 * The ops of a history as timeline boxes, by invocation: a client's
 * invocation with its completion on the same process (an invocation the
 * history never completed runs to the last row, as `open`); a nemesis
 * record with the record after it when both have the same f (the nemesis
 * records an invocation, then what it did), else alone.
 */
export function timelineOps(history: readonly Op[]): TimelineOp[] {
  const out: TimelineOp[] = [];
  const open = new Map<number, TimelineOp>();
  let nemesis: TimelineOp | undefined;
  const last = history.length - 1;
  history.forEach((op, row) => {
    if (op.process === "nemesis") {
      if (nemesis && nemesis.f === op.f && nemesis.to === nemesis.from) {
        nemesis.to = row;
        nemesis.toNs = op.time;
        nemesis.result = op.value;
        nemesis = undefined;
        return;
      }
      nemesis = { process: "nemesis", f: op.f, outcome: "nemesis", from: row, to: row, fromNs: op.time, toNs: op.time, value: op.value, result: undefined, error: op.error };
      out.push(nemesis);
      return;
    }
    if (op.type === "invoke") {
      const t: TimelineOp = { process: op.process, f: op.f, outcome: "open", from: row, to: last, fromNs: op.time, toNs: history[last]!.time, value: op.value, result: undefined, error: undefined };
      open.set(op.process, t);
      out.push(t);
      return;
    }
    const t = open.get(op.process);
    if (t === undefined) {
      out.push({ process: op.process, f: op.f, outcome: op.type, from: row, to: row, fromNs: op.time, toNs: op.time, value: op.value, result: op.value, error: op.error });
      return;
    }
    open.delete(op.process);
    Object.assign(t, { outcome: op.type, to: row, toNs: op.time, result: op.value, error: op.error });
  });
  return out;
}

/** Processes in column order: clients by number, then the nemesis. */
export function processOrder(ops: readonly TimelineOp[]): (number | "nemesis")[] {
  const ps = new Set(ops.map((o) => o.process));
  const clients = [...ps].filter((p): p is number => p !== "nemesis").sort((a, b) => a - b);
  return ps.has("nemesis") ? [...clients, "nemesis"] : clients;
}
