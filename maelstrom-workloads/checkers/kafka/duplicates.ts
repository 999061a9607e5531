import { type OpRef, opName, opRef } from "./history.js";
import type { Analysis } from "./version-orders.js";

export interface Duplicate {
  key: string;
  value: unknown;
  count: number;
  offsets: number[];
  /** The send that wrote the message, when the history has it, and the first ok poll that read it. */
  writer?: OpRef;
  reader?: OpRef;
  explanation: string;
}

/** Jepsen's duplicate cases: one message seen at more than one offset of a key. */
export function duplicates(a: Analysis): Duplicate[] {
  const out: Duplicate[] = [];
  for (const [key, order] of a.orders) {
    const at = new Map<string, number[]>();
    for (const [o, msgs] of order.log) for (const m of msgs) at.set(m, [...(at.get(m) ?? []), o]);
    for (const [m, offsets] of at) {
      if (offsets.length < 2) continue;
      const writer = a.writerOf.get(key)?.get(m);
      const reader = a.readerOf.get(key)?.get(m);
      const by = [writer ? `sent by ${opName(writer)}` : "", reader ? `first read by ${opName(reader)}` : ""].filter((x) => x !== "").join(", ");
      out.push({
        key,
        value: JSON.parse(m) as unknown,
        count: offsets.length,
        offsets,
        ...(writer ? { writer: opRef(writer) } : {}),
        ...(reader ? { reader: opRef(reader) } : {}),
        explanation: `key ${key}: message ${m} appears at ${offsets.length} offsets (${offsets.join(", ")})${by ? `; ${by}` : ""}`,
      });
    }
  }
  return out;
}
