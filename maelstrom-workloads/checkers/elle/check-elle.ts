import type { Op } from "../../model/op.js";
import type { CheckResult, Valid } from "../check-result.js";
import type { Anomalies } from "./anomaly-map.js";
import { CYCLE_SEARCH_BUDGET, findCycleAnomalies } from "./cycle-anomalies.js";
import type { DepGraph } from "./dep-graph.js";
import { PROCESS, REALTIME } from "./dep-graph.js";
import { analyseListAppend } from "./list-append.js";
import { anomaliesProhibitedBy, modelBoundary } from "./models.js";
import { addProcessEdges, addRealtimeEdges } from "./order-edges.js";
import { analyseRwRegister } from "./rw-register.js";
import { buildTxns, type MopF } from "./txns.js";

export { ELLE_MODELS } from "./models.js";

export interface ElleOptions {
  kind: "list-append" | "rw-register";
  /** Models the history must satisfy, by Elle's names (ELLE_MODELS); Maelstrom's default is ["strict-serializable"]. */
  consistencyModels: readonly string[];
  /**
   * rw-register only: also order each key's versions by the real-time order
   * of their writers (Elle's linearizable-keys?). Off by default, as in
   * Maelstrom, which turns on only wfr-keys? (a txn's read before its write).
   */
  linearizableKeys?: boolean;
  /** Visited search states per component and cycle spec before giving up (cycle-search-timeout); default CYCLE_SEARCH_BUDGET. */
  cycleSearchBudget?: number;
}

/** Anomalies that make the result "unknown" rather than false (Elle's unknown-anomaly-types). */
const UNKNOWN_TYPES = ["empty-transaction-graph", "cycle-search-timeout"];

const MOPS: Record<ElleOptions["kind"], ReadonlySet<MopF>> = {
  "list-append": new Set<MopF>(["r", "append"]),
  "rw-register": new Set<MopF>(["r", "w"]),
};

/**
 * Elle's transactional checker (elle.list-append/check, elle.rw-register/check)
 * as a pure function of a history of "txn" ops. Finds the anomalies the
 * chosen consistency models prohibit and judges the history as Elle does:
 * false when a prohibited anomaly is present, "unknown" when only the
 * analysis's own limits were hit (an empty graph, a cycle search given up),
 * true otherwise. Keys: "valid?", "anomaly-types", "anomalies", "not",
 * "also-not" as Elle; beyond Elle, "allowed-anomaly-types" (found but
 * permitted by the models), counts, and for rw-register what the version
 * order rests on. Throws on an unknown model or a malformed txn.
 *
 * Beyond Elle, rw-register counts values written by info txns (which may
 * have committed) as possible writers, giving wr edges from them, and
 * reports a read of a value that no ok, info or failed txn wrote as
 * garbage-read (which the model table counts as a G1a); Elle's rw-register
 * links only ok writers and says nothing of such a read. Maelstrom's
 * txn-rw-register verdict is maelstromRwRegister(checkElle(...))
 * (maelstrom-rw-register.ts).
 */
export function checkElle(history: readonly Op[], opts: ElleOptions): CheckResult {
  const prohibited = anomaliesProhibitedBy(opts.consistencyModels);
  const txns = buildTxns(history, MOPS[opts.kind]);
  const needs = (suffix: string): boolean => [...prohibited].some((a) => a.endsWith(suffix));
  let anomalies: Anomalies;
  let graph: DepGraph;
  const extra: Record<string, unknown> = {};
  if (opts.kind === "list-append") {
    ({ anomalies, graph } = analyseListAppend(txns));
  } else {
    const a = analyseRwRegister(txns, opts.linearizableKeys === true);
    ({ anomalies, graph } = a);
    extra["version-order"] = a.versions;
  }
  let orderEdges = 0;
  if (needs("-realtime")) {
    addRealtimeEdges(graph, txns);
    orderEdges = REALTIME;
  } else if (needs("-process")) {
    addProcessEdges(graph, txns);
    orderEdges = PROCESS;
  }
  if (graph.edgeCount() === 0) anomalies.set("empty-transaction-graph", [true]);
  const sccCount = findCycleAnomalies(graph, txns, prohibited, orderEdges, anomalies, opts.cycleSearchBudget ?? CYCLE_SEARCH_BUDGET);

  const found = [...anomalies.keys()].sort();
  const reportable = found.filter((a) => prohibited.has(a) || UNKNOWN_TYPES.includes(a));
  const valid: Valid = reportable.some((a) => prohibited.has(a)) ? false : reportable.length > 0 ? "unknown" : true;
  const boundary = reportable.length > 0 ? modelBoundary(found) : { not: [], "also-not": [] };
  return {
    "valid?": valid,
    "anomaly-types": reportable,
    anomalies: Object.fromEntries(reportable.map((a) => [a, anomalies.get(a)])),
    not: boundary.not,
    "also-not": boundary["also-not"],
    "allowed-anomaly-types": found.filter((a) => !reportable.includes(a)),
    "txn-count": txns.length,
    "ok-count": txns.filter((t) => t.type === "ok").length,
    "info-count": txns.filter((t) => t.type === "info").length,
    "fail-count": txns.filter((t) => t.type === "fail").length,
    "edge-count": graph.edgeCount(),
    "scc-count": sccCount,
    ...extra,
  };
}
