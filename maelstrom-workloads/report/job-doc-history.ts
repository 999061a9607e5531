import type { JournalMessage } from "./report-types.js";

/** The lin-kv key of a job-worker cluster's document (nodes/job-worker.ts). */
export const JOB_DOC_KEY = "job-worker/cluster";
/** The service the document lives in. */
export const JOB_DOC_SERVICE = "lin-kv";

/** One attempt of one task on one worker, as the cluster document recorded it. */
export interface TaskRun {
  job: string;
  task: number;
  attempt: number;
  worker: string;
  /** The epoch the attempt was assigned in. */
  epoch: number;
  /** When a CAS made it running there, and when one made it done, open again, or ended its job (Infinity: still running at the last CAS). */
  fromNs: number;
  toNs: number;
  /** done; reopened (open again, or another attempt took its place); stopped (its job was stopped); gone (its job left the document otherwise); running (never ended). */
  outcome: "done" | "reopened" | "stopped" | "gone" | "running";
}

/** A node holding the lease for one epoch, from the first CAS of that epoch until the next epoch's first. */
export interface LeaderTerm {
  epoch: number;
  leader: string;
  fromNs: number;
  toNs: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The document's successive versions: each CAS of JOB_DOC_KEY sent to lin-kv
 * that lin-kv answered cas_ok, with its `to`, at the time of the answer
 * (lin-kv applies a CAS as it answers, so that is the order of the
 * versions). A node's message ids start again at each restart, so a reply
 * is paired with the latest CAS of that id sent before it.
 */
export function docVersions(messages: readonly JournalMessage[]): Array<{ atNs: number; doc: Record<string, unknown> }> {
  const pending = new Map<string, JournalMessage>();
  const out: Array<{ atNs: number; doc: Record<string, unknown> }> = [];
  const ordered = [...messages].sort((a, b) => a.sendNs - b.sendNs || a.id - b.id);
  for (const m of ordered) {
    const b = m.body;
    if (!isObject(b)) continue;
    if (m.dest === JOB_DOC_SERVICE && b.type === "cas" && b.key === JOB_DOC_KEY && typeof b.msg_id === "number") pending.set(`${m.src}\u0000${b.msg_id}`, m);
    else if (m.src === JOB_DOC_SERVICE && b.type === "cas_ok" && typeof b.in_reply_to === "number") {
      const key = `${m.dest}\u0000${b.in_reply_to}`;
      const cas = pending.get(key);
      if (!cas) continue;
      pending.delete(key);
      const to = (cas.body as Record<string, unknown>).to;
      if (isObject(to)) out.push({ atNs: m.sendNs, doc: to });
    }
  }
  return out.sort((a, b) => a.atNs - b.atNs);
}

/**
 * Which tasks ran where, and who led when, from the document's versions in
 * order: a task's attempt runs on its worker from the first version that
 * shows it running there until the first that shows it done, open, running
 * another attempt, or its job ended or gone. A version whose `jobs` is not
 * an object (cut short) is skipped; so is a job whose tasks are not a list.
 */
export function taskRuns(versions: ReadonlyArray<{ atNs: number; doc: Record<string, unknown> }>): { runs: TaskRun[]; terms: LeaderTerm[] } {
  const runs: TaskRun[] = [];
  const terms: LeaderTerm[] = [];
  const open = new Map<string, TaskRun>();
  const close = (key: string, r: TaskRun, atNs: number, outcome: TaskRun["outcome"]) => {
    r.toNs = atNs;
    r.outcome = outcome;
    open.delete(key);
  };
  for (const { atNs, doc } of versions) {
    if (typeof doc.epoch === "number" && typeof doc.leader === "string") {
      const t = terms.at(-1);
      if (!t || t.epoch !== doc.epoch || t.leader !== doc.leader) {
        if (t) t.toNs = atNs;
        terms.push({ epoch: doc.epoch, leader: doc.leader, fromNs: atNs, toNs: Infinity });
      }
    }
    const jobs = doc.jobs;
    if (!isObject(jobs)) continue;
    const seen = new Set<string>();
    for (const [job, rec] of Object.entries(jobs)) {
      if (!isObject(rec)) continue;
      const tasks = rec.tasks;
      if (!Array.isArray(tasks)) continue;
      const ended = rec.stopped === true ? "stopped" : isObject(rec.ended) ? "done" : undefined;
      tasks.forEach((t, task) => {
        const key = `${job}/${task}`;
        const cur = open.get(key);
        const running = isObject(t) && t.state === "running" && typeof t.worker === "string" && typeof t.attempt === "number" && !ended;
        if (running && cur && cur.attempt === t.attempt && cur.worker === t.worker) {
          seen.add(key);
          return;
        }
        if (cur) close(key, cur, atNs, isObject(t) && t.state === "done" ? "done" : ended ?? "reopened");
        if (running) {
          const r: TaskRun = { job, task, attempt: t.attempt as number, worker: t.worker as string, epoch: typeof t.epoch === "number" ? t.epoch : 0, fromNs: atNs, toNs: Infinity, outcome: "running" };
          runs.push(r);
          open.set(key, r);
          seen.add(key);
        }
      });
      // An ended job's tasks are emptied: what still ran ends with it.
      if (ended || tasks.length === 0) for (const [key, r] of open) if (r.job === job && !seen.has(key)) close(key, r, atNs, ended ?? "done");
    }
    const archive = isObject(doc.archive) ? doc.archive : {};
    for (const [key, r] of open) {
      if (Object.hasOwn(jobs, r.job)) continue;
      const a = archive[r.job];
      close(key, r, atNs, isObject(a) && a.status === "stopped" ? "stopped" : isObject(a) ? "done" : "gone");
    }
  }
  return { runs, terms };
}
