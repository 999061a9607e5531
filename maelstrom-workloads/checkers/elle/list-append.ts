import { DepGraph, RW, WR, WW } from "./dep-graph.js";
import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import { mopText, show, txnEvidence, txnName } from "./describe.js";
import type { Mop, Txn } from "./txns.js";
import { valueKey } from "./txns.js";
import { versionOrders } from "./list-versions.js";
import { lostUpdateCases } from "./lost-update.js";

/**
 * Elle's list-append analysis: anomalies visible without a graph (aborted,
 * intermediate, garbage and internal reads, duplicates, incompatible orders,
 * dirty updates, lost updates), then ww/wr/rw edges from each key's version
 * order, which is its longest read (every other read must be a prefix of it).
 */

type K = number | string;

/** key -> element -> the txn that appended it. */
function appendIndex(txns: readonly Txn[], keep: (t: Txn) => boolean): Map<K, Map<K, Txn>> {
  const idx = new Map<K, Map<K, Txn>>();
  for (const t of txns) {
    if (!keep(t)) continue;
    for (const [f, k, v] of t.mops) {
      if (f !== "append") continue;
      const kk = valueKey(k);
      if (!idx.has(kk)) idx.set(kk, new Map());
      idx.get(kk)!.set(valueKey(v), t);
    }
  }
  return idx;
}

const readList = (m: Mop): unknown[] => (Array.isArray(m[2]) ? m[2] : []);

/** Appends that are not a txn's last append to their key: key -> element -> txn. */
function intermediateAppends(txns: readonly Txn[]): Map<K, Map<K, Txn>> {
  const idx = new Map<K, Map<K, Txn>>();
  for (const t of txns) {
    const last = new Map<K, K>();
    for (const [f, k, v] of t.mops) {
      if (f !== "append") continue;
      const kk = valueKey(k);
      const prev = last.get(kk);
      if (prev !== undefined) {
        if (!idx.has(kk)) idx.set(kk, new Map());
        idx.get(kk)!.set(prev, t);
      }
      last.set(kk, valueKey(v));
    }
  }
  return idx;
}

function checkAppendsUnique(txns: readonly Txn[]): void {
  const seen = new Map<K, Map<K, Txn>>();
  for (const t of txns) {
    for (const [f, k, v] of t.mops) {
      if (f !== "append") continue;
      const kk = valueKey(k);
      if (!seen.has(kk)) seen.set(kk, new Map());
      const other = seen.get(kk)!.get(valueKey(v));
      if (other !== undefined && other !== t) {
        throw new Error(`Elle needs unique appends per key: ${txnName(other)} and ${txnName(t)} both append ${show(v)} to key ${show(k)}`);
      }
      seen.get(kk)!.set(valueKey(v), t);
    }
  }
}

/** Per ok txn: a read that disagrees with the txn's own earlier read or appends of that key; and future reads. */
function internalCases(t: Txn, anomalies: Anomalies): void {
  // key -> expected list; `prefix: true` when only the tail (our own appends) is known.
  const state = new Map<K, { known: unknown[]; prefix: boolean }>();
  const seen = new Map<K, Set<K>>();
  for (const m of t.mops) {
    const kk = valueKey(m[1]);
    if (m[0] === "append") {
      if (seen.get(kk)?.has(valueKey(m[2]))) {
        addAnomaly(anomalies, "future-read", {
          op: txnEvidence(t),
          element: m[2],
          explanation: `${txnName(t)} read key ${show(m[1])} containing ${show(m[2])} before it appended ${show(m[2])} itself`,
        });
      }
      const s = state.get(kk) ?? { known: [], prefix: true };
      state.set(kk, { known: [...s.known, m[2]], prefix: s.prefix });
      continue;
    }
    const v = readList(m);
    const s = state.get(kk);
    if (s !== undefined) {
      const tail = v.slice(Math.max(0, v.length - s.known.length));
      const fits = s.prefix
        ? v.length >= s.known.length && tail.every((x, i) => valueKey(x) === valueKey(s.known[i]))
        : v.length === s.known.length && v.every((x, i) => valueKey(x) === valueKey(s.known[i]));
      if (!fits) {
        const expected = s.prefix ? `[... ${s.known.map(show).join(" ")}]` : show(s.known);
        addAnomaly(anomalies, "internal", {
          op: txnEvidence(t),
          mop: m,
          expected,
          explanation: `${txnName(t)} read ${mopText(m)} but its own earlier operations on key ${show(m[1])} mean it should have read ${expected}`,
        });
        return;
      }
    }
    state.set(kk, { known: v, prefix: false });
    if (!seen.has(kk)) seen.set(kk, new Set());
    for (const x of v) seen.get(kk)!.add(valueKey(x));
  }
}

export interface ListAppendAnalysis {
  anomalies: Anomalies;
  graph: DepGraph;
}

