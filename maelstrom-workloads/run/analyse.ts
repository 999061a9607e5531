import { availabilityChecker } from "../checkers/availability.js";
import type { CheckResult } from "../checkers/check-result.js";
import { compose } from "../checkers/compose.js";
import { type NetEvent, NetStats } from "../checkers/net-stats.js";
import { frequencyDistribution } from "../checkers/set-full.js";
import { statsChecker } from "../checkers/stats.js";
import type { Workload } from "../workload.js";
import type { OutputStopped } from "./output-stopped.js";
import type { Op } from "../model/op.js";

export interface AnalyseExtras {
  availability: undefined | "total" | number;
  /** ms by which each timed delivery missed its deadline */
  lateness: readonly number[];
  stopped: readonly OutputStopped[];
  seed: number;
}

/**
 * The results map, composed as Maelstrom composes its checkers (each guarded;
 * overall validity is the worst of them). Maelstrom's `perf` and `timeline`
 * (graphs and an HTML timeline) are not produced. The `harness` key is ours,
 * not Maelstrom's, and has no bearing on validity: the seed, how late the
 * network delivered, and nodes whose output stopped being routed.
 *
 * `net` is the hosts' NetStats, fed as the journal was written (so no host
 * keeps the journal in memory), or the journal's events themselves.
 */
export function analyse(workload: Workload, history: readonly Op[], net: NetStats | Iterable<NetEvent>, x: AnalyseExtras): CheckResult {
  // The journal's events can be read once only (they may be a stream): count them first, for net and the workload both.
  const stats = net instanceof NetStats ? net : netStatsFrom(net);
  const results = compose({
    workload: () => workload.check(history, { serverSendCount: stats.serverSends }),
    stats: () => statsChecker(history),
    availability: () => availabilityChecker(history, x.availability),
    net: () => stats.check(history),
    exceptions: () => exceptionsChecker(history),
  });
  const { "valid?": valid, ...rest } = results;
  return {
    ...rest,
    harness: {
      seed: x.seed,
      "delivery-lateness-ms": quantiles(x.lateness),
      "output-stopped": x.stopped.map((s) => ({ node: s.node, reason: s.reason, line: s.line, "line-length": s.lineLength, "at-ms": Math.round(s.at) })),
    },
    "valid?": valid,
  };
}

function netStatsFrom(journal: Iterable<NetEvent>): NetStats {
  const s = new NetStats();
  for (const e of journal) s.add(e);
  return s;
}

/** Jepsen's unhandled-exceptions checker: always valid; groups `info` ops that carry an exception. */
export function exceptionsChecker(history: readonly Op[]): CheckResult {
  const groups = new Map<string, { count: number; example: Op }>();
  for (const op of history) {
    if (op.type !== "info" || op.exception === undefined) continue;
    const key = op.exception.slice(0, Math.max(0, op.exception.indexOf(":"))) || op.exception; // the class
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, example: op });
  }
  if (groups.size === 0) return { "valid?": true };
  const exceptions = [...groups.entries()].sort((a, b) => b[1].count - a[1].count).map(([cls, g]) => ({ count: g.count, class: cls, example: g.example }));
  return { "valid?": true, exceptions };
}

function quantiles(xs: readonly number[]): Record<string, number> | null {
  const d = frequencyDistribution(xs, [0.5, 0.99, 1]);
  if (!d) return null;
  const ms = (x: number) => Math.round(x * 1000) / 1000;
  return { count: xs.length, "0.5": ms(d["0.5"]!), "0.99": ms(d["0.99"]!), "1": ms(d["1"]!) };
}
