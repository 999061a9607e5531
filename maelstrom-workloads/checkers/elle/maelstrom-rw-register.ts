import type { CheckResult } from "../check-result.js";

/**
 * Maelstrom's txn-rw-register verdict on an Elle result: Maelstrom wraps
 * Elle's rw-register checker, drops cycle-search-timeout from the anomaly
 * types and anomalies (its many SCCs time out on searches that only matter
 * for G2), and calls the history valid exactly when no anomaly type is left.
 * So an empty transaction graph is false there (Elle alone: unknown), and a
 * search that only gave up is true. Beyond Maelstrom, the dropped types are
 * listed as "ignored-anomaly-types". list-append is judged by Elle alone.
 */
export function maelstromRwRegister(result: CheckResult): CheckResult {
  const types = (result["anomaly-types"] as string[] | undefined) ?? [];
  const kept = types.filter((t) => t !== "cycle-search-timeout");
  const anomalies = { ...((result.anomalies as Record<string, unknown> | undefined) ?? {}) };
  delete anomalies["cycle-search-timeout"];
  const ignored = types.filter((t) => !kept.includes(t));
  return {
    ...result,
    "valid?": kept.length === 0,
    "anomaly-types": kept,
    anomalies,
    ...(ignored.length > 0 ? { "ignored-anomaly-types": ignored } : {}),
  };
}
