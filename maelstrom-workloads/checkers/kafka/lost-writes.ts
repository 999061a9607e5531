import { type Msg, type OpRef, opRef } from "./history.js";
import { type Analysis, mustHaveCommitted } from "./version-orders.js";

export interface LostWrite {
  key: string;
  value: unknown;
  /** Dense index of the lost message in the key's log. */
  index: number;
  "max-read-index": number;
  writer: OpRef;
  /** An ok poll that read the key at max-read-index. */
  "max-read": OpRef | undefined;
  explanation: string;
}

/**
 * Jepsen's lost-write cases: for each key, the highest index any ok poll
 * read (a message counts at the first index it appears at); every message
 * whose last appearance is at or below it must have been read by some ok
 * poll. One that was not, sent by an ok send (or an info send some message of
 * which was read), is lost.
 */
export function lostWrites(a: Analysis): LostWrite[] {
  const out: LostWrite[] = [];
  const byOp = new Map(a.ops.map((k) => [k.op, k]));
  for (const [key, read] of a.okReads) {
    const order = a.orders.get(key);
    if (!order) continue;
    const firstIndex = new Map<Msg, number>();
    const lastIndex = new Map<Msg, number>();
    order.log.forEach(([, msgs], i) => {
      for (const m of msgs) {
        if (!firstIndex.has(m)) firstIndex.set(m, i);
        lastIndex.set(m, i);
      }
    });
    let bound = -1;
    for (const m of read) bound = Math.max(bound, firstIndex.get(m) ?? -1);
    if (bound < 0) continue;
    const atBound = [...order.log[bound]![1]];
    const maxReader = atBound.map((m) => a.readerOf.get(key)?.get(m)).find((op) => op !== undefined);
    for (const [m, last] of lastIndex) {
      if (last > bound || read.has(m)) continue;
      const writer = a.writerOf.get(key)?.get(m);
      if (!writer) continue;
      const k = byOp.get(writer);
      if (!k || !mustHaveCommitted(a, k)) continue;
      out.push({
        key,
        value: JSON.parse(m) as unknown,
        index: firstIndex.get(m)!,
        "max-read-index": bound,
        writer: opRef(writer),
        "max-read": maxReader && opRef(maxReader),
        explanation: `key ${key}: message ${m} was acknowledged at offset ${order.log[firstIndex.get(m)!]![0]} by op ${writer.index} (process ${String(writer.process)}, ${writer.type} send), but no ok poll ever read it, though ${maxReader ? `op ${maxReader.index} (process ${String(maxReader.process)})` : "a poll"} read offset ${order.log[bound]![0]} past it`,
      });
    }
  }
  return out;
}
