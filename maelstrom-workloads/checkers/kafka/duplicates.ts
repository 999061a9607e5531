import type { Analysis } from "./version-orders.js";

export interface Duplicate {
  key: string;
  value: unknown;
  count: number;
  offsets: number[];
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
      out.push({ key, value: JSON.parse(m) as unknown, count: offsets.length, offsets, explanation: `key ${key}: message ${m} appears at ${offsets.length} offsets (${offsets.join(", ")})` });
    }
  }
  return out;
}
