import { describe, expect, it } from "vitest";
import {
  claimLeadership,
  type ClusterDoc,
  archiveJobs,
  completeTask,
  emptyDoc,
  endedJobs,
  jobStatus,
  observeLease,
  reconcile,
  renewLease,
  schedule,
  shouldClaim,
  shouldTakeOver,
  observeMinorityLeader,
  recordedAlive,
  type ClaimInput,
  stopJob,
  submitJob,
  openTasks,
  taskCounts,
  wordCount,
  type WorkerView,
} from "../../../lib/jobs/index.js";

// Table tests of the job scheduler's pure core (lib/jobs/): each decision on a small document.

const alive = (id: string, instance = 1, slots = 2): WorkerView => ({ id, alive: true, slots, instance });
const ready = () => true;

/** n0 leads epoch 1; one job of `tasks` tasks, submitted. */
function start(tasks = 3): ClusterDoc {
  return submitJob(claimLeadership(emptyDoc(), "n0", 2000), "j", "input/a", tasks).doc;
}
const sched = (doc: ClusterDoc, workers: WorkerView[], now = 0, epoch = doc.epoch, me = "n0") => schedule(doc, { me, epoch, now, workers, ready });

describe("wordCount", () => {
  it.each([
    ["", {}],
    ["  a b  a\n\tB ", { a: 2, b: 1, B: 1 }],
    ["__proto__ constructor __proto__", JSON.parse(`{"__proto__": 2, "constructor": 1}`) as Record<string, number>],
  ])("%j", (text, expected) => {
    const c = wordCount(text);
    expect(Object.entries(c).sort()).toEqual(Object.entries(expected).sort());
  });
  it("keeps __proto__ an own key", () => expect(Object.hasOwn(wordCount("__proto__"), "__proto__")).toBe(true));
});

describe("submit and status", () => {
  it("numbers jobs, and a retried submit (same input key) finds its job instead of adding another", () => {
    const a = submitJob(emptyDoc(), "x", "input/1", 2);
    const b = submitJob(a.doc, "y", "input/2", 1);
    const again = submitJob(b.doc, "x", "input/1", 2);
    expect([a.jobId, b.jobId, again.jobId, again.added]).toEqual(["job-1", "job-2", "job-1", false]);
    expect(again.doc).toBe(b.doc);
    expect(jobStatus(a.doc.jobs["job-1"]!)).toBe("not_started");
    expect(taskCounts(a.doc.jobs["job-1"]!)).toEqual({ open: 2, running: 0, done: 0 });
    expect(openTasks(b.doc)).toBe(3);
  });
  it("a job of no tasks is done at once", () => expect(jobStatus(submitJob(emptyDoc(), "x", "i", 0).doc.jobs["job-1"]!)).toBe("done"));
});

describe("schedule", () => {
  it("fills free slots, most free first, each start a new attempt under the epoch", () => {
    const r = sched(start(3), [alive("n0"), alive("n1", 7, 1)], 100);
    expect(r.assignments).toEqual([
      { job: "job-1", task: 0, attempt: 1, worker: "n0", instance: 1, epoch: 1 },
      { job: "job-1", task: 1, attempt: 1, worker: "n0", instance: 1, epoch: 1 },
      { job: "job-1", task: 2, attempt: 1, worker: "n1", instance: 7, epoch: 1 },
    ]);
    expect(jobStatus(r.doc.jobs["job-1"]!)).toBe("in_progress");
    expect(r.doc.jobs["job-1"]!.runs).toBe(3);
    expect(r.doc.workers).toEqual({ n0: { slots: 2, instance: 1, alive: true }, n1: { slots: 1, instance: 7, alive: true } });
  });
  it("assigns nothing to a dead worker, one not heard from, or a full one", () => {
    const full = sched(start(2), [alive("n0", 1, 1)]).doc;
    const r = sched(submitJob(full, "k", "input/b", 2).doc, [alive("n0", 1, 1), { id: "n1", alive: false, slots: 2, instance: 1 }, { id: "n2", alive: true, slots: 2 }]);
    expect(r.assignments).toEqual([]);
  });
  it("does nothing unless the caller holds the lease of that epoch (a stale leader is fenced)", () => {
    const doc = start(2);
    const newer = claimLeadership(doc, "n1", 2000);
    expect(sched(newer, [alive("n0")], 0, 1, "n0").assignments).toEqual([]);
    expect(sched(newer, [alive("n0")], 0, 2, "n1").assignments).toHaveLength(2);
  });
  it("a dead worker's tasks, and those of an earlier instance of a restarted one, go back to open and start again as new attempts", () => {
    const doc = sched(start(4), [alive("n0", 1), alive("n1", 5)]).doc;
    const r = sched(doc, [alive("n0", 1), { id: "n1", alive: false, slots: 2, instance: 5 }, alive("n2", 9)]);
    expect(r.reopened.map((t) => t.task)).toEqual([1, 3]);
    expect(r.assignments.map((a) => [a.task, a.attempt, a.worker])).toEqual([[1, 2, "n2"], [3, 2, "n2"]]);
    const restarted = sched(r.doc, [alive("n0", 2), alive("n2", 9)]);
    expect(restarted.reopened.map((t) => t.task)).toEqual([0, 2]);
    expect(restarted.assignments.map((a) => [a.task, a.attempt, a.worker])).toEqual([[0, 2, "n0"], [2, 2, "n0"]]);
    expect(restarted.doc.jobs["job-1"]!.runs).toBe(8);
  });
  it("with reassignLost false (the faulty fixture) a dead worker's tasks stay running", () => {
    const doc = sched(start(2), [alive("n1", 5)]).doc;
    const r = schedule(doc, { me: "n0", epoch: 1, now: 0, workers: [{ id: "n1", alive: false, slots: 2, instance: 5 }, alive("n2")], ready, reassignLost: false });
    expect([r.reopened, r.assignments]).toEqual([[], []]);
  });
  it("waits for a job's inputs", () => expect(schedule(start(2), { me: "n0", epoch: 1, now: 0, workers: [alive("n0")], ready: () => false }).assignments).toEqual([]));
});

