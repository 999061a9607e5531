import { type ClusterDoc, type JobRecord, type JobStatus, jobId, jobIds, jobStatus, runningOn, type TaskRecord } from "./cluster-doc.js";
import { addCounts, type Counts } from "./word-count.js";

// The scheduler's decisions, pure: each takes a document (never changed) and
// returns the next one with what to tell workers. The node applies a decision
// by compare-and-set of the whole document, so decisions never interleave;
// time comes in as `now`, workers' liveness as a view.

/** One attempt of one task. Attempt numbers count up per task and are never reused. */
export interface TaskRef {
  job: string;
  task: number;
  attempt: number;
}

/** A task given to a worker: run_task carries all of it. */
export interface Assignment extends TaskRef {
  worker: string;
  instance: number;
  epoch: number;
}

/** What the leader believes of a worker: alive by SWIM, its slots and instance from its last answer to a poll (undefined: not heard from yet under this leader). */
export interface WorkerView {
  id: string;
  alive: boolean;
  slots: number;
  instance?: number;
}

/** A worker's result for one attempt. */
export interface Completion extends TaskRef {
  epoch: number;
  worker: string;
  /** The life of the worker that ran it (its instance when it was given the task). */
  instance: number;
  counts: Counts;
}

export type CompletionOutcome = "counted" | "done-already" | "not-current" | "stopped" | "unknown-job";

const copy = (doc: ClusterDoc): ClusterDoc => structuredClone(doc);
const isLeader = (doc: ClusterDoc, me: string, epoch: number) => doc.leader === me && doc.epoch === epoch;
const reopen = (t: TaskRecord) => {
  t.state = "open";
  delete t.worker;
  delete t.instance;
  delete t.epoch;
  delete t.at;
};

/** An ended job keeps only its task counts and result: the document stays as small as the jobs still running. */
const end = (job: JobRecord) => {
  job.ended = { tasks: job.tasks.length, done: job.tasks.filter((t) => t.state === "done").length };
  job.tasks = [];
};

/** `me` becomes leader: a new epoch, which fences every decision made under the old one. */
export function claimLeadership(doc: ClusterDoc, me: string, leaseMs: number): ClusterDoc {
  return { ...copy(doc), epoch: doc.epoch + 1, leader: me, beat: doc.beat + 1, leaseMs };
}

/** The leader of `epoch` renews its lease (one heartbeat); undefined if it no longer holds it. */
export function renewLease(doc: ClusterDoc, me: string, epoch: number): ClusterDoc | undefined {
  return isLeader(doc, me, epoch) ? { ...copy(doc), beat: doc.beat + 1 } : undefined;
}

/**
 * Adds a job of `taskCount` tasks whose inputs are under the lin-kv key
 * `input`. Input keys are unique per submit request, so a submit retried after
 * a CAS whose outcome was unknown finds its job instead of adding it twice.
 */
export function submitJob(doc: ClusterDoc, name: string, input: string, taskCount: number): { doc: ClusterDoc; jobId: string; added: boolean } {
  const existing = Object.entries(doc.jobs).find(([, j]) => j.input === input) ?? Object.entries(doc.archive).find(([, j]) => j.input === input);
  if (existing) return { doc, jobId: existing[0], added: false };
  const next = copy(doc);
  const id = jobId(next.nextJob++);
  next.jobs[id] = { name, input, tasks: Array.from({ length: taskCount }, () => ({ state: "open", attempt: 0 })), stopped: false, runs: 0, result: {} };
  if (taskCount === 0) end(next.jobs[id]!); // nothing to run: done at once
  return { doc: next, jobId: id, added: true };
}

/**
 * stop_job: a job that has not ended is stopped: its open tasks never start,
 * its running ones are cancelled (returned, for the node to tell their
 * workers), and it never becomes done. A job that ended keeps its status.
 */
