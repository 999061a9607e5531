import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { isClientOp } from "./pair-ops.js";

/** Counts for one group of client completions. */
export interface OpStats {
  "valid?": boolean;
  count: number;
  "ok-count": number;
  "fail-count": number;
  "info-count": number;
}

/**
 * fs whose failure never invalidates the result (Maelstrom's stats checker,
 * from jepsen.tests.kafka, ignores them; MAELSTROM.md §7.2). They still
 * appear under "by-f".
 */
export const IGNORED_FS: readonly string[] = ["crash", "debug-topic-partitions"];

function emptyStats(): OpStats {
  return { "valid?": false, count: 0, "ok-count": 0, "fail-count": 0, "info-count": 0 };
}

function tally(s: OpStats, op: Op): void {
  s.count++;
  if (op.type === "ok") s["ok-count"]++;
  else if (op.type === "fail") s["fail-count"]++;
  else s["info-count"]++;
  s["valid?"] = s["ok-count"] > 0;
}

/**
 * Jepsen's stats checker (MAELSTROM.md §7.2) over client-op completions
 * (`ok`/`fail`/`info` with a numeric process; invocations and nemesis ops
 * are not counted). Per f, valid means at least one `ok`. Overall valid iff
 * every f (except IGNORED_FS) is valid; otherwise false. No client
 * completions at all is valid.
 */
export function statsChecker(history: readonly Op[]): CheckResult {
  const all = emptyStats();
  const byF = new Map<string, OpStats>();
  for (const op of history) {
    if (op.type === "invoke" || !isClientOp(op)) continue;
    tally(all, op);
    let s = byF.get(op.f);
    if (s === undefined) byF.set(op.f, (s = emptyStats()));
    tally(s, op);
  }
  const fs = [...byF.keys()].sort();
  const byFObj: Record<string, OpStats> = {};
  for (const f of fs) byFObj[f] = byF.get(f)!;
  const valid = fs.every((f) => IGNORED_FS.includes(f) || byF.get(f)!["valid?"]);
  return {
    "valid?": valid,
    count: all.count,
    "ok-count": all["ok-count"],
    "fail-count": all["fail-count"],
    "info-count": all["info-count"],
    "by-f": byFObj,
  };
}
