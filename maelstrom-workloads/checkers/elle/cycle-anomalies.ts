import { addAnomaly, type Anomalies } from "./anomaly-map.js";
import type { DepGraph } from "./dep-graph.js";
import { PROCESS, REALTIME, RELS, REL_BITS } from "./dep-graph.js";
import { CYCLE_SPECS, classifyCycle, searchCycle, type CycleStep } from "./cycle-search.js";
import { stronglyConnected } from "./scc.js";
import { txnEvidence, txnLine, txnName } from "./describe.js";
import type { Txn } from "./txns.js";

/** Visited search states allowed per component and spec before giving up (Elle gives up on time instead). */
export const CYCLE_SEARCH_BUDGET = 500_000;

const relName = (bit: number): string => RELS.find((r) => REL_BITS[r] === bit) ?? String(bit);

/** A found cycle as evidence: its txns, and each edge with the reason it exists. */
function cycleEvidence(g: DepGraph, txns: readonly Txn[], steps: readonly CycleStep[]): unknown {
  const cycle = steps.map((s) => txns[s.from]!);
  const edges = steps.map((s) => {
    const a = txnName(txns[s.from]!);
    const b = txnName(txns[s.to]!);
    const why = g.why(s.from, s.to, s.rel);
    return { from: a, to: b, type: relName(s.rel), why: why === undefined ? `${a} -${relName(s.rel)}-> ${b}` : why(a, b) };
  });
  return {
    cycle: cycle.map(txnEvidence),
    steps: edges,
    explanation: [
      "Let:",
      ...cycle.map((t) => `  ${txnLine(t)}`),
      "Then:",
      ...edges.map((e) => `  ${e.from} < ${e.to}, because ${e.why}.`),
      `  So ${edges[0]!.from} < ${edges[0]!.from}: a cycle.`,
    ].join("\n"),
  };
}

/**
 * Finds the cycles the prohibited anomaly types name, in each strongly
 * connected component of the graph, one per component and spec, as Elle does.
 * `orderEdges` says which order edges (PROCESS, REALTIME bits) the graph has.
 * The G2-item search runs when G2-item or G-nonadjacent-item is wanted (its
 * cycle may be either); G-nonadjacent-item also gets its own search, unless
 * the G2-item search already found one in that component. `budget`: visited
 * states per component and spec. Returns the component count.
 */
export function findCycleAnomalies(
  g: DepGraph,
  txns: readonly Txn[],
  wanted: ReadonlySet<string>,
  orderEdges: number,
  anomalies: Anomalies,
  budget: number = CYCLE_SEARCH_BUDGET,
): number {
  const specs = CYCLE_SPECS.filter((s) => {
    if ((s.start === PROCESS || s.start === REALTIME) && (orderEdges & s.start) === 0) return false;
    // The G2-item search also finds G-nonadjacent-item cycles (classified afterwards).
    const names = s.name.startsWith("G2-item") ? [s.name, s.name.replace("G2-item", "G-nonadjacent-item")] : [s.name];
    return names.some((n) => wanted.has(n));
  });
  const sccs = stronglyConnected(g, 0xff);
  for (const scc of sccs) {
    const foundHere = new Set<string>();
    for (const spec of specs) {
      if (foundHere.has(spec.name)) continue;
      const r = searchCycle(g, scc, spec, budget);
      if (r === null) continue;
      if ("exhausted" in r) {
        addAnomaly(anomalies, "cycle-search-timeout", {
          "anomaly-spec-type": spec.name,
          "scc-size": scc.length,
          explanation: `Gave up looking for a ${spec.name} cycle among ${scc.length} txns after ${budget} search steps`,
        });
        continue;
      }
      const name = classifyCycle(r.found);
      foundHere.add(name);
      addAnomaly(anomalies, name, cycleEvidence(g, txns, r.found));
    }
  }
  return sccs.length;
}
