import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCounts,
  archiveJobs,
  type Assignment,
  claimLeadership,
  type ClusterDoc,
  completeTask,
  type Counts,
  emptyDoc,
  endedJobs,
  type JobRecord,
  type JobStatus,
  jobStatus,
  reconcile,
  schedule,
  stopJob,
  submitJob,
  taskCounts,
  wordCount,
} from "../../../lib/jobs/index.js";

// fast-check properties of the scheduler core: any interleaving of submits,
// scheduling rounds, worker deaths and restarts, late and duplicate results,
// polls, leader changes and stops. A model cluster of 3 workers (n0..n2),
// each alive or dead (as SWIM would say) and in some instance; every
// assignment ever made stays deliverable, so any result can arrive late, twice,
// or after its worker died.

const WORKERS = ["n0", "n1", "n2"] as const;
const WORDS = ["a", "b", "c", "__proto__"];
const text = fc.array(fc.constantFrom(...WORDS, " ", "\n"), { maxLength: 8 }).map((p) => p.join(" "));

type Action =
  | { t: "submit"; texts: string[] }
  | { t: "schedule" }
  | { t: "kill"; w: number }
  | { t: "restart"; w: number }
  | { t: "complete"; i: number }
  | { t: "poll"; w: number; late: boolean }
  | { t: "leader"; w: number }
  | { t: "stop"; j: number }
  | { t: "archive" };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.constant("submit" as const), texts: fc.array(text, { minLength: 1, maxLength: 4 }) }),
  fc.constant({ t: "schedule" as const }),
  fc.record({ t: fc.constant("kill" as const), w: fc.nat(2) }),
  fc.record({ t: fc.constant("restart" as const), w: fc.nat(2) }),
  fc.record({ t: fc.constant("complete" as const), i: fc.nat(200) }),
  fc.record({ t: fc.constant("poll" as const), w: fc.nat(2), late: fc.boolean() }),
  fc.record({ t: fc.constant("leader" as const), w: fc.nat(2) }),
  fc.record({ t: fc.constant("stop" as const), j: fc.nat(10) }),
  fc.constant({ t: "archive" as const }),
);

const RANK: Record<JobStatus, number> = { not_started: 0, in_progress: 1, done: 2, stopped: 2, failed: 2 };

class Model {
  doc: ClusterDoc = claimLeadership(emptyDoc(), "n0", 2000);
  leader = "n0";
  leaderSince = 0;
  now = 0;
  alive = [true, true, true];
  instance = [1, 1, 1];
  /** What each worker instance runs: attempts delivered to it, not yet finished. */
  running: Assignment[][] = [[], [], []];
  sent: Assignment[] = [];
  texts = new Map<string, string[]>();
  lastStatus = new Map<string, JobStatus>();
  starts = new Map<string, number>();
  stoppedEver = new Set<string>();
  /** Each job's done tasks, as last seen before it ended (an ended job keeps only counts). */
  doneSeen = new Map<string, Set<number>>();
  /** Archived jobs' records, as the node stores them under archiveKey. */
  store = new Map<string, JobRecord>();
  jobs(): Array<[string, JobRecord]> {
    return [...Object.entries(this.doc.jobs), ...[...this.store].filter(([id]) => Object.hasOwn(this.doc.archive, id))];
  }