describe("completeTask: a result counts once, and only for the current attempt", () => {
  const doc = sched(start(2), [alive("n1", 5)]).doc;
  const c = { job: "job-1", task: 0, attempt: 1, epoch: 1, worker: "n1", instance: 5, counts: { a: 2 } };
  it.each([
    ["the current attempt", c, "counted"],
    ["another attempt", { ...c, attempt: 2 }, "not-current"],
    ["another worker", { ...c, worker: "n2" }, "not-current"],
    ["another life of the worker", { ...c, instance: 6 }, "not-current"],
    ["another epoch", { ...c, epoch: 2 }, "not-current"],
    ["an unknown job", { ...c, job: "job-9" }, "unknown-job"],
    ["a task out of range", { ...c, task: 5 }, "not-current"],
  ])("%s: %s", (_, comp, outcome) => expect(completeTask(doc, comp).outcome).toBe(outcome));
  it("a duplicate is done-already and adds nothing; the job is done once every task is", () => {
    const once = completeTask(doc, c).doc;
    const twice = completeTask(once, c);
    expect(twice.outcome).toBe("done-already");
    expect(twice.doc.jobs["job-1"]!.result).toEqual({ a: 2 });
    expect([doc.tasksDone, once.tasksDone, twice.doc.tasksDone]).toEqual([0, 1, 1]);
    const both = completeTask(once, { ...c, task: 1, counts: { a: 1, b: 1 } }).doc;
    expect(jobStatus(both.jobs["job-1"]!)).toBe("done");
    expect(both.jobs["job-1"]!.result).toEqual({ a: 3, b: 1 });
    // an ended job keeps only its counts and result
    expect([both.jobs["job-1"]!.tasks, both.jobs["job-1"]!.ended]).toEqual([[], { tasks: 2, done: 2 }]);
    expect(completeTask(both, { ...c, task: 1 }).outcome).toBe("done-already");
  });
  it("a late result of a dead worker's reopened (and reassigned) attempt is not counted", () => {
    const reassigned = sched(doc, [{ id: "n1", alive: false, slots: 2, instance: 5 }, alive("n2")]).doc;
    expect(completeTask(reassigned, c).outcome).toBe("not-current");
    expect(completeTask(reassigned, { ...c, attempt: 2, worker: "n2", instance: 1 }).outcome).toBe("counted");
  });
});

describe("stopJob", () => {
  it("cancels running tasks, leaves done ones, and the job ends stopped for good", () => {
    const running = sched(start(3), [alive("n1", 5, 3)]).doc;
    const oneDone = completeTask(running, { job: "job-1", task: 0, attempt: 1, epoch: 1, worker: "n1", instance: 5, counts: { a: 1 } }).doc;
    const r = stopJob(oneDone, "job-1")!;
    expect(r.status).toBe("stopped");
    expect(r.cancels.map((x) => [x.task, x.attempt, x.worker])).toEqual([[1, 1, "n1"], [2, 1, "n1"]]);
    expect(taskCounts(r.doc.jobs["job-1"]!)).toEqual({ open: 0, running: 0, done: 1 }); // nothing waits for a slot any more
    expect([openTasks(r.doc), r.doc.tasksDone]).toEqual([0, 1]);
    expect(sched(r.doc, [alive("n1", 5), alive("n2")]).assignments).toEqual([]);
    expect(completeTask(r.doc, { job: "job-1", task: 1, attempt: 1, epoch: 1, worker: "n1", instance: 5, counts: {} }).outcome).toBe("stopped");
    expect(stopJob(r.doc, "job-1")!.status).toBe("stopped");
  });
  it("a done job stays done; an unknown one is undefined", () => {
    const done = submitJob(emptyDoc(), "x", "i", 0).doc;
    expect(stopJob(done, "job-1")).toEqual({ doc: done, status: "done", cancels: [] });
    expect(stopJob(done, "job-2")).toBeUndefined();
  });
});

