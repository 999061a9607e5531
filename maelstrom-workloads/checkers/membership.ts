import type { Op } from "../model/op.js";
import type { CheckResult, Valid } from "./check-result.js";
import { faultTimeline, type FaultTimeline, type Kill, overlaps } from "./membership-faults.js";
import { pairCompletions } from "./pair-ops.js";
import { frequencyDistribution } from "./set-full.js";
import { jsonText } from "../model/json-text.js";

/**
 * After a fault ends (a node started again or resumed, a partition healed,
 * heavy loss or slowness over), how long a node may still be reported dead.
 * The news that it is back must reach everyone by gossip; Maelstrom's own
 * recovery wait is 10 s, and so is this.
 */
export const GRACE_MS = 10_000;
/** How many findings of each kind the result lists (all are counted). */
const LISTED = 20;

export interface MembershipCheckOptions {
  /** The test's node ids. */
  nodes: readonly string[];
  /** `--membership-deadline` in ms: a node killed this long must have been reported dead by every node that could judge. */
  deadlineMs: number;
  /** `--membership-period` in ms: the node's protocol period, for the load figure. */
  periodMs: number;
  /** Server-to-server messages the run sent (from the net stats); the load figures are null without it. */
  serverSendCount?: number;
  /** Defaults to GRACE_MS. */
  graceMs?: number;
}

type Status = "alive" | "suspect" | "dead";
type View = Record<string, { status: Status; incarnation: number }>;

/** One answer of one node, with the span in which the node gave it. */
interface Report {
  node: string;
  invokeMs: number;
  doneMs: number;
  /** The completion's history index. */
  index: number;
  final: boolean;
  members?: View;
  owners?: Record<string, string>;
}

const ms = (op: Op) => op.time / 1e6;
const round = (x: number) => Math.round(x * 1000) / 1000;
const quantiles = (xs: readonly number[]) => {
  const d = frequencyDistribution(xs.map(round));
  return d && { count: xs.length, ...d };
};

/** The ok answers of the history, per node, in order of completion. */
function reportsOf(history: readonly Op[]): Map<string, Report[]> {
  const pairs = pairCompletions(history);
  const out = new Map<string, Report[]>();
  const add = (r: Report) => (out.get(r.node) ?? out.set(r.node, []).get(r.node)!).push(r);
  for (const op of history) {
    if (op.type !== "ok" || typeof op.process !== "number") continue;
    const inv = pairs.get(op.index);
    if (!inv) continue;
    const v = op.value as { node: string; members?: View; owners?: Record<string, string>; views?: Array<{ node: string; members: View; owners: Record<string, string> }> };
    const base = { invokeMs: ms(inv), doneMs: ms(op), index: op.index, final: op.final === true };
    if (op.f === "members") add({ ...base, node: v.node, members: v.members });
    else if (op.f === "lookup") add({ ...base, node: v.node, owners: v.owners });
    else if (op.f === "view") for (const w of v.views ?? []) add({ ...base, node: w.node, members: w.members, owners: w.owners });
  }
  return out;
}

/**
 * The membership workload's checker (ours), from the history alone: client
 * answers say what each node believed and when (between the op's invocation
 * and completion: the polling granularity), nemesis records say what was
 * true. It reports:
 * - completeness: for every kill, each node that ran unpaused from the kill
 *   until the deadline (or the restart, if sooner) is a judge; the time from
 *   the kill to the completion of the judge's first answer calling the node
 *   dead, and to all judges agreeing for good (every later answer dead too,
 *   until the restart). A judge asked after the deadline (and before the
 *   restart) that never said dead is an `undetected` finding. The
 *   `detection-latencies` (to agreement) are over the kills every judge
 *   agreed on; a kill restarted before that is counted in
 *   `kills-not-agreed-before-restart` and listed in `kills-not-agreed`
 *   (its time down and each lagging judge's last status), not dropped;
 * - accuracy: a `false-positive` is an answer calling X dead while nothing
 *   could excuse it: X neither killed nor paused, no partition cutting X off
 *   from anyone, no heavy loss or slowness, at any moment of the answer's
 *   span or GRACE_MS before it. (A partition cutting X off from anyone
 *   excuses every reporter: dead news from the far side may reach nodes
 *   that X never stopped talking to, and does under SWIM, right after the
 *   heal. The reporter's own pause excuses nothing.)
 * - recovery: from the last nemesis record (the final heal) until every
 *   node's answers say every node alive and keep saying it (the completion
 *   of the first such answer, node by node, then the latest of them); each
 *   node's final view must say so, or `not-recovered`;
 * - ownership: each key on which the final views name different owners is a
 *   `lookup-disagreement`; for each kill, the fraction of probe keys whose
 *   owner changed at a judge between its last lookup before the kill and
 *   its first after it called the node dead, with no other fault between
 *   nor within GRACE_MS before the first (its ring may be stale) unless the
 *   judge has since said every node alive, beside
 *   the ideal 1/n and the share the departed node owned;
 * - load: server messages per node per second over the history's span, and
 *   per protocol period (`periodMs`), to set beside SWIM's 4k+2.
 * Invalid on any false positive, undetected kill, lookup disagreement or
 * node not recovered; "unknown" when otherwise some node gave no final view.
 */
