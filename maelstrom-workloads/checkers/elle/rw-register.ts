import { DepGraph, RW, WR, WW } from "./dep-graph.js";
import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import { mopText, show, txnEvidence, txnName } from "./describe.js";
import type { Txn } from "./txns.js";
import { valueKey } from "./txns.js";
import { lostUpdateCases } from "./lost-update.js";
import { registerVersionGraphs, type VersionSummary } from "./register-versions.js";

/**
 * Elle's rw-register analysis. Written values are unique per key, so a read
 * names its writer (wr edges). The version order is only partly known: the
 * initial nil precedes every value, and a txn that reads x = v and then
 * writes x = v' orders v before v' (Elle's writes-follow-reads, which
 * Maelstrom turns on). ww and rw edges follow from that partial order.
 *
 * Beyond Elle: writes by info txns (which may have committed) are possible
 * writers too (wr edges, version order), and a read of a value no txn wrote
 * is a garbage-read (which the model table counts as a G1a); Elle's
 * rw-register links only ok writers and says nothing of such a read.
 */

type K = number | string;

/** A txn's external reads (first access to a key was a read) and external writes (its last write per key). */
export function externals(t: Txn): { reads: Map<K, { key: unknown; value: unknown }>; writes: Map<K, { key: unknown; value: unknown }> } {
  const reads = new Map<K, { key: unknown; value: unknown }>();
  const writes = new Map<K, { key: unknown; value: unknown }>();
  const touched = new Set<K>();
  for (const [f, k, v] of t.mops) {
    const kk = valueKey(k);
    if (f === "r" && !touched.has(kk)) reads.set(kk, { key: k, value: v });
    if (f === "w") writes.set(kk, { key: k, value: v });
    touched.add(kk);
  }
  return { reads, writes };
}

function internalCase(t: Txn, anomalies: Anomalies): void {
  const state = new Map<K, unknown>();
  for (const m of t.mops) {
    const kk = valueKey(m[1]);
    if (m[0] === "w") {
      state.set(kk, m[2]);
      continue;
    }
    if (state.has(kk) && valueKey(state.get(kk)) !== valueKey(m[2])) {
      addAnomaly(anomalies, "internal", {
        op: txnEvidence(t), mop: m, expected: state.get(kk),
        explanation: `${txnName(t)} read ${mopText(m)} but its own earlier operations on key ${show(m[1])} mean it should have read ${show(state.get(kk))}`,
      });
      return;
    }
    state.set(kk, m[2]);
  }
}

export interface RwRegisterAnalysis {
  anomalies: Anomalies;
  graph: DepGraph;
  versions: VersionSummary;
}

/** `realtime`: also order versions by the writers' real-time order (Elle's linearizable-keys?, checkElle's linearizableKeys; see register-versions.ts). */
export function analyseRwRegister(txns: readonly Txn[], realtime: boolean): RwRegisterAnalysis {
  const anomalies: Anomalies = new Map();
  // key -> value -> { txn, final: is it the txn's last write of the key }
  const writes = new Map<K, Map<K, { txn: Txn; final: boolean }>>();
  for (const t of txns) {
    const ext = externals(t).writes;
    for (const [f, k, v] of t.mops) {
      if (f !== "w") continue;
      const kk = valueKey(k);
      const vk = valueKey(v);
      if (!writes.has(kk)) writes.set(kk, new Map());
      const other = writes.get(kk)!.get(vk);
      if (other !== undefined && other.txn !== t) {
        throw new Error(`Elle needs unique writes per key: ${txnName(other.txn)} and ${txnName(t)} both write ${show(v)} to key ${show(k)}`);
      }
      writes.get(kk)!.set(vk, { txn: t, final: valueKey(ext.get(kk)?.value) === vk });
    }
  }

  for (const t of txns) {
    if (t.type !== "ok") continue;
    internalCase(t, anomalies);
    for (const m of t.mops) {
      if (m[0] !== "r" || m[2] === null) continue;
      const w = writes.get(valueKey(m[1]))?.get(valueKey(m[2]));
      if (w === undefined) {
        addAnomaly(anomalies, "garbage-read", {
          op: txnEvidence(t), mop: m,
          explanation: `${txnName(t)} read ${mopText(m)}, but no transaction ever wrote ${show(m[2])} to key ${show(m[1])}`,
        });
      } else if (w.txn.type === "fail") {
        addAnomaly(anomalies, "G1a", {
          op: txnEvidence(t), mop: m, writer: txnEvidence(w.txn),
          explanation: `${txnName(t)} read ${mopText(m)}, written only by ${txnName(w.txn)}, which failed`,
        });
      } else if (!w.final && w.txn !== t) {
        addAnomaly(anomalies, "G1b", {
          op: txnEvidence(t), mop: m, writer: txnEvidence(w.txn),
          explanation: `${txnName(t)} read ${mopText(m)}, which ${txnName(w.txn)} wrote and then overwrote in the same txn: an intermediate state`,
        });
      }
    }
  }
  lostUpdateCases(txns, "w", (m) => m[2], anomalies);

  const g = new DepGraph(txns.length);
  const ext = txns.map((t) => (t.type === "fail" ? null : externals(t)));
  // key -> value -> txns that externally read it (ok) / wrote it (ok, info)
  const readersOf = new Map<K, Map<K, Txn[]>>();
  const writerOf = new Map<K, Map<K, Txn>>();
  txns.forEach((t, i) => {
    const e = ext[i];
    if (e === null || e === undefined) return;
    for (const [kk, { value }] of e.writes) {
      if (!writerOf.has(kk)) writerOf.set(kk, new Map());
      writerOf.get(kk)!.set(valueKey(value), t);
    }
    if (t.type !== "ok") return;
    for (const [kk, { value }] of e.reads) {
      if (!readersOf.has(kk)) readersOf.set(kk, new Map());
      const m = readersOf.get(kk)!;
      const vk = valueKey(value);
      if (!m.has(vk)) m.set(vk, []);
      m.get(vk)!.push(t);
    }
  });
  for (const [kk, byValue] of readersOf) {
    for (const [vk, rs] of byValue) {
      const w = writerOf.get(kk)?.get(vk);
      if (w === undefined) continue;
      for (const r of rs) {
        const { key, value } = ext[r.id]!.reads.get(kk)!;
        g.link(w.id, r.id, WR, (a, b) => `${a} wrote key ${show(key)} = ${show(value)}, and ${b} read it: wr`);
      }
    }
  }

  const { graphs, summary } = registerVersionGraphs(txns, ext, realtime, anomalies);
  for (const [kk, vg] of graphs) {
    for (const [v1, nexts] of vg.next) {
      const w1 = writerOf.get(kk)?.get(v1);
      const r1 = readersOf.get(kk)?.get(v1) ?? [];
      for (const v2 of nexts) {
        const w2 = writerOf.get(kk)?.get(v2);
        if (w2 === undefined) continue;
        const key = vg.key;
        const shown1 = show(vg.values.get(v1));
        const shown2 = show(vg.values.get(v2));
        const why = vg.why(v1, v2);
        if (w1 !== undefined) {
          g.link(w1.id, w2.id, WW, (a, b) => `${a} wrote key ${show(key)} = ${shown1}, and ${b} wrote ${shown2}, which comes after it (${why}): ww`);
        }
        for (const r of r1) {
          g.link(r.id, w2.id, RW, (a, b) => `${a} read key ${show(key)} = ${shown1}, and ${b} wrote ${shown2}, which comes after it (${why}): rw`);
        }
      }
    }
  }
  return { anomalies, graph: g, versions: summary };
}
