import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import { show, txnEvidence, txnName } from "./describe.js";
import type { Mop, MopF, Txn } from "./txns.js";
import { valueKey } from "./txns.js";

/**
 * Elle's lost-update: two or more committed txns that read the same version
 * of a key (their first access to it) and then both wrote that key. One of
 * the two updates was computed from a state the other overwrote.
 */
export function lostUpdateCases(txns: readonly Txn[], writeF: MopF, version: (read: Mop) => unknown, anomalies: Anomalies): void {
  const groups = new Map<string, { key: unknown; value: unknown; txns: Txn[] }>();
  for (const t of txns) {
    if (t.type !== "ok") continue;
    const first = new Map<number | string, Mop>();
    const writes = new Set<number | string>();
    for (const m of t.mops) {
      const kk = valueKey(m[1]);
      if (!first.has(kk)) first.set(kk, m);
      if (m[0] === writeF) writes.add(kk);
    }
    for (const [kk, m] of first) {
      if (m[0] !== "r" || !writes.has(kk)) continue;
      const value = version(m);
      const id = `${JSON.stringify(kk)} ${JSON.stringify(valueKey(value))}`;
      if (!groups.has(id)) groups.set(id, { key: m[1], value, txns: [] });
      groups.get(id)!.txns.push(t);
    }
  }
  for (const { key, value, txns: ts } of groups.values()) {
    if (ts.length < 2) continue;
    addAnomaly(anomalies, "lost-update", {
      key, value, txns: ts.map(txnEvidence),
      explanation: `${ts.map(txnName).join(", ")} all read key ${show(key)} at version ${show(value)} and then wrote it: all but one of those updates is lost`,
    });
  }
}
