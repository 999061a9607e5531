import type { Op } from "../../../../maelstrom-workloads/model/op.js";

/**
 * Builds small txn histories for the Elle checker's tests. Each event is
 * `[process, "invoke" | "ok" | "fail" | "info", mops?]`: an invoke's mops are
 * its completion's with reads blanked, unless given.
 */
export type Mop = [string, unknown, unknown];
export type Event = [number, "invoke" | "ok" | "fail" | "info", Mop[]?];

export function history(events: readonly Event[]): Op[] {
  const pending = new Map<number, Mop[]>();
  const ops: Op[] = [];
  // Completion mops are needed at invoke time to blank the reads: look ahead.
  events.forEach(([p, type, mops], i) => {
    let value: Mop[];
    if (type === "invoke") {
      const done = events.slice(i + 1).find(([q, t]) => q === p && t !== "invoke");
      const src = mops ?? done?.[2] ?? [];
      value = src.map(([f, k, v]) => [f, k, f === "r" ? null : v]);
      pending.set(p, value);
    } else {
      const inv = pending.get(p) ?? [];
      value = type === "ok" ? (mops ?? inv) : inv;
      pending.delete(p);
    }
    ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process: p, f: "txn", value });
  });
  return ops;
}

/** Each txn invoked and completed ok before the next: [process, mops]. */
export function serial(txns: ReadonlyArray<[number, Mop[]]>): Op[] {
  return history(txns.flatMap(([p, mops]): Event[] => [[p, "invoke"], [p, "ok", mops]]));
}