export function membershipChecker(history: readonly Op[], o: MembershipCheckOptions): CheckResult {
  const grace = o.graceMs ?? GRACE_MS;
  const n = o.nodes.length;
  const faults = faultTimeline(history, o.nodes);
  const reports = reportsOf(history);
  const findings: Record<string, Array<Record<string, unknown>>> = { "false-positive": [], undetected: [], "not-recovered": [], "lookup-disagreement": [] };

  // Accuracy.
  let falsePositives = 0;
  let excused = 0;
  for (const [reporter, rs] of reports) {
    for (const r of rs) {
      for (const [x, m] of Object.entries(r.members ?? {})) {
        if (m.status !== "dead") continue;
        const why = x === reporter ? undefined : overlaps(faults.outOfService.get(x), r.invokeMs, r.doneMs, grace) || overlaps(faults.hidden.get(x), r.invokeMs, r.doneMs, grace);
        if (why) {
          excused++;
          continue;
        }
        falsePositives++;
        if (findings["false-positive"]!.length < LISTED)
          findings["false-positive"]!.push({
            reporter,
            node: x,
            op: r.index,
            "at-ms": round(r.doneMs),
            "reporter-paused": overlaps(faults.outOfService.get(reporter), r.invokeMs - grace, r.doneMs),
            text: `${reporter} called ${x} dead at ${(r.doneMs / 1000).toFixed(3)} s (op ${r.index}), while ${x === reporter ? "answering itself" : `${x} had been running, unpaused and cut off from no one for at least ${grace / 1000} s`}`,
          });
      }
    }
  }

  // Completeness.
  const detection = completeness(faults, reports, o, findings);

  // Recovery, and ownership after it.
  const recovery = recoveryOf(faults, reports, o.nodes, findings);
  const disagreements = disagreementsOf(reports, o.nodes, findings);
  const moved = keysMoved(faults, reports, detection.firstDead, grace);

  // Load.
  const spanMs = history.length ? ms(history[history.length - 1]!) : 0;
  const perSecond = o.serverSendCount !== undefined && spanMs > 0 && n > 0 ? o.serverSendCount / n / (spanMs / 1000) : null;

  const counts: Record<string, number> = { "false-positive": falsePositives, undetected: detection.undetected, "not-recovered": findings["not-recovered"]!.length, "lookup-disagreement": disagreements };
  const invalid = Object.values(counts).some((c) => c > 0);
  const valid: Valid = invalid ? false : recovery.missingFinal.length > 0 ? "unknown" : true;

  return {
    "valid?": valid,
    "finding-counts": counts,
    findings: Object.fromEntries(Object.entries(findings).filter(([, l]) => l.length > 0)),
    "detection-latencies": quantiles(detection.agreed),
    "first-detection-latencies": quantiles(detection.first),
    "detection-deadline-ms": o.deadlineMs,
    "kill-count": faults.kills.length,
    "kills-judged": detection.judged,
    "kills-not-agreed-before-restart": detection.notAgreed,
    ...(detection.notAgreedList.length ? { "kills-not-agreed": detection.notAgreedList } : {}),
    "false-positive-count": falsePositives,
    "excused-dead-reports": excused,
    "grace-ms": grace,
    "recovery-latency": recovery.latency === undefined ? null : round(recovery.latency),
    "final-views": o.nodes.length - recovery.missingFinal.length,
    ...(recovery.missingFinal.length ? { "missing-final-views": recovery.missingFinal } : {}),
    "lookup-disagreement-count": disagreements,
    "keys-moved-fraction": moved.samples ? round(moved.fraction) : null,
    "keys-moved-ideal": n > 0 ? round(1 / n) : null,
    "keys-moved-departed-share": moved.samples ? round(moved.departedShare) : null,
    "keys-moved-not-departed": moved.notDeparted,
    "keys-moved-samples": moved.samples,
    "server-msg-count": o.serverSendCount ?? null,
    "msgs-per-node-per-second": perSecond === null ? null : round(perSecond),
    "membership-period-ms": o.periodMs,
    "msgs-per-node-per-period": perSecond === null ? null : round((perSecond * o.periodMs) / 1000),
  };
}