  views() {
    return WORKERS.map((id, i) => ({ id, alive: this.alive[i]!, slots: 2, instance: this.instance[i] }));
  }
  sched() {
    const r = schedule(this.doc, { me: this.leader, epoch: this.doc.epoch, now: this.now, workers: this.views(), ready: () => true });
    this.doc = r.doc;
    for (const a of r.assignments) {
      this.sent.push(a);
      this.starts.set(a.job, (this.starts.get(a.job) ?? 0) + 1);
      const w = WORKERS.indexOf(a.worker as never);
      if (this.alive[w] && this.instance[w] === a.instance) this.running[w]!.push(a);
    }
  }
  complete(a: Assignment) {
    const counts = wordCount(this.texts.get(a.job)![a.task]!);
    this.doc = completeTask(this.doc, { ...a, counts }).doc;
  }
  apply(x: Action) {
    this.now += 100;
    switch (x.t) {
      case "submit": {
        const r = submitJob(this.doc, "j", `input/${this.texts.size}`, x.texts.length);
        this.doc = r.doc;
        this.texts.set(r.jobId, x.texts);
        return;
      }
      case "schedule":
        return this.sched();
      case "kill":
        this.alive[x.w] = false;
        this.running[x.w] = [];
        return;
      case "restart":
        this.alive[x.w] = true;
        this.instance[x.w]! += 1;
        this.running[x.w] = [];
        return;
      case "complete": {
        const a = this.sent[x.i % Math.max(1, this.sent.length)];
        if (a) this.complete(a);
        return;
      }
      case "poll": {
        if (!this.alive[x.w]) return;
        const r = reconcile(this.doc, {
          me: this.leader,
          epoch: this.doc.epoch,
          worker: WORKERS[x.w]!,
          instance: this.instance[x.w]!,
          running: this.running[x.w]!,
          pollSentAt: x.late ? this.now + 10_000 : this.now,
          graceMs: 500,
        });
        this.doc = r.doc;
        const cancelled = new Set(r.cancels.map((c) => `${c.job}/${c.task}/${c.attempt}`));
        this.running[x.w] = this.running[x.w]!.filter((a) => !cancelled.has(`${a.job}/${a.task}/${a.attempt}`));
        return;
      }
      case "leader":
        this.leader = WORKERS[x.w]!;
        this.leaderSince = this.now;
        this.doc = claimLeadership(this.doc, this.leader, 2000);
        return;
      case "archive": {
        const ids = endedJobs(this.doc);
        for (const id of ids) this.store.set(id, this.doc.jobs[id]!);
        this.doc = archiveJobs(this.doc, ids);
        return;
      }
      case "stop": {
        const ids = [...Object.keys(this.doc.jobs), ...Object.keys(this.doc.archive)];
        const id = ids[x.j % Math.max(1, ids.length)];
        if (id === undefined) return;
        const r = stopJob(this.doc, id)!;
        this.doc = r.doc;
        if (r.status === "stopped") this.stoppedEver.add(id);
        return;
      }
    }
  }
  /** The invariants that hold after every step. */
  check() {
    let doneTasks = 0;
    for (const [id, job] of this.jobs()) {
      const texts = this.texts.get(id)!;
      if (Object.hasOwn(this.doc.archive, id)) expect(this.doc.archive[id]!.status).toBe(jobStatus(job));
      // each done task's count added exactly once, nothing else
      if (!job.ended) this.doneSeen.set(id, new Set(job.tasks.flatMap((t, i) => (t.state === "done" ? [i] : []))));
      else if (job.ended.done === job.ended.tasks) this.doneSeen.set(id, new Set(texts.keys()));
      const done = this.doneSeen.get(id)!;
      if (job.ended) expect([job.tasks.length, job.ended.tasks, job.ended.done]).toEqual([0, texts.length, done.size]);
      let expected: Counts = {};
      for (const i of done) expected = addCounts(expected, wordCount(texts[i]!));
      expect(job.result).toEqual(expected);
      const status = jobStatus(job);
      const before = this.lastStatus.get(id);
      if (before !== undefined) {
        expect(RANK[status]).toBeGreaterThanOrEqual(RANK[before]);
        if (RANK[before] === 2) expect(status).toBe(before);
      }
      this.lastStatus.set(id, status);
      if (this.stoppedEver.has(id)) expect(status).toBe("stopped");
      expect(job.runs).toBe(this.starts.get(id) ?? 0);
      const c = taskCounts(job);
      expect(c.open + c.running + c.done).toBe(job.stopped ? done.size : texts.length);
      doneTasks += job.ended ? job.ended.done : done.size;
    }
    // the cluster-wide count of done tasks (cluster_status's tasks_done) is the sum over jobs, so it never goes back
    expect(this.doc.tasksDone).toBe(doneTasks);
  }
  /** One worker stays alive and leads; its results arrive; polls reconcile the others. */
  settle() {
    this.alive[0] = true;
    this.leader = "n0";
    this.leaderSince = this.now;
    this.doc = claimLeadership(this.doc, "n0", 2000);
    for (let round = 0; round < 50; round++) {
      this.now += 1000;
      for (let w = 0; w < 3; w++) if (this.alive[w]) this.apply({ t: "poll", w, late: false });
      this.sched();
      for (let w = 0; w < 3; w++) {
        if (!this.alive[w]) continue;
        for (const a of this.running[w]!.splice(0)) this.complete(a);
      }
      this.check();
    }
  }
}

describe("the scheduler under any interleaving of faults", () => {
  it("counts no result twice, never lets a status go back, never finishes a stopped job; once a worker stays up, every unstopped job ends done with the inputs' word count", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        const m = new Model();
        for (const x of actions) {
          m.apply(x);
          m.check();
        }
        m.settle();
        expect(m.jobs().length).toBe(m.texts.size);
        for (const [id, job] of m.jobs()) {
          const texts = m.texts.get(id)!;
          if (m.stoppedEver.has(id)) {
            expect(jobStatus(job)).toBe("stopped");
            continue;
          }
          expect(jobStatus(job)).toBe("done");
          expect(job.result).toEqual(wordCount(texts.join(" ")));
          expect(job.runs).toBeGreaterThanOrEqual(texts.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
