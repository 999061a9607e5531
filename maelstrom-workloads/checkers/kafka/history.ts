import type { Op } from "../../model/op.js";

/** A message's identity within a key: its JSON text (messages are compared as JSON values). */
export type Msg = string;

/** A completed client op of the kafka workload, with what it sent and polled. */
export interface KafkaOp {
  op: Op;
  /** [key, offset (undefined when unknown: an info send), message] per send micro-op. */
  sends: [string, number | undefined, Msg][];
  /** key -> [offset, message] pairs polled, in order. */
  reads: Map<string, [number, Msg][]>;
}

/** An op as a finding names it: index, process, type, f and value as recorded. */
export interface OpRef {
  index: number;
  process: number | "nemesis";
  type: string;
  f: string;
  value: unknown;
}

export const opRef = (op: Op): OpRef => ({ index: op.index, process: op.process, type: op.type, f: op.f, value: op.value });

/** "op 12 (process 3, ok send)" */
export const opName = (op: Op): string => `op ${op.index} (process ${String(op.process)}, ${op.type} ${op.f})`;

/** A message as a person reads it (its JSON text). */
export const shown = (m: Msg): string => m;

const isArray = Array.isArray;

/**
 * The completions (ok, info, fail) of send and poll ops, with their micro-ops
 * read as Jepsen's op-writes and op-reads read them: `["send", k, [o, v]]`
 * (or `["send", k, v]` when the offset is unknown) and `["poll", {k: pairs}]`.
 * Anything of another shape is skipped (the client never records one).
 */
export function kafkaOps(history: readonly Op[]): KafkaOp[] {
  const out: KafkaOp[] = [];
  for (const op of history) {
    if (op.type === "invoke" || op.process === "nemesis" || (op.f !== "send" && op.f !== "poll" && op.f !== "txn") || !isArray(op.value)) continue;
    const sends: KafkaOp["sends"] = [];
    const reads = new Map<string, [number, Msg][]>();
    for (const mop of op.value as unknown[]) {
      if (!isArray(mop)) continue;
      if (mop[0] === "send" && mop.length >= 3) {
        const [, k, v] = mop as [string, unknown, unknown];
        const key = String(k);
        if (isArray(v) && v.length === 2 && (typeof v[0] === "number" || v[0] === null)) sends.push([key, v[0] ?? undefined, JSON.stringify(v[1])]);
        else sends.push([key, undefined, JSON.stringify(v)]);
      } else if (mop[0] === "poll" && mop.length >= 2 && mop[1] && typeof mop[1] === "object") {
        for (const [k, pairs] of Object.entries(mop[1] as Record<string, unknown>)) {
          if (!isArray(pairs)) continue;
          const list = reads.get(k) ?? [];
          for (const p of pairs) if (isArray(p) && typeof p[0] === "number") list.push([p[0], JSON.stringify(p[1])]);
          reads.set(k, list);
        }
      }
    }
    out.push({ op, sends, reads });
  }
  return out;
}

/** The keys an assign completion names: its value (Jepsen's list) or its `keys` (our ok record). */
export function assignedKeys(op: Op): string[] | undefined {
  const v = op.value;
  if (isArray(v)) return v.map(String);
  if (v && typeof v === "object" && isArray((v as { keys?: unknown }).keys)) return (v as { keys: unknown[] }).keys.map(String);
  return undefined;
}
