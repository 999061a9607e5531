import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { faultTimeline, overlaps } from "./membership-faults.js";
import { pairCompletions } from "./pair-ops.js";
import { frequencyDistribution } from "./set-full.js";

/** How many findings of each kind the result lists (all are counted). */
const LISTED = 20;

export const JOB_STATUSES = ["not_started", "in_progress", "done", "failed", "stopped"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type WordCounts = Record<string, number>;
export interface TaskCounts {
  open: number;
  running: number;
  done: number;
}
export interface TaskInput {
  text: string;
  work_ms?: number;
}
export interface JobSpec {
  name: string;
  tasks: TaskInput[];
}

/** One job's entry in a final op's value: what the final phase last learned of it. */
export interface FinalEntry {
  job_id: string;
  status?: JobStatus;
  tasks?: TaskCounts;
  result?: WordCounts;
  task_runs?: number;
  /** The last RPC failure, when the final phase could not learn the job's end. */
  error?: unknown;
}

/** The protocol's word count: split on runs of whitespace, empty strings dropped, case-sensitive. */
export function wordCount(text: string): WordCounts {
  const out: WordCounts = {};
  for (const w of text.split(/\s+/)) if (w !== "") out[w] = (out[w] ?? 0) + 1;
  return out;
}

/** A job's expected result: the sum of its tasks' word counts, each task once. */
export function expectedResult(job: JobSpec): WordCounts {
  const out: WordCounts = {};
  for (const t of job.tasks) for (const [w, n] of Object.entries(wordCount(t.text))) out[w] = (out[w] ?? 0) + n;
  return out;
}

/** The first word (in sorted order) whose count differs, or undefined when the two are equal. */
export function firstDifference(expected: WordCounts, got: WordCounts): { word: string; expected: number; got: number } | undefined {
  const words = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
  for (const word of words) {
    const e = Object.hasOwn(expected, word) ? expected[word]! : 0;
    const g = Object.hasOwn(got, word) ? got[word]! : 0;
    if (e !== g) return { word, expected: e, got: g };
  }
  return undefined;
}

/** One thing a reply said about one job, with the span in which it was true. */
interface Obs {
  job: string;
  status: JobStatus;
  /** Tasks done, when the reply said (a result says all). */
  done?: number;
  tasks?: TaskCounts;
  invMs: number;
  atMs: number;
  /** The completion's history index. */
  index: number;
  f: string;
}

interface Acked {
  job: string;
  spec: JobSpec;
  expected: WordCounts;
  submitMs: number;
  /** When the submit completed ok: from then on the cluster knows the job. */
  ackMs: number;
  index: number;
}

/** A reply that said a job does not exist (error 20), or a list_jobs reply (every job acknowledged before it must be on it). */
interface NotFound {
  job: string;
  invMs: number;
  index: number;
  f: string;
}
interface JobList {
  ids: Set<string>;
  invMs: number;
  index: number;
}

/** Error 20's name in an op's `error` ([name, text], as with-errors records an error reply). */
const NOT_FOUND = "key-does-not-exist";
const isNotFound = (error: unknown) => Array.isArray(error) && error[0] === NOT_FOUND;

const ms = (op: Op) => op.time / 1e6;
const round = (x: number) => Math.round(x * 1000) / 1000;
const quantiles = (xs: readonly number[]) => frequencyDistribution(xs.map(round));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isStatus = (v: unknown): v is JobStatus => (JOB_STATUSES as readonly unknown[]).includes(v);
/** The order a job's status may only move forward in; failed and stopped are terminal, beside done. */
const RANK: Record<JobStatus, number> = { not_started: 0, in_progress: 1, done: 2, failed: 2, stopped: 2 };
const TERMINAL = (s: JobStatus) => s === "done" || s === "failed" || s === "stopped";
/** The job key under which cluster_status's tasks_done joins the observations of progress (no job id can be this). */
const CLUSTER = "\u0000cluster";

/**
 * The jobs workload's checker (ours), from the history alone. Submits
 * acknowledged with a job id oblige the cluster to finish that job; every
 * other reply about a job is an observation of it, true somewhere between the
 * op's invocation and its completion: job_status (status and task counts),
 * job_result (done, with a result), list_jobs (status), stop_job (status after
 * the stop) and the final phase's entries. It reports:
 * - the jobs not finished: each acknowledged job must have had its correct
 *   result fetched at least once, or been seen stopped by a reply completing
 *   after a stop_job for it was invoked (ok or info; a fail is definite:
 *   nothing was stopped). What some reply showed, not the last reply: one
 *   concurrent with it may show an earlier state, and a job moving back after
 *   its end is a regression. A submit that ended info obliges nothing.
 * - lost jobs: an error 20 (no such job) to a job_status, job_result,
 *   stop_job or final ask invoked after the job's submit completed ok, or a
 *   list_jobs reply invoked after that without the job;
 * - wrong results: every returned result that is not the sum of the job's
 *   tasks' word counts (each task counted once), with the first differing word;
 * - regressions: an observation invoked after another had completed that
 *   moves the job back (not_started < in_progress < done; done, failed and
 *   stopped are terminal: after one the status never changes);
 * - job latencies: from the submit's invocation to the first observation of done;
 * - leader recovery: for each kill hitting the node the last cluster_status
 *   reply (before the kill) named leader, the time to the completion of the
 *   first reply proving progress after the kill: a job's done-task count, or
 *   the cluster's (cluster_status's tasks_done), above what a reply invoked
 *   after the kill had shown, or a job done that such a reply had shown not
 *   done (a job submitted after the kill starts at nothing done). Measured to
 *   the completion, so the polling is included;
 * - task reruns: over done jobs, task_runs (the largest reported) minus the task count;
 * - slot utilisation: the mean of (sum of running) / total_slots over
 *   cluster_status replies; and, while healthy with work queued, the same over
 *   the replies that said healthy and open_tasks above 0 (from the same read
 *   of the cluster's state as their running counts) while no fault of the
 *   nemesis was in force (no node killed, paused or cut off by a partition
 *   from invocation to completion: the cluster may not have noticed a fault
 *   yet and still call itself healthy), with how many replies that was;
 * - tasks_done going back: a cluster_status reply invoked after another had
 *   completed showing fewer tasks done in all (the cluster lost work it had
 *   reported).
 * Valid iff no job is unfinished or lost, no wrong result, no regression (of a
 * job's status or of tasks_done), no job id given to two submits, and no
 * task_runs below the task count. `nodes` (the test's) defaults to the
 * workers cluster_status replies name.
 */
export function jobsChecker(history: readonly Op[], nodes?: readonly string[]): CheckResult {
  const pairs = pairCompletions(history);
  const acked = new Map<string, Acked>();
  const duplicates: Array<Record<string, unknown>> = [];
  /** Per job, the earliest invocation of a stop_job that may have stopped it (ok or info). */
  const stopRequested = new Map<string, number>();
  const notFound: NotFound[] = [];
  const lists: JobList[] = [];
  const obs: Obs[] = [];
  const results: Array<{ job: string; result: WordCounts; taskRuns?: number; index: number; atMs: number }> = [];
  const cluster: Array<{ invMs: number; atMs: number; healthy: boolean; share: number; openTasks: number; index: number }> = [];
  /** cluster_status's tasks_done, as observations of the whole cluster's progress. */
  const totals: Array<{ invMs: number; atMs: number; index: number; done: number }> = [];
  const named = new Set<string>();
  const clusterLeaders: Array<{ atMs: number; leader: string | null }> = [];
  const kills: Array<{ atMs: number; nodes: string[]; index: number }> = [];

  for (const op of history) {
    if (op.process === "nemesis") {
      if (op.f === "kill" && isObject(op.value)) kills.push({ atMs: ms(op), nodes: Object.keys(op.value).filter((n) => (op.value as Record<string, unknown>)[n] === "killed"), index: op.index });
      continue;
    }
    if (op.type === "invoke") continue;
    const inv = pairs.get(op.index);
    if (!inv) continue;
    const base = { invMs: ms(inv), atMs: ms(op), index: op.index, f: op.f };
    const v = op.value as Record<string, unknown> | null;
    if (op.f === "stop_job" && op.type !== "fail" && isObject(inv.value) && typeof inv.value.job_id === "string") stopRequested.set(inv.value.job_id, Math.min(stopRequested.get(inv.value.job_id) ?? Infinity, base.invMs));
    if (op.type === "fail" && isNotFound(op.error) && isObject(inv.value) && typeof inv.value.job_id === "string") notFound.push({ job: inv.value.job_id, invMs: base.invMs, index: op.index, f: op.f });
    if (op.type !== "ok" || (!isObject(v) && op.f !== "list_jobs")) continue;
    switch (op.f) {
      case "submit": {
        const job = v!.job as JobSpec;
        const id = v!.job_id as string;
        if (acked.has(id)) {
          duplicates.push({ job: id, "first-op": acked.get(id)!.index, "second-op": op.index, text: `job id ${id} was given to two submits (ops ${acked.get(id)!.index} and ${op.index})` });
          continue;
        }
        acked.set(id, { job: id, spec: job, expected: expectedResult(job), submitMs: base.invMs, ackMs: base.atMs, index: op.index });
        break;
      }
      case "job_status": {
        const tasks = v!.tasks as TaskCounts;
        obs.push({ ...base, job: v!.job_id as string, status: v!.status as JobStatus, done: tasks.done, tasks });
        break;
      }
      case "job_result":
        obs.push({ ...base, job: v!.job_id as string, status: "done" });
        results.push({ job: v!.job_id as string, result: v!.result as WordCounts, taskRuns: v!.task_runs as number, index: op.index, atMs: base.atMs });
        break;
      case "stop_job":
        if (isStatus(v!.status)) obs.push({ ...base, job: v!.job_id as string, status: v!.status });
        break;
      case "list_jobs": {
        const entries = ((v ?? {}).jobs as Array<{ job_id: string; status: JobStatus }> | undefined) ?? [];
        for (const e of entries) obs.push({ ...base, job: e.job_id, status: e.status });
        lists.push({ ids: new Set(entries.map((e) => e.job_id)), invMs: base.invMs, index: op.index });
        break;
      }
      case "cluster_status": {
        const byNode = (v!.workers ?? {}) as Record<string, { running: number }>;
        for (const id of Object.keys(byNode)) named.add(id);
        const workers = Object.values(byNode);
        const total = v!.total_slots as number;
        const running = workers.reduce((s, w) => s + w.running, 0);
        if (total > 0) cluster.push({ invMs: base.invMs, atMs: base.atMs, healthy: v!.health === "healthy", share: running / total, openTasks: (v!.open_tasks as number) ?? 0, index: op.index });
        if (typeof v!.tasks_done === "number") totals.push({ invMs: base.invMs, atMs: base.atMs, index: op.index, done: v!.tasks_done });
        clusterLeaders.push({ atMs: base.atMs, leader: (v!.leader as string | null) ?? null });
        break;
      }
      case "final":
        for (const e of (v!.jobs ?? []) as FinalEntry[]) {
          // The final op was invoked after every submit had completed: an error 20 in it came after each acknowledgement.
          if (isNotFound(e.error)) notFound.push({ job: e.job_id, invMs: base.invMs, index: op.index, f: "final" });
          if (e.status !== undefined) obs.push({ ...base, job: e.job_id, status: e.status, done: e.tasks?.done, tasks: e.tasks });
          if (e.result !== undefined) {
            obs.push({ ...base, job: e.job_id, status: "done" });
            results.push({ job: e.job_id, result: e.result, taskRuns: e.task_runs, index: op.index, atMs: base.atMs });
          }
        }
        break;
    }
  }

  // Observations of acknowledged jobs only (a list may show the job of an info submit: it obliges nothing); a result says all tasks done.
  const known = obs.filter((o) => acked.has(o.job));
  for (const o of known) if (o.status === "done" && o.done === undefined) o.done = acked.get(o.job)!.spec.tasks.length;
  const byJob = new Map<string, Obs[]>();
  for (const o of known) (byJob.get(o.job) ?? byJob.set(o.job, []).get(o.job)!).push(o);

  // Wrong results, and impossible task_runs.
  let wrong = 0;
  const wrongList: Array<Record<string, unknown>> = [];
  const impossibleRuns: Array<Record<string, unknown>> = [];
  const correctFetched = new Set<string>();
  const maxRuns = new Map<string, number>();
  for (const r of results) {
    const a = acked.get(r.job);
    if (!a) continue;
    const diff = firstDifference(a.expected, r.result);
    if (diff) {
      wrong++;
      if (wrongList.length < LISTED)
        wrongList.push({ job: r.job, op: r.index, expected: a.expected, got: r.result, "first-difference": diff, text: `job ${r.job} (op ${r.index}): "${diff.word}" counted ${diff.got}, expected ${diff.expected}` });
    } else correctFetched.add(r.job);
    if (typeof r.taskRuns === "number") {
      maxRuns.set(r.job, Math.max(maxRuns.get(r.job) ?? 0, r.taskRuns));
      if (r.taskRuns < a.spec.tasks.length && impossibleRuns.length < LISTED)
        impossibleRuns.push({ job: r.job, op: r.index, "task-runs": r.taskRuns, tasks: a.spec.tasks.length, text: `job ${r.job} (op ${r.index}) says its tasks ran ${r.taskRuns} times in all, but it has ${a.spec.tasks.length} tasks` });
    }
  }
  const impossibleCount = results.filter((r) => acked.has(r.job) && typeof r.taskRuns === "number" && r.taskRuns < acked.get(r.job)!.spec.tasks.length).length;

  // Regressions.
  let regressed = 0;
  const regressions: Array<Record<string, unknown>> = [];
  for (const [job, list] of byJob) {
    const byDone = [...list].sort((a, b) => a.atMs - b.atMs || a.index - b.index);
    const byInv = [...list].sort((a, b) => a.invMs - b.invMs || a.index - b.index);
    let k = 0;
    let highest: Obs | undefined;
    let terminal: Obs | undefined;
    for (const b of byInv) {
      while (k < byDone.length && byDone[k]!.atMs < b.invMs) {
        const p = byDone[k++]!;
        if (!terminal && TERMINAL(p.status)) terminal = p;
        if (!highest || RANK[p.status] > RANK[highest.status]) highest = p;
      }
      const from = terminal && b.status !== terminal.status ? terminal : highest && !TERMINAL(b.status) && RANK[b.status] < RANK[highest.status] ? highest : undefined;
      if (!from) continue;
      regressed++;
      if (regressions.length < LISTED)
        regressions.push({ job, from: from.status, to: b.status, "from-op": from.index, "to-op": b.index, text: `job ${job} was ${from.status} (${from.f}, op ${from.index}, done at ${(from.atMs / 1000).toFixed(3)} s), then ${b.status} (${b.f}, op ${b.index}, invoked at ${(b.invMs / 1000).toFixed(3)} s)` });
    }
  }

  // tasks_done going back: a reply invoked after another completed shows fewer.
  const totalRegressions: Array<Record<string, unknown>> = [];
  let totalRegressed = 0;
  {
    const byDone = [...totals].sort((a, b) => a.atMs - b.atMs || a.index - b.index);
    const byInv = [...totals].sort((a, b) => a.invMs - b.invMs || a.index - b.index);
    let k = 0;
    let highest: (typeof totals)[number] | undefined;
    for (const b of byInv) {
      while (k < byDone.length && byDone[k]!.atMs < b.invMs) {
        const p = byDone[k++]!;
        if (!highest || p.done > highest.done) highest = p;
      }
      if (!highest || b.done >= highest.done) continue;
      totalRegressed++;
      if (totalRegressions.length < LISTED)
        totalRegressions.push({ from: highest.done, to: b.done, "from-op": highest.index, "to-op": b.index, text: `cluster_status said ${highest.done} tasks done in all (op ${highest.index}, done at ${(highest.atMs / 1000).toFixed(3)} s), then ${b.done} (op ${b.index}, invoked at ${(b.invMs / 1000).toFixed(3)} s)` });
    }
  }

  // Each acknowledged job's end, and its latency.
  const unfinished: Array<Record<string, unknown>> = [];
  let unfinishedCount = 0;
  let completed = 0;
  let stopped = 0;
  let reruns = 0;
  const latencies: number[] = [];
  for (const a of acked.values()) {
    const list = byJob.get(a.job) ?? [];
    const firstDone = list.filter((o) => o.status === "done").sort((x, y) => x.atMs - y.atMs)[0];
    if (firstDone) latencies.push(firstDone.atMs - a.submitMs);
    const last = [...list].sort((x, y) => x.atMs - y.atMs || x.index - y.index).at(-1);
    // Finished is something a reply showed once, not the last reply's word: a reply concurrent with the one showing
    // the end may show an earlier state, and a job going back after its end is the regression check's to report.
    const stopAt = stopRequested.get(a.job);
    const stoppedSeen = list.filter((o) => o.status === "stopped");
    let why: string | undefined;
    if (correctFetched.has(a.job)) {
      completed++;
      reruns += Math.max(0, (maxRuns.get(a.job) ?? a.spec.tasks.length) - a.spec.tasks.length);
    } else if (stopAt !== undefined && stoppedSeen.some((o) => o.atMs >= stopAt)) stopped++;
    else if (!last) why = "never observed after its submit";
    else if (stoppedSeen.length) why = stopAt === undefined ? "stopped, though no stop_job was requested for it" : "stopped before any stop_job for it was invoked";
    else if (list.some((o) => o.status === "done")) why = "done, but no correct result was ever fetched";
    else why = `last seen ${last.status}`;
    if (!why) continue;
    unfinishedCount++;
    if (unfinished.length < LISTED) {
      const counts = [...list].reverse().find((o) => o.tasks)?.tasks;
      unfinished.push({ job: a.job, name: a.spec.name, tasks: a.spec.tasks.length, status: last?.status ?? null, "last-counts": counts ?? null, "last-op": last?.index ?? null, "submit-op": a.index, text: `job ${a.job} (${a.spec.name}, ${a.spec.tasks.length} tasks, submitted op ${a.index}): ${why}${counts ? `; last counts open ${counts.open}, running ${counts.running}, done ${counts.done}` : ""}` });
    }
  }

  // Lost jobs: the cluster said it does not know a job it had acknowledged before the request was invoked.
  const lostJobs = new Map<string, Record<string, unknown>>();
  const lose = (a: Acked, op: number, how: string) => {
    if (!lostJobs.has(a.job)) lostJobs.set(a.job, { job: a.job, name: a.spec.name, op, "submit-op": a.index, text: `job ${a.job} (${a.spec.name}, submit op ${a.index} acknowledged at ${(a.ackMs / 1000).toFixed(3)} s): ${how}` });
  };
  for (const n of [...notFound].sort((x, y) => x.index - y.index)) {
    const a = acked.get(n.job);
    if (a && a.ackMs < n.invMs) lose(a, n.index, `${n.f} (op ${n.index}, invoked at ${(n.invMs / 1000).toFixed(3)} s) answered error 20: no such job`);
  }
  for (const l of lists) for (const a of acked.values()) if (a.ackMs < l.invMs && !l.ids.has(a.job)) lose(a, l.index, `missing from list_jobs (op ${l.index}, invoked at ${(l.invMs / 1000).toFixed(3)} s)`);

  const progressObs: Obs[] = [...known, ...totals.map((t) => ({ job: CLUSTER, status: "in_progress" as const, done: t.done, invMs: t.invMs, atMs: t.atMs, index: t.index, f: "cluster_status" }))];
  const leader = leaderRecovery(kills, clusterLeaders, progressObs, acked);
  const meanOf = (xs: readonly number[]) => (xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
  const faults = faultTimeline(history, nodes ?? [...named]);
  const faulted = [...faults.outOfService.values(), ...faults.hidden.values()].flat();
  const queued = cluster.filter((c) => c.healthy && c.openTasks > 0 && !overlaps(faulted, c.invMs, c.atMs)).map((c) => c.share);

  const valid = unfinishedCount === 0 && lostJobs.size === 0 && wrong === 0 && regressed === 0 && totalRegressed === 0 && duplicates.length === 0 && impossibleCount === 0;
  return {
    "valid?": valid,
    "acknowledged-count": acked.size,
    "completed-count": completed,
    "stopped-count": stopped,
    "unfinished-count": unfinishedCount,
    "lost-count": lostJobs.size,
    "wrong-result-count": wrong,
    "regressed-status-count": regressed,
    "regressed-tasks-done-count": totalRegressed,
    "duplicate-job-id-count": duplicates.length,
    "impossible-task-runs-count": impossibleCount,
    "job-latencies": quantiles(latencies),
    "leader-kill-count": leader.kills.length,
    "leader-recovery-latencies": quantiles(leader.latencies),
    ...(leader.kills.length ? { "leader-kills": leader.kills } : {}),
    "task-rerun-count": reruns,
    "slot-utilisation": meanOf(cluster.map((c) => c.share)),
    "slot-utilisation-while-queued": meanOf(queued),
    "slot-utilisation-while-queued-count": queued.length,
    "cluster-status-count": cluster.length,
    ...(unfinished.length ? { unfinished } : {}),
    ...(lostJobs.size ? { lost: [...lostJobs.values()].slice(0, LISTED) } : {}),
    ...(wrongList.length ? { "wrong-results": wrongList } : {}),
    ...(regressions.length ? { regressions } : {}),
    ...(totalRegressions.length ? { "tasks-done-regressions": totalRegressions } : {}),
    ...(duplicates.length ? { "duplicate-job-ids": duplicates.slice(0, LISTED) } : {}),
    ...(impossibleRuns.length ? { "impossible-task-runs": impossibleRuns } : {}),
  };
}

/**
 * For each kill of the node the last cluster_status reply before it named
 * leader: the time to the first reply proving a job progressed after the
 * kill. Only replies invoked after the kill count: the least done count (and
 * done-ness) they show for a job bounds its state at the kill from above, so
 * a later reply showing more proves progress since (a job submitted after the
 * kill had nothing done at it). The cluster's tasks_done is one more such
 * "job" (under CLUSTER), which any cluster_status reply shows.
 */
function leaderRecovery(kills: ReadonlyArray<{ atMs: number; nodes: string[]; index: number }>, leaders: ReadonlyArray<{ atMs: number; leader: string | null }>, known: readonly Obs[], acked: Map<string, Acked>) {
  const byCompletion = [...known].sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  const latencies: number[] = [];
  const out: Array<Record<string, unknown>> = [];
  for (const k of kills) {
    const named = [...leaders].filter((l) => l.atMs <= k.atMs).at(-1)?.leader;
    if (!named || !k.nodes.includes(named)) continue;
    const bound = new Map<string, { done: number; isDone: boolean }>();
    for (const a of acked.values()) if (a.submitMs >= k.atMs) bound.set(a.job, { done: 0, isDone: false });
    let progress: Obs | undefined;
    for (const o of byCompletion) {
      if (o.invMs < k.atMs) continue;
      const isDone = o.status === "done";
      const b = bound.get(o.job);
      if (b && ((o.done !== undefined && o.done > b.done) || (isDone && !b.isDone))) {
        progress = o;
        break;
      }
      // Without a count (a list's status) the bound's count is unknown: infinite until a count is seen.
      bound.set(o.job, { done: Math.min(b?.done ?? Infinity, o.done ?? Infinity), isDone: (b?.isDone ?? true) && isDone });
    }
    const latency = progress ? progress.atMs - k.atMs : null;
    if (latency !== null) latencies.push(latency);
    out.push({ leader: named, "kill-op": k.index, "at-ms": round(k.atMs), "recovery-ms": latency === null ? null : round(latency), "progress-op": progress?.index ?? null, ...(progress ? (progress.job === CLUSTER ? { "progress-tasks-done": progress.done } : { "progress-job": progress.job }) : {}) });
  }
  return { latencies, kills: out };
}
