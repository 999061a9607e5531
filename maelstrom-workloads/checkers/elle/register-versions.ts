import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import { show, txnName } from "./describe.js";
import type { Txn } from "./txns.js";
import { valueKey } from "./txns.js";
import { stronglyConnectedBy } from "./scc.js";
import { realtimePairs } from "./order-edges.js";

type K = number | string;
type Ext = { reads: Map<K, { key: unknown; value: unknown }>; writes: Map<K, { key: unknown; value: unknown }> } | null;

/** One key's partial version order: v -> the versions known to directly follow it. */
export interface KeyVersions {
  key: unknown;
  values: Map<K, unknown>;
  next: Map<K, Set<K>>;
  /** Why v1 precedes v2, in words. */
  why(v1: K, v2: K): string;
}

/** What the version order rests on, and how much of it is unknown. */
export interface VersionSummary {
  sources: string[];
  "written-values": number;
  /** Written values with no known order against any other written value: no ww/rw edge can reach or leave their writers. */
  "unordered-values": number;
}

const NIL = valueKey(null);

/**
 * Builds each key's version order from Elle's sources, in turn: the initial
 * nil precedes every value; then writes-follow-reads (as Maelstrom runs
 * Elle); then, when `realtime` (checkElle's linearizableKeys, off by
 * default as in Maelstrom), the real-time order of the writers (Elle's
 * linearizable-keys?). A source that would
 * make some key's order cyclic is left out, and the cycle reported as
 * cyclic-versions (as Elle does).
 */
export function registerVersionGraphs(txns: readonly Txn[], ext: readonly Ext[], realtime: boolean, anomalies: Anomalies): { graphs: Map<K, KeyVersions>; summary: VersionSummary } {
  const graphs = new Map<K, KeyVersions>();
  const reasons = new Map<string, string>();
  const sources = ["initial-state"];
  const keyOf = (kk: K, key: unknown): KeyVersions => {
    let g = graphs.get(kk);
    if (g === undefined) {
      const made: KeyVersions = {
        key,
        values: new Map([[NIL, null]]),
        next: new Map(),
        why: (v1, v2) => {
          if (v1 === NIL) return "every value follows the initial nil";
          return reasons.get(`${JSON.stringify(kk)} ${JSON.stringify(v1)} ${JSON.stringify(v2)}`) ?? "version order";
        },
      };
      g = made;
      graphs.set(kk, g);
    }
    return g;
  };
  const link = (g: KeyVersions, v1: K, v2: K): void => {
    if (v1 === v2) return;
    if (!g.next.has(v1)) g.next.set(v1, new Set());
    g.next.get(v1)!.add(v2);
  };

  txns.forEach((t, i) => {
    const e = ext[i];
    if (e === null || e === undefined) return;
    const pairs = [...e.writes, ...(t.type === "ok" ? e.reads : [])];
    for (const [kk, { key, value }] of pairs) {
      if (value === null) continue;
      const g = keyOf(kk, key);
      g.values.set(valueKey(value), value);
      link(g, NIL, valueKey(value));
    }
  });

  /** Adds a source's edges unless they would make some key's order cyclic (then reports cyclic-versions, as Elle). */
  const trySource = (name: string, edges: ReadonlyArray<[K, K, K, string]>, says: string): void => {
    const trial = new Map<K, Map<K, Set<K>>>();
    for (const [kk, g] of graphs) trial.set(kk, new Map([...g.next].map(([v, s]) => [v, new Set(s)])));
    for (const [kk, v1, v2] of edges) {
      const m = trial.get(kk)!;
      if (!m.has(v1)) m.set(v1, new Set());
      if (v1 !== v2) m.get(v1)!.add(v2);
    }
    let cyclic = false;
    for (const [kk, m] of trial) {
      for (const scc of stronglyConnectedBy(m.keys(), (v) => m.get(v) ?? [])) {
        cyclic = true;
        const g = graphs.get(kk)!;
        addAnomaly(anomalies, "cyclic-versions", {
          key: g.key,
          scc: scc.map((v) => g.values.get(v)),
          sources: [...sources, name],
          explanation: `${says} orders the versions ${scc.map((v) => show(g.values.get(v))).join(", ")} of key ${show(g.key)} in a cycle, so that order was not used`,
        });
      }
    }
    if (cyclic) return;
    for (const [kk, v1, v2, why] of edges) {
      link(graphs.get(kk)!, v1, v2);
      reasons.set(`${JSON.stringify(kk)} ${JSON.stringify(v1)} ${JSON.stringify(v2)}`, why);
    }
    sources.push(name);
  };

  // Writes follow reads: a txn that read x = v and wrote x = v' orders v before v'.
  const wfr: Array<[K, K, K, string]> = [];
  txns.forEach((t, i) => {
    const e = ext[i];
    if (e === null || e === undefined || t.type !== "ok") return;
    for (const [kk, { value }] of e.reads) {
      const w = e.writes.get(kk);
      if (value === null || w === undefined) continue;
      wfr.push([kk, valueKey(value), valueKey(w.value), `${txnName(t)} read ${show(value)} and then wrote ${show(w.value)}`]);
    }
  });
  trySource("wfr-keys", wfr, "Reading and then writing");

  // Linearizable keys (only when asked for: an assumption about the store, as in Elle): a
  // write whose txn completed before another writer of the key was invoked comes first.
  if (realtime) {
    const edges: Array<[K, K, K, string]> = [];
    const writersByKey = new Map<K, Txn[]>();
    txns.forEach((t, i) => {
      const e = ext[i];
      if (e === null || e === undefined) return;
      for (const kk of e.writes.keys()) {
        if (!writersByKey.has(kk)) writersByKey.set(kk, []);
        writersByKey.get(kk)!.push(t);
      }
    });
    for (const [kk, ws] of writersByKey) {
      for (const [a, b] of realtimePairs(ws)) {
        const v1 = ext[a.id]!.writes.get(kk)!.value;
        const v2 = ext[b.id]!.writes.get(kk)!.value;
        edges.push([kk, valueKey(v1), valueKey(v2), `${txnName(a)} wrote ${show(v1)} and completed before ${txnName(b)}, which wrote ${show(v2)}, was invoked`]);
      }
    }
    trySource("linearizable-keys", edges, "Real-time order of writes");
  }

  let written = 0;
  let unordered = 0;
  for (const g of graphs.values()) {
    const hasPred = new Set<K>();
    for (const [v1, s] of g.next) if (v1 !== NIL) for (const v2 of s) hasPred.add(v2);
    for (const v of g.values.keys()) {
      if (v === NIL) continue;
      written++;
      if (!hasPred.has(v) && (g.next.get(v)?.size ?? 0) === 0) unordered++;
    }
  }
  return { graphs, summary: { sources, "written-values": written, "unordered-values": unordered } };
}