/** First-dead and agreement times per kill; undetected kills go to findings, kills restarted before every judge agreed to kills-not-agreed. */
function completeness(faults: FaultTimeline, reports: Map<string, Report[]>, o: MembershipCheckOptions, findings: Record<string, Array<Record<string, unknown>>>) {
  const first: number[] = [];
  const agreed: number[] = [];
  /** kill -> judge -> completion time of its first answer calling the node dead. */
  const firstDead = new Map<Kill, Map<string, number>>();
  let undetected = 0;
  let judged = 0;
  let notAgreed = 0;
  const notAgreedList: Array<Record<string, unknown>> = [];
  for (const k of faults.kills) {
    const until = Math.min(k.restartMs, k.atMs + o.deadlineMs);
    const seen = new Map<string, number>();
    firstDead.set(k, seen);
    let agreedAt = -Infinity;
    let everyoneAgreed = true;
    let judges = 0;
    let anyJudged = false;
    /** Judges that had not said dead for good, with the status of their last answer (null: never asked). */
    const notDead: Record<string, string | null> = {};
    for (const judge of o.nodes) {
      if (judge === k.node || overlaps(faults.outOfService.get(judge), k.announcedMs, until)) continue;
      // Answers about the killed instance: given before its restart began.
      const rs = (reports.get(judge) ?? []).filter((r) => r.members && r.invokeMs >= k.announcedMs && r.doneMs <= k.restartMs);
      const firstIdx = rs.findIndex((r) => r.members![k.node]?.status === "dead");
      if (firstIdx >= 0) {
        seen.set(judge, rs[firstIdx]!.doneMs);
        first.push(rs[firstIdx]!.doneMs - k.atMs);
      }
      let settled = rs.length;
      while (settled > 0 && rs[settled - 1]!.members![k.node]?.status === "dead") settled--;
      const askedLate = rs.some((r) => r.invokeMs >= k.atMs + o.deadlineMs);
      if (firstIdx >= 0 || askedLate) anyJudged = true;
      if (settled === rs.length) {
        everyoneAgreed = false; // never said dead, or took it back
        notDead[judge] = rs.length ? (rs[rs.length - 1]!.members![k.node]?.status ?? "missing") : null;
        if (askedLate) {
          undetected++;
          if (findings.undetected!.length < LISTED) {
            const last = rs[rs.length - 1]!;
            findings.undetected!.push({
              node: k.node,
              judge,
              "killed-at-ms": round(k.atMs),
              "last-answer-op": last.index,
              status: last.members![k.node]?.status,
              text: `${k.node}, killed at ${(k.atMs / 1000).toFixed(3)} s, was ${last.members![k.node]?.status} to ${judge} at ${(last.doneMs / 1000).toFixed(3)} s (op ${last.index}), ${((last.invokeMs - k.atMs) / 1000).toFixed(1)} s later, past the ${o.deadlineMs / 1000} s deadline${k.restartMs === Infinity ? "" : `; it was started again at ${(k.restartMs / 1000).toFixed(3)} s`}`,
            });
          }
        }
        continue;
      }
      judges++;
      agreedAt = Math.max(agreedAt, rs[settled]!.doneMs);
    }
    if (anyJudged) judged++;
    if (everyoneAgreed && judges > 0) agreed.push(agreedAt - k.atMs);
    else if (k.restartMs !== Infinity && Object.keys(notDead).length > 0) {
      // Left out of the agreement latencies, which would otherwise hide the
      // slowest detections behind short kills: counted and shown instead.
      notAgreed++;
      if (notAgreedList.length < LISTED) {
        const down = k.restartMs - k.atMs;
        const who = Object.entries(notDead).map(([j, st]) => `${j} ${st ?? "not asked"}`);
        notAgreedList.push({
          node: k.node,
          "killed-at-ms": round(k.atMs),
          "down-ms": round(down),
          "not-dead-at": notDead,
          text: `${k.node}, killed at ${(k.atMs / 1000).toFixed(3)} s, was started again ${(down / 1000).toFixed(1)} s later before every judge said dead (last answers: ${who.join(", ")})`,
        });
      }
    }
  }
  return { first, agreed, firstDead, undetected, judged, notAgreed, notAgreedList };
}

