import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import { show, txnEvidence, txnName } from "./describe.js";
import type { Txn } from "./txns.js";
import { valueKey } from "./txns.js";

type K = number | string;

/** A key's version order for list-append: its elements in append order. */
export interface VersionOrder {
  elements: readonly unknown[];
  position: ReadonlyMap<K, number>;
}

const isPrefix = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length <= b.length && a.every((x, i) => valueKey(x) === valueKey(b[i]));

/**
 * Each key's version order: the longest list read from it (by ok txns, or by
 * info txns that carry reads), whose prefixes every other read must be, else
 * incompatible-order. A key never read but appended once has that one
 * element. Also walks each order for dirty updates: an element appended by a
 * failed txn followed by one a committed txn appended.
 */
export function versionOrders(txns: readonly Txn[], appends: ReadonlyMap<K, ReadonlyMap<K, Txn>>, anomalies: Anomalies): Map<K, VersionOrder> {
  const reads = new Map<K, { key: unknown; values: Map<string, { list: unknown[]; by: Txn }> }>();
  const appendCount = new Map<K, { key: unknown; element: unknown; n: number }>();
  for (const t of txns) {
    if (t.type === "fail") continue;
    for (const [f, k, v] of t.mops) {
      const kk = valueKey(k);
      if (f === "append") {
        const c = appendCount.get(kk);
        appendCount.set(kk, { key: k, element: v, n: (c?.n ?? 0) + 1 });
      } else if (Array.isArray(v) && v.length > 0) {
        if (!reads.has(kk)) reads.set(kk, { key: k, values: new Map() });
        const vs = reads.get(kk)!.values;
        const text = JSON.stringify(v.map(valueKey));
        if (!vs.has(text)) vs.set(text, { list: v, by: t });
      }
    }
  }
  const orders = new Map<K, VersionOrder>();
  const keyOf = new Map<K, unknown>([...reads].map(([kk, r]) => [kk, r.key]));
  for (const [kk, c] of appendCount) if (!keyOf.has(kk)) keyOf.set(kk, c.key);
  for (const [kk, { key, values }] of reads) {
    const sorted = [...values.values()].sort((a, b) => a.list.length - b.list.length || a.by.index - b.by.index);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (!isPrefix(a.list, b.list)) {
        addAnomaly(anomalies, "incompatible-order", {
          key,
          values: [a.list, b.list],
          readers: [txnEvidence(a.by), txnEvidence(b.by)],
          explanation: `${txnName(a.by)} read key ${show(key)} as ${show(a.list)} and ${txnName(b.by)} read it as ${show(b.list)}: neither is a prefix of the other, so no single order of appends explains both`,
        });
        break;
      }
    }
    const longest = sorted[sorted.length - 1]!.list;
    const seen = new Set<K>();
    const elements = longest.filter((e) => !seen.has(valueKey(e)) && seen.add(valueKey(e)) !== undefined);
    orders.set(kk, { elements, position: new Map(elements.map((e, i) => [valueKey(e), i])) });
  }
  for (const [kk, { element, n }] of appendCount) {
    if (n === 1 && !orders.has(kk)) orders.set(kk, { elements: [element], position: new Map([[valueKey(element), 0]]) });
  }
  for (const [kk, order] of orders) dirtyUpdates(keyOf.get(kk), order, appends.get(kk), anomalies);
  return orders;
}

/** Elle's dirty-update walk over one key's order (it starts after a notional committed txn). */
function dirtyUpdates(key: unknown, order: VersionOrder, writers: ReadonlyMap<K, Txn> | undefined, anomalies: Anomalies): void {
  let t1: Txn | null = null;
  let span: unknown[] = [];
  for (const e of order.elements) {
    const t2 = writers?.get(valueKey(e));
    if (t2 === undefined) return; // a garbage element, reported as garbage-read
    const spanned = [...span, e];
    if (t2.type === "info") {
      span = spanned;
    } else if (t2.type === "ok") {
      if (t1 !== null && t1.type === "fail") {
        addAnomaly(anomalies, "dirty-update", {
          key, values: spanned, txns: [txnEvidence(t1), txnEvidence(t2)],
          explanation: `${txnName(t1)} failed, yet its append to key ${show(key)} is followed in the version order by ${txnName(t2)}'s committed append of ${show(e)}: ${show(spanned)}`,
        });
      }
      t1 = t2;
      span = [e];
    } else if (t1 !== null && t1.type === "fail") {
      span = spanned;
    } else {
      t1 = t2;
      span = [e];
    }
  }
}
