import { type OpRef, opName, opRef } from "./history.js";
import type { Analysis } from "./version-orders.js";

export interface NoWriter {
  key: string;
  value: unknown;
  offset: number;
  reader: OpRef;
  explanation: string;
}

/**
 * Jepsen's :no-writer-of-value: a poll read a message that no send (ok,
 * info or failed) ever sent to that key, an invented message or one sent to
 * another key. Jepsen throws when its dependency graph meets one, and
 * Maelstrom's composed checker turns the throw into valid? :unknown; we
 * report each one as a finding instead, keep the other findings, and make
 * the result "unknown" when nothing else made it invalid (checkers/kafka.ts).
 */
export function noWriters(a: Analysis): NoWriter[] {
  const out: NoWriter[] = [];
  let sentTo: Map<string, string> | undefined;
  for (const k of a.ops) {
    for (const [key, pairs] of k.reads) {
      const writers = a.writerOf.get(key);
      for (const [offset, m] of pairs) {
        if (writers?.has(m)) continue;
        sentTo ??= firstKeys(a);
        const other = sentTo.get(m);
        const where = other === undefined ? "no send of it to any key appears in the history" : `it was sent to key ${other}, never to key ${key}`;
        out.push({ key, value: JSON.parse(m) as unknown, offset, reader: opRef(k.op), explanation: `key ${key}: ${opName(k.op)} polled message ${m} at offset ${offset}, but no send wrote it there: ${where}` });
      }
    }
  }
  return out;
}

/** message -> a key some send sent it to (the first met). */
function firstKeys(a: Analysis): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, writers] of a.writerOf) for (const m of writers.keys()) if (!out.has(m)) out.set(m, key);
  return out;
}