describe("archive: ended jobs leave the document", () => {
  it("keeps name, input and status; a stop or a retried submit still finds the job; a running job stays", () => {
    const two = submitJob(submitJob(emptyDoc(), "x", "input/1", 0).doc, "y", "input/2", 1).doc;
    expect(endedJobs(two)).toEqual(["job-1"]);
    const a = archiveJobs(two, ["job-1", "job-2"]);
    expect(Object.keys(a.jobs)).toEqual(["job-2"]);
    expect(a.archive).toEqual({ "job-1": { name: "x", input: "input/1", status: "done" } });
    expect(stopJob(a, "job-1")!.status).toBe("done");
    expect(submitJob(a, "x", "input/1", 0)).toMatchObject({ jobId: "job-1", added: false });
    expect(completeTask(a, { job: "job-1", task: 0, attempt: 1, epoch: 0, worker: "n0", instance: 1, counts: {} }).outcome).toBe("done-already");
    expect(completeTask(a, { job: "constructor", task: 0, attempt: 1, epoch: 0, worker: "n0", instance: 1, counts: {} }).outcome).toBe("unknown-job");
  });
});

describe("reconcile: the leader against a worker's answer to a poll", () => {
  const doc = sched(start(3), [alive("n1", 5, 3)], 1000).doc;
  const base = { me: "n0", epoch: 1, worker: "n1", instance: 5, graceMs: 500 };
  const ref = (task: number, attempt = 1) => ({ job: "job-1", task, attempt });
  it("reopens an assignment the worker does not have, once older than the grace", () => {
    expect(reconcile(doc, { ...base, running: [ref(0), ref(1)], pollSentAt: 1400 }).reopened).toEqual([]);
    expect(reconcile(doc, { ...base, running: [ref(0), ref(1)], pollSentAt: 1500 }).reopened).toEqual([ref(2)]);
  });
  it("reopens everything of an earlier instance at once, and an earlier epoch's assignment the worker does not have", () => {
    expect(reconcile(doc, { ...base, instance: 6, running: [], pollSentAt: 1000 }).reopened).toHaveLength(3);
    const taken = claimLeadership(doc, "n2", 2000);
    // the clocks of two leaders are not compared: epoch 1's times mean nothing to n2
    expect(reconcile(taken, { ...base, me: "n2", epoch: 2, running: [ref(1)], pollSentAt: 0 }).reopened).toEqual([ref(0), ref(2)]);
  });
  it("cancels an attempt the worker runs that is no longer current", () => {
    const r = reconcile(doc, { ...base, running: [ref(0), ref(1, 0), { job: "job-7", task: 0, attempt: 1 }], pollSentAt: 1000 });
    expect(r.cancels).toEqual([ref(1, 0), { job: "job-7", task: 0, attempt: 1 }]);
  });
  it("a stale leader decides nothing", () => expect(reconcile(doc, { ...base, epoch: 0, running: [], pollSentAt: 9999 }).reopened).toEqual([]));
});

