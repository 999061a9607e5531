import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { commitErrors } from "./kafka/commits.js";
import { cycleAnomalies } from "./kafka/cycles.js";
import { duplicates } from "./kafka/duplicates.js";
import { kafkaOps } from "./kafka/history.js";
import { lostWrites } from "./kafka/lost-writes.js";
import { noWriters } from "./kafka/no-writer.js";
import { abortedReads, orderErrors } from "./kafka/order-checks.js";
import { unseen } from "./kafka/unseen.js";
import { analyse } from "./kafka/version-orders.js";

/**
 * Error types that do not make a history invalid: ours, committed offsets
 * going backwards, which Maelstrom's kafka spec allows (a consumer that
 * starts lower reads again; nothing is lost).
 */
export const ALLOWED_ERROR_TYPES: ReadonlySet<string> = new Set(["int-nonmonotonic-commit", "nonmonotonic-commit"]);

/**
 * Jepsen throws on a polled message no send wrote (:no-writer-of-value), and
 * Maelstrom's composed checker makes the throw valid? :unknown. We report it
 * as an error type and keep the other findings: the result is false when
 * another error makes it so, else "unknown", never true.
 */
const UNKNOWN_ERROR_TYPES: ReadonlySet<string> = new Set(["no-writer-of-value"]);

/** How many errors of each type the result shows (Jepsen's condense-error: 32 for duplicate and inconsistent-offsets, 8 for orders and cycles). */
const SHOWN: Record<string, number> = { duplicate: 32, "inconsistent-offsets": 32 };

/**
 * Maelstrom's kafka checker (Jepsen's jepsen.tests.kafka checker, as its
 * kafka workload runs it: assign only, no transactions), pure over the
 * history. Findings, under Jepsen's names: inconsistent-offsets (two messages
 * at one offset), duplicate (one message at two offsets), lost-write,
 * int-poll-skip / int-nonmonotonic-poll (within one poll), poll-skip /
 * nonmonotonic-poll (between one process's polls, until its next assign),
 * nonmonotonic-send, G1a (a failed send read), unseen (acknowledged, never
 * polled), no-writer-of-value (a polled message no send wrote to that key:
 * "unknown", see below), and Elle's cycles over write->read and real-time
 * edges (G1c-realtime: a poll read a message before its send was invoked);
 * and ours, int-nonmonotonic-commit / nonmonotonic-commit
 * (reported, allowed). Each error type gives its count and its first errors,
 * each naming the ops involved (index, process, type, f, value) with an
 * explanation. "valid?" is false when any error type outside the allowed and
 * unknown ones is present, "unknown" when only no-writer-of-value is.
 */
export function checkKafka(history: readonly Op[]): CheckResult {
  const ops = kafkaOps(history);
  const a = analyse(ops);
  const order = orderErrors(a, history);
  const lost = lostWrites(a);
  const errors: Record<string, unknown[]> = {
    duplicate: duplicates(a),
    "inconsistent-offsets": a.inconsistent,
    "lost-write": lost,
    G1a: abortedReads(a),
    ...order,
    ...commitErrors(history, ops),
    "no-writer-of-value": noWriters(a),
    ...cycleAnomalies(a, history),
  };
  const found = Object.keys(errors).filter((t) => errors[t]!.length > 0);
  const u = unseen(a);
  if (u) found.push("unseen");
  const errorTypes = found.sort();
  const bad = errorTypes.filter((t) => !ALLOWED_ERROR_TYPES.has(t));
  const invalid = bad.some((t) => !UNKNOWN_ERROR_TYPES.has(t));
  const infoCauses = [...new Set(history.filter((op) => op.type === "info" && (op.f === "send" || op.f === "poll")).map((op) => JSON.stringify(op.error ?? null)))].map((e) => JSON.parse(e) as unknown);
  const result: CheckResult = {
    "valid?": invalid ? false : bad.length > 0 ? "unknown" : true,
    "bad-error-types": bad,
    "error-types": errorTypes,
    "info-txn-causes": infoCauses,
    "op-count": ops.length,
    "lost-count": lost.length,
    /** The lost messages as [key, message] (the first 32), as set-full's "lost" lists its lost values. */
    lost: lost.slice(0, 32).map((e) => [e.key, e.value]),
  };
  const noWriter = errors["no-writer-of-value"]![0] as { explanation: string } | undefined;
  /** As check-safe would give it (Jepsen's exception), when it alone leaves the result unknown. */
  if (!invalid && noWriter) result.error = `no-writer-of-value: ${noWriter.explanation}`;
  for (const t of errorTypes) {
    if (t === "unseen") result.unseen = u;
    else result[t] = { count: errors[t]!.length, errs: errors[t]!.slice(0, SHOWN[t] ?? 8) };
  }
  return result;
}