export function analyseListAppend(txns: readonly Txn[]): ListAppendAnalysis {
  checkAppendsUnique(txns);
  const anomalies: Anomalies = new Map();
  const possible = (t: Txn): boolean => t.type !== "fail";
  const failed = appendIndex(txns, (t) => t.type === "fail");
  const everyAppend = appendIndex(txns, () => true);
  const written = appendIndex(txns, possible);
  const intermediate = intermediateAppends(txns);

  for (const t of txns) {
    if (t.type !== "ok") continue;
    internalCases(t, anomalies);
    for (const m of t.mops) {
      if (m[0] !== "r") continue;
      const kk = valueKey(m[1]);
      const v = readList(m);
      const counts = new Map<K, number>();
      for (const e of v) {
        const ek = valueKey(e);
        counts.set(ek, (counts.get(ek) ?? 0) + 1);
        const writer = failed.get(kk)?.get(ek);
        if (writer !== undefined) {
          addAnomaly(anomalies, "G1a", {
            op: txnEvidence(t), mop: m, writer: txnEvidence(writer), element: e,
            explanation: `${txnName(t)} read ${mopText(m)}, whose element ${show(e)} was appended only by ${txnName(writer)}, which failed`,
          });
        } else if (!everyAppend.get(kk)?.has(ek)) {
          addAnomaly(anomalies, "garbage-read", {
            op: txnEvidence(t), mop: m, element: e,
            explanation: `${txnName(t)} read ${mopText(m)}, but no transaction ever appended ${show(e)} to key ${show(m[1])}`,
          });
        }
      }
      const dups = [...counts].filter(([, n]) => n > 1);
      if (dups.length > 0) {
        addAnomaly(anomalies, "duplicate-elements", {
          op: txnEvidence(t), mop: m, duplicates: Object.fromEntries(dups.map(([e, n]) => [String(e), n])),
          explanation: `${txnName(t)} read ${mopText(m)}, which holds ${dups.map(([e, n]) => `${String(e)} ${n} times`).join(", ")}`,
        });
      }
      if (v.length > 0) {
        const lastE = v[v.length - 1];
        const writer = intermediate.get(kk)?.get(valueKey(lastE));
        if (writer !== undefined && writer !== t) {
          addAnomaly(anomalies, "G1b", {
            op: txnEvidence(t), mop: m, writer: txnEvidence(writer), element: lastE,
            explanation: `${txnName(t)} read ${mopText(m)}, ending in ${show(lastE)}, which ${txnName(writer)} appended but then appended more to key ${show(m[1])}: an intermediate state`,
          });
        }
      }
    }
  }

  const orders = versionOrders(txns, everyAppend, anomalies);
  lostUpdateCases(txns, "append", (m) => {
    const v = readList(m);
    return v.length === 0 ? null : v[v.length - 1];
  }, anomalies);

  // Dependency edges over ok and info txns (graph vertices are txn ids).
  const g = new DepGraph(txns.length);
  const INIT: K = "\u0000init";
  // key -> last element of a read (INIT for empty) -> readers
  const readers = new Map<K, Map<K, Txn[]>>();
  for (const t of txns) {
    if (!possible(t)) continue;
    for (const m of t.mops) {
      // An info txn's reads are unknown (null); an ok read of null saw the initial, empty state.
      if (m[0] !== "r" || (t.type === "info" && m[2] === null)) continue;
      const v = readList(m);
      const kk = valueKey(m[1]);
      const last = v.length === 0 ? INIT : valueKey(v[v.length - 1]);
      if (!readers.has(kk)) readers.set(kk, new Map());
      const byLast = readers.get(kk)!;
      if (!byLast.has(last)) byLast.set(last, []);
      byLast.get(last)!.push(t);
      if (v.length > 0) {
        const w = written.get(kk)?.get(last);
        if (w !== undefined && w !== t) {
          g.link(w.id, t.id, WR, (a, b) => `${a} appended ${show(v[v.length - 1])} to key ${show(m[1])}, and ${b} read ${show(v)}: wr`);
        }
      }
    }
  }
  for (const t of txns) {
    if (!possible(t)) continue;
    for (const m of t.mops) {
      if (m[0] !== "append") continue;
      const kk = valueKey(m[1]);
      const order = orders.get(kk);
      const pos = order?.position.get(valueKey(m[2]));
      // The element appended just before ours; when ours was never read, the last one read.
      const prevIdx = pos !== undefined ? pos - 1 : (order?.elements.length ?? 0) - 1;
      const prev: unknown = prevIdx >= 0 ? order!.elements[prevIdx] : undefined;
      const prevKey: K = prevIdx >= 0 ? valueKey(prev) : INIT;
      if (prevIdx >= 0) {
        const w = written.get(kk)?.get(prevKey);
        if (w !== undefined) {
          g.link(w.id, t.id, WW, (a, b) => `${a} appended ${show(prev)} to key ${show(m[1])}, and ${b} appended ${show(m[2])} right after it: ww`);
        }
      }
      for (const r of readers.get(kk)?.get(prevKey) ?? []) {
        g.link(r.id, t.id, RW, (a, b) =>
          prevIdx >= 0
            ? `${a} read key ${show(m[1])} ending in ${show(prev)}, and did not see ${b}'s append of ${show(m[2])}, which came next: rw`
            : `${a} read key ${show(m[1])} empty (nil), and ${b} appended ${show(m[2])} to it: rw`,
        );
      }
    }
  }
  return { anomalies, graph: g };
}
