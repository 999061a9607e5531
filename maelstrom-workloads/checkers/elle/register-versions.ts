import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import { show, txnName } from "./describe.js";
import type { Txn } from "./txns.js";
import { valueKey } from "./txns.js";
import { stronglyConnectedValues } from "./value-cycles.js";

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
 * nil precedes every value; then writes-follow-reads. A source that would
 * make some key's order cyclic is left out, and the cycle reported as
 * cyclic-versions (as Elle does).
 */
export function registerVersionGraphs(txns: readonly Txn[], ext: readonly Ext[], anomalies: Anomalies): { graphs: Map<K, KeyVersions>; summary: VersionSummary } {
  const graphs = new Map<K, KeyVersions>();
  const wfrWhy = new Map<string, Txn>();
  const keyOf = (kk: K, key: unknown): KeyVersions => {
    let g = graphs.get(kk);
    if (g === undefined) {
      const made: KeyVersions = {
        key,
        values: new Map([[NIL, null]]),
        next: new Map(),
        why: (v1, v2) => {
          if (v1 === NIL) return "every value follows the initial nil";
          const t = wfrWhy.get(`${JSON.stringify(kk)} ${JSON.stringify(v1)} ${JSON.stringify(v2)}`);
          return t === undefined ? "version order" : `${txnName(t)} read ${show(made.values.get(v1))} and then wrote ${show(made.values.get(v2))}`;
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
  const sources = ["initial-state"];

  // writes-follow-reads, tried on a copy first
  const wfr: Array<[K, K, K, Txn]> = [];
  txns.forEach((t, i) => {
    const e = ext[i];
    if (e === null || e === undefined || t.type !== "ok") return;
    for (const [kk, { value }] of e.reads) {
      const w = e.writes.get(kk);
      if (value === null || w === undefined) continue;
      wfr.push([kk, valueKey(value), valueKey(w.value), t]);
    }
  });
  const trial = new Map<K, Map<K, Set<K>>>();
  for (const [kk, g] of graphs) trial.set(kk, new Map([...g.next].map(([v, s]) => [v, new Set(s)])));
  for (const [kk, v1, v2] of wfr) {
    const m = trial.get(kk)!;
    if (!m.has(v1)) m.set(v1, new Set());
    if (v1 !== v2) m.get(v1)!.add(v2);
  }
  let cyclic = false;
  for (const [kk, m] of trial) {
    for (const scc of stronglyConnectedValues(m)) {
      cyclic = true;
      const g = graphs.get(kk)!;
      addAnomaly(anomalies, "cyclic-versions", {
        key: g.key,
        scc: scc.map((v) => g.values.get(v)),
        sources: ["initial-state", "wfr-keys"],
        explanation: `Reading and then writing key ${show(g.key)} orders its versions ${scc.map((v) => show(g.values.get(v))).join(", ")} in a cycle, so the writes-follow-reads order was not used`,
      });
    }
  }
  if (!cyclic) {
    for (const [kk, v1, v2, t] of wfr) {
      link(graphs.get(kk)!, v1, v2);
      wfrWhy.set(`${JSON.stringify(kk)} ${JSON.stringify(v1)} ${JSON.stringify(v2)}`, t);
    }
    sources.push("wfr-keys");
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
