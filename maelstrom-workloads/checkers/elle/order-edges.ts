import type { DepGraph } from "./dep-graph.js";
import { PROCESS, REALTIME } from "./dep-graph.js";
import type { Txn } from "./txns.js";

/**
 * Order edges between the graph's transactions (ok and info; the graph's
 * vertices are txn ids, and failed txns never get an edge), which only
 * strict (real-time) and session (process) models need.
 */

/**
 * Process order: each process's transactions in the order it ran them. An
 * info ends a process (Jepsen gives the thread a new process), so it is
 * always a process's last.
 */
export function addProcessEdges(g: DepGraph, txns: readonly Txn[]): void {
  const last = new Map<number, Txn>();
  for (const t of [...txns].sort((x, y) => x.invokeIndex - y.invokeIndex)) {
    if (t.type === "fail") continue;
    const prev = last.get(t.process);
    if (prev !== undefined) {
      g.link(prev.id, t.id, PROCESS, (a, b) => `${a} and ${b} ran on process ${t.process}, ${a} first`);
    }
    last.set(t.process, t);
  }
}

/**
 * Real-time order among `txns` (ok and info), transitively reduced as Elle
 * builds it: [T1, T2] when T1 completed (ok) before T2 was invoked and no T3
 * sits between them. Walks invocations and completions in history order,
 * keeping the frontier of completed txns that nothing completed since has
 * superseded.
 */
export function realtimePairs(txns: readonly Txn[]): Array<[Txn, Txn]> {
  type Event = { at: number; txn: Txn; invoke: boolean };
  const events: Event[] = [];
  for (const t of txns) {
    if (t.type === "fail") continue;
    events.push({ at: t.invokeIndex, txn: t, invoke: true });
    if (t.type === "ok") events.push({ at: t.index, txn: t, invoke: false });
  }
  events.sort((x, y) => x.at - y.at);
  let frontier: Txn[] = [];
  const predecessors = new Map<number, Txn[]>();
  const pairs: Array<[Txn, Txn]> = [];
  for (const e of events) {
    if (e.invoke) {
      predecessors.set(e.txn.id, frontier);
      for (const p of frontier) pairs.push([p, e.txn]);
    } else {
      const preds = new Set(predecessors.get(e.txn.id) ?? []);
      frontier = frontier.filter((t) => !preds.has(t));
      frontier.push(e.txn);
    }
  }
  return pairs;
}

/** Real-time edges between the graph's transactions. */
export function addRealtimeEdges(g: DepGraph, txns: readonly Txn[]): void {
  for (const [p, t] of realtimePairs(txns)) {
    g.link(p.id, t.id, REALTIME, (x, y) => `${x} completed (history index ${p.index}) before ${y} was invoked (index ${t.invokeIndex})`);
  }
}
