import type { Counts } from "./word-count.js";

/**
 * The whole durable state of a job-worker cluster: one JSON document under one
 * lin-kv key. Every change is a read-modify-compare-and-set of the whole
 * document, so two changes never interleave, and a node acting on an outdated
 * copy (a leader that lost its lease, a worker's late result) fails its CAS
 * instead of overwriting a newer decision. The functions in scheduler.ts make
 * every change; this file is the shape and the read-only views.
 */
export interface ClusterDoc {
  /** Bumped by each new leader; every assignment carries the epoch it was made in. */
  epoch: number;
  /** The node holding the lease, or null before anyone claimed it. */
  leader: string | null;
  /**
   * The leader's heartbeat: bumped each time it renews its lease. A follower
   * that sees it unchanged for `leaseMs` on its own clock takes over. Nodes'
   * clocks are not compared (each process has its own), only durations.
   */
  beat: number;
  leaseMs: number;
  /** The number of the next job submitted. */
  nextJob: number;
  /**
   * Tasks marked done so far, over every job (archived ones too): bumped in the
   * change that counts a task's result, never lowered, so cluster_status can
   * show progress without naming a job.
   */
  tasksDone: number;
  /** Each worker the leader has heard from: its slots, its instance (drawn at each start), whether the leader believes it alive. */
  workers: Record<string, WorkerRecord>;
  jobs: Record<string, JobRecord>;
  /**
   * Ended jobs moved out of `jobs`: each one's final record is under its own
   * key (archiveKey), written before it was moved; here only what list_jobs
   * and a retried submit need. Keeps the document the size of the jobs still
   * running, where every change is a CAS of the whole document.
   */
  archive: Record<string, ArchivedJob>;
}

export interface ArchivedJob {
  name: string;
  input: string;
  status: "done" | "stopped";
}

/** The lin-kv key of an ended job's final record. */
export const archiveKey = (id: string) => `job-worker/job/${id}`;

export interface WorkerRecord {
  slots: number;
  instance: number;
  alive: boolean;
}

export interface JobRecord {
  name: string;
  /** The lin-kv key holding the job's inputs (written, once, before the job was added here). */
  input: string;
  /** One record per task while the job runs; emptied once it ends (see `ended`), to keep the document small. */
  tasks: TaskRecord[];
  /** Set when the job ends (done or stopped): how many tasks it had, and how many were done. */
  ended?: { tasks: number; done: number };
  /** Set by stop_job; a stopped job never starts another task and never becomes done. */
  stopped: boolean;
  /** Task starts, in all (task_runs). */
  runs: number;
  /** The sum of the counts of the done tasks, each added once, in the CAS that marked it done. */
  result: Counts;
}

export type TaskState = "open" | "running" | "done";

export interface TaskRecord {
  state: TaskState;
  /** Attempts started so far; while running, the running attempt's number (1, 2, ...). */
  attempt: number;
  /** While running: where, in which instance of that node, under which epoch, and when (on that epoch's leader's clock). */
  worker?: string;
  instance?: number;
  epoch?: number;
  at?: number;
}

export type JobStatus = "not_started" | "in_progress" | "done" | "failed" | "stopped";

export const emptyDoc = (): ClusterDoc => ({ epoch: 0, leader: null, beat: 0, leaseMs: 0, nextJob: 1, tasksDone: 0, workers: {}, jobs: {}, archive: {} });

/**
 * A job's status, a function of the document that only moves forward:
 * not_started until a task first starts, then in_progress, then done (every
 * task done) or stopped. "failed" is never given: a task is retried until it
 * is done or its job stopped.
 */
export function jobStatus(job: JobRecord): JobStatus {
  if (job.stopped) return "stopped";
  if (job.ended || job.tasks.every((t) => t.state === "done")) return "done";
  return job.runs === 0 ? "not_started" : "in_progress";
}

/**
 * Task counts for job_status. Open means waiting for a slot: the tasks of a
 * stopped job that were not done never start again, so they are neither open
 * nor running (the three then add up to less than the task count).
 */
export function taskCounts(job: JobRecord): { open: number; running: number; done: number } {
  if (job.ended) return { open: 0, running: 0, done: job.ended.done };
  let running = 0;
  let done = 0;
  for (const t of job.tasks) {
    if (t.state === "running") running++;
    else if (t.state === "done") done++;
  }
  return { open: job.tasks.length - running - done, running, done };
}

/** Tasks waiting for a slot, over every job (a stopped job's tasks never wait: see taskCounts). */
export function openTasks(doc: ClusterDoc): number {
  let n = 0;
  for (const job of Object.values(doc.jobs)) if (!job.ended && !job.stopped) for (const t of job.tasks) if (t.state === "open") n++;
  return n;
}

/** The count of tasks of a job, ended or not. */
export const taskTotal = (job: JobRecord) => job.ended?.tasks ?? job.tasks.length;

/** How many tasks run on `worker`, by the document. */
export function runningOn(doc: ClusterDoc, worker: string): number {
  let n = 0;
  for (const job of Object.values(doc.jobs)) for (const t of job.tasks) if (t.state === "running" && t.worker === worker) n++;
  return n;
}

/** Job ids in submission order ("job-2" before "job-10"). */
export function jobIds(doc: ClusterDoc): string[] {
  return Object.keys(doc.jobs).sort((a, b) => jobNumber(a) - jobNumber(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export const jobId = (n: number) => `job-${n}`;
const jobNumber = (id: string) => Number(id.slice(4)) || 0;