export function stopJob(doc: ClusterDoc, id: string): { doc: ClusterDoc; status: JobStatus; cancels: Assignment[] } | undefined {
  const archived = Object.hasOwn(doc.archive, id) ? doc.archive[id] : undefined;
  if (archived) return { doc, status: archived.status, cancels: [] };
  const job = Object.hasOwn(doc.jobs, id) ? doc.jobs[id] : undefined;
  if (!job) return undefined;
  const status = jobStatus(job);
  if (status === "done" || status === "failed" || status === "stopped") return { doc, status, cancels: [] };
  const next = copy(doc);
  const cancels: Assignment[] = [];
  const stopped = next.jobs[id]!;
  stopped.stopped = true;
  stopped.tasks.forEach((t, task) => {
    if (t.state === "running") cancels.push({ job: id, task, attempt: t.attempt, worker: t.worker!, instance: t.instance!, epoch: t.epoch! });
  });
  end(stopped);
  return { doc: next, status: "stopped", cancels };
}

/**
 * A worker's result counts only if its attempt is the task's current running
 * attempt, on that worker and that life of it, under the epoch it was given in: so a late result
 * (of an attempt reassigned since, of a worker declared dead, of an older
 * leader's assignment the new leader reopened) or a duplicate is never
 * counted, and the count is added in the same change that marks the task done.
 */
export function completeTask(doc: ClusterDoc, c: Completion): { doc: ClusterDoc; outcome: CompletionOutcome } {
  const job = Object.hasOwn(doc.jobs, c.job) ? doc.jobs[c.job] : undefined;
  if (!job) return { doc, outcome: Object.hasOwn(doc.archive, c.job) ? "done-already" : "unknown-job" };
  if (job.stopped) return { doc, outcome: "stopped" };
  const t = job.tasks[c.task];
  if (job.ended || t?.state === "done") return { doc, outcome: "done-already" };
  if (!t || t.state !== "running" || t.attempt !== c.attempt || t.worker !== c.worker || t.instance !== c.instance || t.epoch !== c.epoch) return { doc, outcome: "not-current" };
  const next = copy(doc);
  const nj = next.jobs[c.job]!;
  const nt = nj.tasks[c.task]!;
  reopen(nt);
  nt.state = "done";
  next.tasksDone += 1;
  nj.result = addCounts(nj.result, c.counts);
  if (nj.tasks.every((x) => x.state === "done")) end(nj);
  return { doc: next, outcome: "counted" };
}

/** Ended jobs still in the document: the node writes each one's record under archiveKey, then archives them. */
export function endedJobs(doc: ClusterDoc): string[] {
  return jobIds(doc).filter((id) => doc.jobs[id]!.ended !== undefined);
}

/** Moves ended jobs (whose records are stored under archiveKey) out of the document, keeping name, input and status. */
export function archiveJobs(doc: ClusterDoc, ids: readonly string[]): ClusterDoc {
  const next = copy(doc);
  for (const id of ids) {
    const job = Object.hasOwn(next.jobs, id) ? next.jobs[id] : undefined;
    if (!job?.ended) continue;
    next.archive[id] = { name: job.name, input: job.input, status: job.stopped ? "stopped" : "done" };
    delete next.jobs[id];
  }
  return next;
}

export interface ScheduleInput {
  me: string;
  epoch: number;
  now: number;
  workers: readonly WorkerView[];
  /** Whether the leader holds a job's inputs (it reads them from lin-kv before assigning its tasks). */
  ready: (jobId: string) => boolean;
  /** false only in the faulty fixture: the tasks of a dead or restarted worker stay running forever. */
  reassignLost?: boolean;
}

/**
 * The leader's periodic decision. First, tasks running on a worker believed
 * dead, or on an earlier instance of a worker that has restarted since, go
 * back to open. Then open tasks of unstopped jobs, oldest job first, go to the
 * free slots of alive workers heard from (the one with most free slots
 * first), each a new attempt under this epoch. Nothing changes unless `me`
 * holds the lease of `epoch`.
 */
