import type { Op } from "../../model/op.js";
import { type KafkaOp, type Msg, type OpRef, opRef } from "./history.js";

/** One key's log as the history shows it. */
export interface VersionOrder {
  /** Offsets seen, ascending, each with the messages seen there (more than one: inconsistent offsets). */
  log: [number, Set<Msg>][];
  /** Dense index (holes in the offsets removed) -> the first message seen at that offset. */
  byIndex: Msg[];
  /** Message -> its dense index (the last offset it was seen at, if several). */
  byValue: Map<Msg, number>;
}

export interface InconsistentOffset {
  key: string;
  offset: number;
  index: number;
  values: unknown[];
  /** The ops that saw these messages at this offset. */
  ops: OpRef[];
  explanation: string;
}

/** What every check shares: ok reads, writers, and each key's version order. */
export interface Analysis {
  ops: KafkaOp[];
  /** key -> messages some ok poll read. */
  okReads: Map<string, Set<Msg>>;
  /** key -> message -> the completion of the send that sent it. */
  writerOf: Map<string, Map<Msg, Op>>;
  /** key -> message -> the first ok poll that read it. */
  readerOf: Map<string, Map<Msg, Op>>;
  orders: Map<string, VersionOrder>;
  inconsistent: InconsistentOffset[];
}

/** Jepsen's must-have-committed?: an ok send, or an info send one of whose messages an ok poll read. */
export function mustHaveCommitted(a: Pick<Analysis, "okReads">, k: KafkaOp): boolean {
  if (k.op.type === "ok") return true;
  if (k.op.type !== "info") return false;
  return k.sends.some(([key, , m]) => a.okReads.get(key)?.has(m) ?? false);
}

const getOr = <K, V>(m: Map<K, V>, k: K, make: () => V): V => {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
};

/**
 * Jepsen's version orders: each key's log from every poll and from every send
 * known to have taken effect (with its offset), offsets sorted, holes removed
 * for the dense index. An offset holding two messages is an
 * inconsistent-offsets error, naming the ops that saw each.
 */
export function analyse(ops: KafkaOp[]): Analysis {
  const okReads = new Map<string, Set<Msg>>();
  const readerOf = new Map<string, Map<Msg, Op>>();
  const writerOf = new Map<string, Map<Msg, Op>>();
  for (const k of ops) {
    if (k.op.type === "ok") {
      for (const [key, pairs] of k.reads) {
        const s = getOr(okReads, key, () => new Set<Msg>());
        const r = getOr(readerOf, key, () => new Map<Msg, Op>());
        for (const [, m] of pairs) {
          s.add(m);
          if (!r.has(m)) r.set(m, k.op);
        }
      }
    }
    for (const [key, , m] of k.sends) getOr(writerOf, key, () => new Map<Msg, Op>()).set(m, k.op);
  }
  const a = { okReads };
  /** key -> offset -> message -> first op that put it there. */
  const logs = new Map<string, Map<number, Map<Msg, Op>>>();
  const note = (key: string, offset: number, m: Msg, op: Op) => {
    const at = getOr(getOr(logs, key, () => new Map<number, Map<Msg, Op>>()), offset, () => new Map<Msg, Op>());
    if (!at.has(m)) at.set(m, op);
  };
  for (const k of ops) {
    if (k.sends.length > 0 && mustHaveCommitted(a, k)) for (const [key, o, m] of k.sends) if (o !== undefined) note(key, o, m, k.op);
    for (const [key, pairs] of k.reads) for (const [o, m] of pairs) note(key, o, m, k.op);
  }
  const orders = new Map<string, VersionOrder>();
  const inconsistent: InconsistentOffset[] = [];
  for (const [key, byOffset] of logs) {
    const offsets = [...byOffset.keys()].sort((x, y) => x - y);
    const log: [number, Set<Msg>][] = [];
    const byIndex: Msg[] = [];
    const byValue = new Map<Msg, number>();
    offsets.forEach((o, index) => {
      const at = byOffset.get(o)!;
      const msgs = new Set(at.keys());
      log.push([o, msgs]);
      byIndex.push([...msgs][0]!);
      for (const m of msgs) byValue.set(m, index);
      if (msgs.size > 1) {
        const values = [...msgs].map((m) => JSON.parse(m) as unknown);
        inconsistent.push({
          key,
          offset: o,
          index,
          values,
          ops: [...at.values()].map(opRef),
          explanation: `key ${key}, offset ${o} holds ${msgs.size} different messages (${[...msgs].join(", ")}): ${[...at].map(([m, op]) => `${m} by op ${op.index} (process ${String(op.process)}, ${op.f})`).join("; ")}`,
        });
      }
    });
    orders.set(key, { log, byIndex, byValue });
  }
  return { ops, okReads, writerOf, readerOf, orders, inconsistent };
}