/** Recovery latency after the final heal, and nodes not recovered. */
function recoveryOf(faults: FaultTimeline, reports: Map<string, Report[]>, nodes: readonly string[], findings: Record<string, Array<Record<string, unknown>>>) {
  const healed = faults.lastHealMs ?? 0;
  const allAlive = (v: View) => nodes.every((id) => v[id]?.status === "alive");
  const missingFinal: string[] = [];
  let latency: number | undefined = 0;
  for (const node of nodes) {
    const rs = (reports.get(node) ?? []).filter((r) => r.members && r.invokeMs >= healed);
    const fin = rs.filter((r) => r.final);
    if (fin.length === 0) {
      missingFinal.push(node);
      latency = undefined;
      continue;
    }
    let from = rs.length;
    while (from > 0 && allAlive(rs[from - 1]!.members!)) from--;
    if (from === rs.length) {
      const v = fin[fin.length - 1]!.members!;
      const wrong = nodes.filter((id) => v[id]?.status !== "alive").map((id) => `${id} ${v[id]?.status ?? "missing"}`);
      findings["not-recovered"]!.push({ node, op: fin[fin.length - 1]!.index, text: `${node}'s final view, after the final heal and the recovery wait, still says ${wrong.join(", ")}` });
      latency = undefined;
      continue;
    }
    if (latency !== undefined) latency = Math.max(latency, rs[from]!.doneMs - healed);
  }
  if (findings["not-recovered"]!.length > 0) latency = undefined;
  return { latency: faults.lastHealMs === undefined ? undefined : latency, missingFinal };
}

/** Keys on which the nodes' final views name different owners (or lack one). */
function disagreementsOf(reports: Map<string, Report[]>, nodes: readonly string[], findings: Record<string, Array<Record<string, unknown>>>): number {
  const finals = nodes.flatMap((node) => {
    const fin = (reports.get(node) ?? []).filter((r) => r.final && r.owners);
    return fin.length ? [{ node, owners: fin[fin.length - 1]!.owners! }] : [];
  });
  if (finals.length === 0) return 0;
  const keys = [...new Set(finals.flatMap((f) => Object.keys(f.owners)))].sort();
  let count = 0;
  for (const key of keys) {
    const byOwner = new Map<string, string[]>();
    for (const f of finals) {
      const owner = f.owners[key] ?? "(none)";
      (byOwner.get(owner) ?? byOwner.set(owner, []).get(owner)!).push(f.node);
    }
    if (byOwner.size <= 1) continue;
    count++;
    if (findings["lookup-disagreement"]!.length < LISTED)
      findings["lookup-disagreement"]!.push({
        key,
        owners: Object.fromEntries(byOwner),
        text: `after recovery, key ${jsonText(key)} is owned by ${[...byOwner].map(([owner, who]) => `${owner} (says ${who.join(", ")})`).join(" and by ")}`,
      });
  }
  return count;
}

/**
 * Per kill and judge: the share of probe keys whose owner changed when the
 * judge dropped the killed node, with no other fault record between the two
 * lookups, nor within the grace before the first unless a view of the judge
 * given since that record calls every node alive: after a restart or a heal
 * the judge's ring may still lack a node that is back, and keys would then
 * move back to it rather than away from the killed node.
 */
function keysMoved(faults: FaultTimeline, reports: Map<string, Report[]>, firstDead: Map<Kill, Map<string, number>>, graceMs: number) {
  let sum = 0;
  let departed = 0;
  let samples = 0;
  let notDeparted = 0;
  const anyNemesis = (from: number, to: number) => faults.nemesisTimes.some((t) => t >= from && t < to);
  const allAlive = (v: View) => Object.values(v).every((m) => m.status === "alive");
  for (const [k, judges] of firstDead) {
    const after = faults.nemesisTimes.find((t) => t > k.atMs) ?? Infinity;
    for (const [judge, deadAt] of judges) {
      const lookups = (reports.get(judge) ?? []).filter((r) => r.owners && !r.final);
      const before = lookups.filter((r) => r.doneMs <= k.announcedMs).at(-1);
      const next = lookups.find((r) => r.invokeMs >= deadAt && r.doneMs <= after && r.doneMs <= k.restartMs);
      if (!before || !next || anyNemesis(before.invokeMs, k.announcedMs)) continue;
      // A fault record within the grace before the lookup: only a view of the
      // judge since then calling every node alive shows its ring current.
      const lastFault = faults.nemesisTimes.filter((t) => t < before.invokeMs).at(-1) ?? -Infinity;
      if (lastFault >= before.invokeMs - graceMs && !(reports.get(judge) ?? []).some((r) => r.members && r.invokeMs >= lastFault && r.doneMs <= before.invokeMs && allAlive(r.members))) continue;
      const keys = Object.keys(before.owners!);
      if (keys.length === 0) continue;
      const changed = keys.filter((key) => next.owners![key] !== before.owners![key]);
      sum += changed.length / keys.length;
      departed += keys.filter((key) => before.owners![key] === k.node).length / keys.length;
      notDeparted += changed.filter((key) => before.owners![key] !== k.node).length;
      samples++;
    }
  }
  return { fraction: samples ? sum / samples : 0, departedShare: samples ? departed / samples : 0, notDeparted, samples };
}
