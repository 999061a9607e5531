import type { Op } from "../model/op.js";
import type { CheckResult, Valid } from "./check-result.js";
import { type CausalHistory, type CausalHistoryOptions, causalHistory, messageKey } from "./causal-history.js";
import { Findings } from "./causal-findings.js";
import { checkDeliveryLogs } from "./causal-reads.js";
import { checkSessions } from "./causal-sessions.js";
import { compareJson } from "./json-value.js";
import { setFullChecker } from "./set-full.js";
import { jsonText } from "../model/json-text.js";

/** Every kind of anomaly the causal-broadcast checker reports, in the order results list them. */
export const CAUSAL_ANOMALIES = ["causal-order", "not-prefix", "read-your-writes", "monotonic-reads", "lost", "duplicated", "never-broadcast"] as const;

/** The set-full keys the result carries over (latencies and how values settled; set-full's own lost is not ours). */
const SET_FULL_KEYS = ["attempt-count", "stable-count", "never-read-count", "never-read", "stale-count", "stable-latencies", "worst-stale"] as const;

/**
 * The causal-broadcast workload's checker (ours: Maelstrom has no causal
 * workload). Happened-before comes from the client histories alone (see
 * causal-history.ts): a broadcast depends on everything its client broadcast
 * or read before it, transitively. It reports, each with the ops and values
 * involved:
 * - causal-order: a read holding a message before (or without) one of its
 *   causal predecessors, in the read's order;
 * - not-prefix: two reads of one node, neither a prefix of the other;
 * - read-your-writes and monotonic-reads: a read lacking the client's own
 *   acknowledged broadcast, or a value the client had read before;
 * - lost: in the final reads (after the heal), an acknowledged broadcast, or
 *   an indeterminate one some read returned, that is missing;
 * - duplicated, never-broadcast: a value twice in one read; a value no client
 *   broadcast (or whose broadcast failed, or began after the read).
 * An indeterminate broadcast may appear or not; if it does, its predecessors
 * must come before it like anyone's. Besides, set-full's figures over the same
 * history (stable latencies, stale values), as for broadcast.
 *
 * Valid when nothing is found; "unknown" when nothing is found but no final
 * read succeeded while there were broadcasts (nothing to judge loss by).
 */
export function causalBroadcastChecker(history: readonly Op[], options: CausalHistoryOptions = {}): CheckResult {
  const h = causalHistory(history, options);
  const out = new Findings();
  checkDeliveryLogs(h, out);
  checkSessions(h, out);
  const lost = checkLost(h, out);
  const finalReads = h.reads.filter((r) => r.final).length;

  const counts: Record<string, number> = {};
  const anomalies: Record<string, unknown[]> = {};
  for (const kind of CAUSAL_ANOMALIES) {
    counts[kind] = out.count(kind);
    if (counts[kind] > 0) anomalies[kind] = out.listed(kind);
  }
  const types = CAUSAL_ANOMALIES.filter((k) => counts[k]! > 0);
  const valid: Valid = types.length > 0 ? false : finalReads === 0 && h.broadcasts.length > 0 ? "unknown" : true;

  const setFull = setFullChecker(asSetHistory(history), { addF: "broadcast", readF: "read" });
  const result: CheckResult = {
    "valid?": valid,
    "anomaly-types": types,
    "anomaly-counts": counts,
    anomalies,
    "read-count": h.reads.length,
    "final-read-count": finalReads,
    "lost-count": lost.length,
    lost,
  };
  for (const k of SET_FULL_KEYS) if (setFull[k] !== undefined) result[k] = setFull[k];
  return result;
}

/** Lost values: known (acknowledged, or returned by some read) and missing from an ok final read. Returns them, sorted. */
function checkLost(h: CausalHistory, out: Findings): unknown[] {
  const finals = h.reads.filter((r) => r.final).map((r) => ({ read: r, keys: new Set(r.keys) }));
  if (finals.length === 0) return [];
  const returned = new Set<number>();
  for (const r of h.reads) {
    for (const k of r.keys) {
      const b = h.byKey.get(k);
      if (b && b.invoke.index < r.completion.index) returned.add(b.gid);
    }
  }
  const lost: unknown[] = [];
  for (const b of h.broadcasts) {
    if (!b.acknowledged && !returned.has(b.gid)) continue;
    const key = messageKey(b.message);
    const missing = finals.filter((f) => !f.keys.has(key));
    if (missing.length === 0) continue;
    lost.push(b.message);
    const f = out.add("lost", String(b.gid), () => ({
      message: b.message,
      broadcast: b.invoke.index,
      outcome: b.acknowledged ? "ok" : "info",
      "missing-from": missing.map((m) => ({ read: m.read.completion.index, node: m.read.node })),
      "final-reads": finals.length,
      text: `${jsonText(b.message)} (broadcast at op ${b.invoke.index}, ${b.acknowledged ? "acknowledged" : "indeterminate but read since"}) is missing from ${missing.length} of ${finals.length} final reads, e.g. op ${missing[0]!.read.completion.index} on ${missing[0]!.read.node}`,
    }));
    f.reads = missing.length;
  }
  return lost.sort(compareJson);
}

/** The history as set-full reads a broadcast history: broadcasts with their message, reads with their messages. */
function asSetHistory(history: readonly Op[]): Op[] {
  const pick = (op: Op, k: string) => (op.value !== null && typeof op.value === "object" ? ((op.value as Record<string, unknown>)[k] ?? null) : null);
  return history.map((op) => {
    if (typeof op.process !== "number") return op;
    if (op.f === "broadcast") return { ...op, value: pick(op, "message") };
    if (op.f === "read") return { ...op, value: op.type === "ok" ? pick(op, "messages") : null };
    return op;
  });
}
