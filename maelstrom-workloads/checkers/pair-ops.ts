import type { Op } from "../model/op.js";

/**
 * Pairs every completion (`ok`, `fail`, `info`) with the invocation pending
 * on the same process, the way Jepsen/knossos pair a history. Returns a map
 * from the completion's history index to its invocation.
 *
 * - An `info` with nothing pending (e.g. a nemesis op) is left unpaired.
 * - An `ok`/`fail` with nothing pending, or an `invoke` on a process that
 *   already has one pending, is a malformed history: knossos asserts, and so
 *   do we (the composed checker then reports "unknown" with the error).
 */
export function pairCompletions(history: readonly Op[]): Map<number, Op> {
  const pending = new Map<Op["process"], Op>();
  const pairs = new Map<number, Op>();
  for (const op of history) {
    const inv = pending.get(op.process);
    switch (op.type) {
      case "invoke":
        if (inv !== undefined) {
          throw new Error(
            `Malformed history: process ${String(op.process)} invoked op ${op.index} while op ${inv.index} was still pending`,
          );
        }
        pending.set(op.process, op);
        break;
      case "info":
        if (inv !== undefined) {
          pairs.set(op.index, inv);
          pending.delete(op.process);
        }
        break;
      case "ok":
      case "fail":
        if (inv === undefined) {
          throw new Error(
            `Malformed history: ${op.type} op ${op.index} on process ${String(op.process)} has no pending invocation`,
          );
        }
        pairs.set(op.index, inv);
        pending.delete(op.process);
        break;
    }
  }
  return pairs;
}

/** True for ops made by a client (numeric process), i.e. not the nemesis. */
export function isClientOp(op: Op): boolean {
  return typeof op.process === "number";
}
