import type { Op } from "../../model/op.js";
import { type KafkaOp, type Msg, type OpRef, assignedKeys, opRef } from "./history.js";
import type { Analysis } from "./version-orders.js";

/** A skip or a nonmonotonic step between two messages of a key, in one op or between two ops of one process. */
export interface OrderError {
  key: string;
  values: [unknown, unknown];
  /** Index of the second minus index of the first in the key's log (1 is the next message). */
  delta: number;
  /** For a skip: the messages passed over. */
  skipped?: unknown[];
  ops: OpRef[];
  explanation: string;
}

export interface OrderErrors {
  "int-poll-skip": OrderError[];
  "int-nonmonotonic-poll": OrderError[];
  "poll-skip": OrderError[];
  "nonmonotonic-poll": OrderError[];
  "nonmonotonic-send": OrderError[];
}

const parse = (m: Msg): unknown => JSON.parse(m) as unknown;

function step(a: Analysis, key: string, v1: Msg, v2: Msg, ops: Op[], what: string): { kind: "skip" | "nonmonotonic"; error: OrderError } | undefined {
  const order = a.orders.get(key);
  const i1 = order?.byValue.get(v1);
  const i2 = order?.byValue.get(v2);
  const delta = i1 !== undefined && i2 !== undefined ? i2 - i1 : 1;
  if (delta === 1) return undefined;
  const who = ops.map((op) => `op ${op.index}`).join(" then ");
  if (delta > 1) {
    const skipped = order!.byIndex.slice(i1! + 1, i2!).map(parse);
    return { kind: "skip", error: { key, values: [parse(v1), parse(v2)], delta, skipped, ops: ops.map(opRef), explanation: `key ${key}: ${what} ${who} (process ${String(ops[0]!.process)}) went from message ${v1} to message ${v2}, skipping ${skipped.map((s) => JSON.stringify(s)).join(", ")}, which the log holds between them` } };
  }
  return { kind: "nonmonotonic", error: { key, values: [parse(v1), parse(v2)], delta, ops: ops.map(opRef), explanation: `key ${key}: ${what} ${who} (process ${String(ops[0]!.process)}) went from message ${v1} to message ${v2}, ${delta === 0 ? "the same message again" : `${-delta} message(s) back`} in the log's order` } };
}

/**
 * Jepsen's offset-order checks. Within one poll, each pair of consecutive
 * messages of a key must be neighbours in the log (int-poll-skip,
 * int-nonmonotonic-poll). Between one process's polls, the first message a
 * poll reads of a key must follow the last one its previous ok poll of that
 * key read (poll-skip, nonmonotonic-poll); an assign forgets the keys it does
 * not name. One process's sends to a key must go forward in the log
 * (nonmonotonic-send; only ok and info ops count, as Jepsen's).
 */
export function orderErrors(a: Analysis, history: readonly Op[]): OrderErrors {
  const out: OrderErrors = { "int-poll-skip": [], "int-nonmonotonic-poll": [], "poll-skip": [], "nonmonotonic-poll": [], "nonmonotonic-send": [] };
  const byIndex = new Map<number, KafkaOp>(a.ops.map((k) => [k.op.index, k]));
  for (const k of a.ops) {
    for (const [key, pairs] of k.reads) {
      for (let i = 1; i < pairs.length; i++) {
        const r = step(a, key, pairs[i - 1]![1], pairs[i]![1], [k.op], "one poll,");
        if (r) out[r.kind === "skip" ? "int-poll-skip" : "int-nonmonotonic-poll"].push(r.error);
      }
    }
  }
  const lastReads = new Map<number | "nemesis", Map<string, KafkaOp>>();
  const lastSends = new Map<number | "nemesis", Map<string, KafkaOp>>();
  for (const op of history) {
    if (op.process === "nemesis") continue;
    const reads = lastReads.get(op.process) ?? new Map<string, KafkaOp>();
    const sends = lastSends.get(op.process) ?? new Map<string, KafkaOp>();
    lastReads.set(op.process, reads);
    lastSends.set(op.process, sends);
    if (op.f === "assign" || op.f === "subscribe") {
      if (op.type === "invoke" || op.type === "fail") continue;
      const keep = new Set(assignedKeys(op) ?? []);
      for (const m of [reads, sends]) for (const key of [...m.keys()]) if (!keep.has(key)) m.delete(key);
      continue;
    }
    const k = byIndex.get(op.index);
    if (!k) continue;
    for (const [key, pairs] of k.reads) {
      const last = reads.get(key);
      if (last && pairs.length > 0) {
        const prev = last.reads.get(key)!;
        const r = step(a, key, prev[prev.length - 1]![1], pairs[0]![1], [last.op, op], "polls");
        if (r) out[r.kind === "skip" ? "poll-skip" : "nonmonotonic-poll"].push(r.error);
      }
    }
    if (op.type === "ok") for (const [key, pairs] of k.reads) if (pairs.length > 0) reads.set(key, k);
    if (op.type === "ok" || op.type === "info") {
      for (const [key, , m] of k.sends) {
        const last = sends.get(key);
        if (last) {
          const prev = last.sends.filter(([kk]) => kk === key);
          const r = step(a, key, prev[prev.length - 1]![2], m, [last.op, op], "sends");
          if (r?.kind === "nonmonotonic") out["nonmonotonic-send"].push(r.error);
        }
        sends.set(key, k);
      }
    }
  }
  return out;
}

export interface AbortedRead {
  key: string;
  value: unknown;
  writer: OpRef;
  reader: OpRef;
  explanation: string;
}

/** Jepsen's G1a: an ok poll read a message whose send failed (a definite error: it must not have happened). */
export function abortedReads(a: Analysis): AbortedRead[] {
  const out: AbortedRead[] = [];
  for (const k of a.ops) {
    if (k.op.type !== "ok") continue;
    for (const [key, pairs] of k.reads) {
      for (const [o, m] of pairs) {
        const w = a.writerOf.get(key)?.get(m);
        if (w?.type !== "fail") continue;
        out.push({ key, value: JSON.parse(m) as unknown, writer: opRef(w), reader: opRef(k.op), explanation: `key ${key}: op ${k.op.index} (process ${String(k.op.process)}) polled ${m} at offset ${o}, but its send, op ${w.index}, failed (${JSON.stringify(w.error)})` });
      }
    }
  }
  return out;
}