export function schedule(doc: ClusterDoc, s: ScheduleInput): { doc: ClusterDoc; assignments: Assignment[]; reopened: TaskRef[] } {
  if (!isLeader(doc, s.me, s.epoch)) return { doc, assignments: [], reopened: [] };
  const next = copy(doc);
  const views = new Map(s.workers.map((w) => [w.id, w]));
  for (const w of s.workers) {
    if (w.instance !== undefined) next.workers[w.id] = { slots: w.slots, instance: w.instance, alive: w.alive };
    else {
      const known = next.workers[w.id];
      if (known) next.workers[w.id] = { ...known, alive: w.alive };
    }
  }
  const reopened: TaskRef[] = [];
  if (s.reassignLost ?? true) {
    for (const id of jobIds(next)) {
      next.jobs[id]!.tasks.forEach((t, task) => {
        if (t.state !== "running") return;
        const v = views.get(t.worker!);
        if (v && (!v.alive || (v.instance !== undefined && v.instance !== t.instance))) {
          reopened.push({ job: id, task, attempt: t.attempt });
          reopen(t);
        }
      });
    }
  }
  const free = new Map<string, number>();
  for (const w of s.workers) if (w.alive && w.instance !== undefined) free.set(w.id, w.slots - runningOn(next, w.id));
  const assignments: Assignment[] = [];
  for (const id of jobIds(next)) {
    const job = next.jobs[id]!;
    if (job.stopped || !s.ready(id)) continue;
    job.tasks.forEach((t, task) => {
      if (t.state !== "open") return;
      let best: string | undefined;
      for (const [w, n] of free) if (n > 0 && (best === undefined || n > free.get(best)!)) best = w;
      if (best === undefined) return;
      free.set(best, free.get(best)! - 1);
      t.state = "running";
      t.attempt += 1;
      t.worker = best;
      t.instance = views.get(best)!.instance!;
      t.epoch = s.epoch;
      t.at = s.now;
      job.runs += 1;
      assignments.push({ job: id, task, attempt: t.attempt, worker: best, instance: t.instance, epoch: s.epoch });
    });
  }
  return { doc: next, assignments, reopened };
}

export interface ReconcileInput {
  me: string;
  epoch: number;
  worker: string;
  /** The worker's answer to a poll: its instance and the attempts it is running. */
  instance: number;
  running: readonly TaskRef[];
  /** When the poll was sent (leader's clock). */
  pollSentAt: number;
  /** A run_task may still be on its way when the worker answers: an assignment this young is not missed yet. */
  graceMs: number;
  reassignLost?: boolean;
}

/**
 * The leader compares a worker's answer to a poll with the document: a task
 * the document says runs there but the worker does not have (its run_task was
 * lost, or the worker restarted) goes back to open once its assignment is
 * older than the grace; an attempt the worker runs that is no longer current
 * (reassigned, stopped, done) is returned in `cancels`, to stop it.
 */
export function reconcile(doc: ClusterDoc, r: ReconcileInput): { doc: ClusterDoc; reopened: TaskRef[]; cancels: TaskRef[] } {
  if (!isLeader(doc, r.me, r.epoch)) return { doc, reopened: [], cancels: [] };
  const next = copy(doc);
  const has = new Set(r.running.map((x) => `${x.job}/${x.task}/${x.attempt}`));
  const reopened: TaskRef[] = [];
  if (r.reassignLost ?? true) {
    for (const id of jobIds(next)) {
      next.jobs[id]!.tasks.forEach((t, task) => {
        if (t.state !== "running" || t.worker !== r.worker) return;
        // An assignment of an earlier epoch is old enough at once: its leader sent run_task right after its
        // CAS and has not renewed its lease for a whole lease since (a run_task still to come, from a leader
        // that was paused, is fenced: its result is not current, and the next poll cancels it).
        const missing = !has.has(`${id}/${task}/${t.attempt}`) && (t.epoch !== r.epoch || t.at! + r.graceMs <= r.pollSentAt);
        if (t.instance !== r.instance || missing) {
          reopened.push({ job: id, task, attempt: t.attempt });
          reopen(t);
        }
      });
    }
  }
  const cancels = r.running.filter((x) => {
    const t = next.jobs[x.job]?.tasks[x.task];
    return !(t?.state === "running" && t.attempt === x.attempt && t.worker === r.worker);
  });
  return { doc: reopened.length > 0 ? next : doc, reopened, cancels };
}