describe("lease", () => {
  const doc = claimLeadership(emptyDoc(), "n0", 2000);
  const nodes = ["n0", "n1", "n2", "n3", "n4"];
  /** shouldClaim from a watch started at 0 (the heartbeat last moved then). */
  const claims = (d: ClusterDoc, me: string, myEpoch: number | undefined, now: number, more: Partial<ClaimInput> = {}) =>
    shouldClaim({ doc: d, me, myEpoch, watch: observeLease(undefined, d, 0), now, seesMajority: true, aloneAfterMs: 4000, ...more });
  it.each([
    ["nobody leads", emptyDoc(), "n1", undefined, 0, true],
    ["another's heartbeat seen just now", doc, "n1", undefined, 1999, false],
    ["another's heartbeat still for a lease", doc, "n1", undefined, 2000, true],
    ["this life's own epoch (fenced, say), heartbeat seen just now", doc, "n0", 1, 1999, false],
    ["this life's own epoch, still for a lease", doc, "n0", 1, 2000, true],
    ["an earlier life of this node leads", doc, "n0", undefined, 0, true],
  ] as const)("seeing a majority: %s", (_, d, me, myEpoch, now, expected) => expect(claims(d, me, myEpoch, now)).toBe(expected));
  it.each([
    ["another's heartbeat still for a lease, not yet for the wait alone", doc, "n1", undefined, 3999, false],
    ["another's heartbeat still for the wait alone", doc, "n1", undefined, 4000, true],
    ["an earlier life of this node leads: it waits alone too", doc, "n0", undefined, 3999, false],
    ["nobody leads, not yet for the wait alone", emptyDoc(), "n1", undefined, 3999, false],
    ["nobody leads, for the wait alone", emptyDoc(), "n1", undefined, 4000, true],
  ] as const)("without a majority seen alive: %s", (_, d, me, myEpoch, now, expected) => {
    expect(claims(d, me, myEpoch, now, { seesMajority: false })).toBe(expected);
  });
  it("without a majority, a wait alone shorter than the lease still waits for the lease", () => {
    expect(claims(doc, "n1", undefined, 1000, { seesMajority: false, aloneAfterMs: 500 })).toBe(false);
    expect(claims(doc, "n1", undefined, 2000, { seesMajority: false, aloneAfterMs: 500 })).toBe(true);
  });

  // A leader (n0) that records only itself and n1 alive: cut off from the majority.
  const cutOff: ClusterDoc = { ...doc, workers: Object.fromEntries(nodes.map((id, i) => [id, { slots: 2, instance: 1, alive: i < 2 }])) };
  const healthy: ClusterDoc = { ...cutOff, workers: Object.fromEntries(nodes.map((id) => [id, { slots: 2, instance: 1, alive: true }])) };
  it("a leader recording fewer than a majority alive: watched from the first document showing it, per epoch, until one shows a majority", () => {
    expect(recordedAlive(cutOff, nodes)).toBe(2);
    expect(recordedAlive(doc, nodes)).toBe(0); // no records yet: nobody counts
    const m = observeMinorityLeader(undefined, cutOff, nodes, 100)!;
    expect(m).toEqual({ epoch: 1, since: 100 });
    expect(observeMinorityLeader(m, cutOff, nodes, 900)).toBe(m);
    expect(observeMinorityLeader(m, { ...cutOff, epoch: 2 }, nodes, 900)).toEqual({ epoch: 2, since: 900 });
    expect(observeMinorityLeader(m, healthy, nodes, 900)).toBeUndefined();
    expect(observeMinorityLeader(m, { ...cutOff, leader: null }, nodes, 900)).toBeUndefined();
  });
  it("a held lease is never claimed, whatever the leader records (only shouldTakeOver takes one)", () => {
    expect(shouldClaim({ doc: cutOff, me: "n2", myEpoch: undefined, watch: { epoch: 1, beat: 1, seenAt: 8990 }, now: 9000, seesMajority: true, aloneAfterMs: 4000 })).toBe(false);
  });
  it.each([
    ["for a whole lease, by a node it records dead: it asks", "n2", { epoch: 1, since: 100 }, 2100, true],
    ["for less than a lease", "n2", { epoch: 1, since: 100 }, 2099, false],
    ["under an earlier epoch", "n2", { epoch: 0, since: 0 }, 9000, false],
    ["by a node it records alive (the leader's own side)", "n1", { epoch: 1, since: 100 }, 9000, false],
    ["by a node it has no record of", "n9", { epoch: 1, since: 100 }, 9000, true],
    ["by the leader itself", "n0", { epoch: 1, since: 100 }, 9000, false],
    ["never seen", "n2", undefined, 9000, false],
  ] as const)("taking over from a leader recording fewer than a majority alive, %s", (_, me, minorityLeader, now, expected) => {
    expect(shouldTakeOver({ doc: cutOff, me, now, minorityLeader })).toBe(expected);
  });
  it("no takeover from nobody, or from a leader recording a majority", () => {
    expect(shouldTakeOver({ doc: { ...cutOff, leader: null }, me: "n2", now: 9000, minorityLeader: { epoch: 1, since: 0 } })).toBe(false);
    expect(observeMinorityLeader(undefined, healthy, nodes, 0)).toBeUndefined();
  });
  it("a renewal restarts the watch; a renewal by a deposed leader is refused", () => {
    const w = observeLease(undefined, doc, 0);
    expect(observeLease(w, doc, 500)).toBe(w);
    expect(observeLease(w, renewLease(doc, "n0", 1)!, 1500).seenAt).toBe(1500);
    expect(renewLease(claimLeadership(doc, "n1", 2000), "n0", 1)).toBeUndefined();
  });
});
