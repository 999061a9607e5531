import { describe, expect, it } from "vitest";
import { expectedResult, firstDifference, jobsChecker, type JobSpec, wordCount } from "../../../maelstrom-workloads/checkers/jobs.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

/** A hand-made history: each client op is an invoke at `at` ms and its completion at `done` ms (default at + 1). */
function historyOf(entries: Array<{ p: number | "nemesis"; f: string; at: number; done?: number; type?: "ok" | "fail" | "info"; value?: unknown; result?: unknown; error?: unknown; final?: boolean }>): Op[] {
  const events: Array<Omit<Op, "index">> = [];
  for (const e of entries) {
    if (e.p === "nemesis") {
      events.push({ time: e.at * 1e6, type: "info", process: "nemesis", f: e.f, value: e.value });
      continue;
    }
    events.push({ time: e.at * 1e6, type: "invoke", process: e.p, f: e.f, value: e.value ?? null, ...(e.final ? { final: true } : {}) });
    events.push({ time: (e.done ?? e.at + 1) * 1e6, type: e.type ?? "ok", process: e.p, f: e.f, value: e.result ?? e.value ?? null, ...(e.error !== undefined ? { error: e.error } : {}), ...(e.final ? { final: true } : {}) });
  }
  // Stable by time, so that an invoke and its completion keep their order.
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map(({ e }, index) => ({ ...e, index }));
}

const JOB: JobSpec = { name: "job-0", tasks: [{ text: "a b  a", work_ms: 10 }, { text: "\tb c\n", work_ms: 0 }] };
const RIGHT = { a: 2, b: 2, c: 1 };
const submit = (p: number, at: number, id: string, job = JOB, type: "ok" | "info" = "ok") => ({ p, f: "submit", at, type, value: { job }, result: type === "ok" ? { job, job_id: id } : { job } });
const status = (p: number, at: number, id: string, s: string, done = 0, n = 2) => ({ p, f: "job_status", at, value: { job_id: id }, result: { job_id: id, status: s, tasks: { open: s === "done" ? 0 : n - done, running: 0, done } } });
const result = (p: number, at: number, id: string, res: Record<string, number> = RIGHT, runs = 2) => ({ p, f: "job_result", at, value: { job_id: id }, result: { job_id: id, result: res, task_runs: runs } });
const final = (p: number, at: number, jobs: unknown[]) => ({ p, f: "final", at, final: true, value: { job_ids: [] }, result: { jobs } });
const clusterStatus = (p: number, at: number, leader: string | null, running = 1, health = "healthy", openTasks = 0, tasksDone = 0) => ({ p, f: "cluster_status", at, value: null, result: { node: "n1", health, leader, workers: { n1: { status: "alive", slots: 2, running }, n2: { status: "alive", slots: 2, running: 0 } }, open_slots: 4 - running, total_slots: 4, open_tasks: openTasks, tasks_done: tasksDone } });
const kill = (at: number, node: string) => [{ p: "nemesis" as const, f: "kill", at, value: "one" }, { p: "nemesis" as const, f: "kill", at, value: { [node]: "killed" } }];

describe("word counts", () => {
  it("split on runs of whitespace, empty strings dropped, case-sensitive; a job sums its tasks", () => {
    expect(wordCount("  a\tA \n a  ")).toEqual({ a: 2, A: 1 });
    expect(wordCount("")).toEqual({});
    expect(expectedResult(JOB)).toEqual(RIGHT);
    expect(firstDifference(RIGHT, { a: 2, b: 3, c: 1 })).toEqual({ word: "b", expected: 2, got: 3 });
    expect(firstDifference(RIGHT, { a: 2, b: 2 })).toEqual({ word: "c", expected: 1, got: 0 });
    expect(firstDifference(RIGHT, { ...RIGHT })).toBeUndefined();
  });
});

describe("the jobs checker", () => {
  it("a job done with its correct result is valid, with its latency from the submit's invocation to the first done", () => {
    const r = jobsChecker(historyOf([submit(0, 0, "j1"), status(1, 100, "j1", "in_progress", 1), status(1, 300, "j1", "done", 2), result(2, 400, "j1"), final(0, 1000, [{ job_id: "j1", status: "done", tasks: { open: 0, running: 0, done: 2 }, result: RIGHT, task_runs: 3 }])]));
    expect(r["valid?"]).toBe(true);
    expect(r["acknowledged-count"]).toBe(1);
    expect(r["completed-count"]).toBe(1);
    expect(r["job-latencies"]).toEqual({ "0": 301, "0.5": 301, "0.95": 301, "0.99": 301, "1": 301 });
    expect(r["task-rerun-count"]).toBe(1); // 3 runs of 2 tasks
    expect(r["wrong-result-count"]).toBe(0);
    expect(r["regressed-status-count"]).toBe(0);
  });

  it("a lost job (acknowledged, never done) is invalid and listed with its last counts", () => {
    const r = jobsChecker(historyOf([submit(0, 0, "j1"), status(1, 100, "j1", "in_progress", 1), final(0, 1000, [{ job_id: "j1", status: "in_progress", tasks: { open: 1, running: 0, done: 1 } }])]));
    expect(r["valid?"]).toBe(false);
    expect(r["unfinished-count"]).toBe(1);
    expect(r.unfinished).toEqual([expect.objectContaining({ job: "j1", status: "in_progress", "last-counts": { open: 1, running: 0, done: 1 } })]);
    expect((r.unfinished as Array<{ text: string }>)[0]!.text).toMatch(/last seen in_progress; last counts open 1, running 0, done 1/);
  });

  it("a job done whose result was never fetched is not finished; an acknowledged job never observed is not either", () => {
    const r = jobsChecker(historyOf([submit(0, 0, "j1"), status(1, 100, "j1", "done", 2), submit(2, 0, "j2")]));
    expect(r["valid?"]).toBe(false);
    expect((r.unfinished as Array<{ text: string }>).map((u) => u.text)).toEqual([expect.stringMatching(/j1 .*no correct result was ever fetched/), expect.stringMatching(/j2 .*never observed/)]);
  });

  it("a wrong result is invalid, with expected, got and the first differing word", () => {
    const r = jobsChecker(historyOf([submit(0, 0, "j1"), result(1, 200, "j1", { a: 4, b: 2, c: 1 }, 4), result(1, 300, "j1")]));
    expect(r["valid?"]).toBe(false);
    expect(r["wrong-result-count"]).toBe(1);
    expect(r["completed-count"]).toBe(1); // the later fetch was right; the wrong one still invalidates
    expect(r["wrong-results"]).toEqual([expect.objectContaining({ job: "j1", expected: RIGHT, got: { a: 4, b: 2, c: 1 }, "first-difference": { word: "a", expected: 2, got: 4 } })]);
  });

  it("a regression (done, then in progress in a later reply) is invalid and names both ops", () => {
    const h = historyOf([submit(0, 0, "j1"), status(1, 100, "j1", "done", 2), status(1, 200, "j1", "in_progress", 1), result(1, 300, "j1")]);
    const r = jobsChecker(h);
    expect(r["valid?"]).toBe(false);
    expect(r["regressed-status-count"]).toBe(1);
    const [reg] = r.regressions as Array<Record<string, unknown>>;
    expect(reg).toMatchObject({ job: "j1", from: "done", to: "in_progress" });
    expect(h[reg!["from-op"] as number]!.value).toMatchObject({ status: "done" });
    expect(h[reg!["to-op"] as number]!.value).toMatchObject({ status: "in_progress" });
  });

  it("in progress then not started is a regression; concurrent replies in any order are not; stopped then done is", () => {
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), status(1, 100, "j1", "in_progress", 1), status(1, 200, "j1", "not_started"), result(1, 300, "j1")]))["regressed-status-count"]).toBe(1);
    // Overlapping: the not_started reply was invoked before the in_progress one completed.
    const overlap = historyOf([submit(0, 0, "j1"), { ...status(1, 100, "j1", "in_progress", 1), done: 150 }, { ...status(2, 120, "j1", "not_started"), done: 160 }, result(1, 300, "j1")]);
    expect(jobsChecker(overlap)["regressed-status-count"]).toBe(0);
    const stopDone = jobsChecker(historyOf([submit(0, 0, "j1"), { p: 1, f: "stop_job", at: 50, value: { job_id: "j1" }, result: { job_id: "j1", status: "stopped" } }, result(1, 300, "j1")]));
    expect(stopDone["regressions"]).toEqual([expect.objectContaining({ from: "stopped", to: "done" })]);
  });

  it("a stopped job is fine when a stop was requested (ok or info), and not otherwise", () => {
    const stopOk = { p: 1, f: "stop_job", at: 50, value: { job_id: "j1" }, result: { job_id: "j1", status: "stopped" } };
    const end = final(0, 1000, [{ job_id: "j1", status: "stopped", tasks: { open: 1, running: 0, done: 1 } }]);
    const ok = jobsChecker(historyOf([submit(0, 0, "j1"), stopOk, end]));
    expect(ok["valid?"]).toBe(true);
    expect(ok["stopped-count"]).toBe(1);
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), { ...stopOk, type: "info", result: { job_id: "j1" } }, end]))["valid?"]).toBe(true);
    const notAsked = jobsChecker(historyOf([submit(0, 0, "j1"), { ...stopOk, type: "fail", result: { job_id: "j1" } }, end]));
    expect(notAsked["valid?"]).toBe(false);
    expect((notAsked.unfinished as Array<{ text: string }>)[0]!.text).toMatch(/stopped, though no stop_job was requested/);
  });

  it("an info submit obliges nothing, even when a list shows its job", () => {
    const list = { p: 1, f: "list_jobs", at: 100, value: null, result: { jobs: [{ job_id: "j9", name: "job-0", status: "in_progress" }] } };
    const r = jobsChecker(historyOf([submit(0, 0, "j9", JOB, "info"), list]));
    expect(r["valid?"]).toBe(true);
    expect(r["acknowledged-count"]).toBe(0);
  });

  it("a failed job, a job id given twice and task_runs below the task count are invalid", () => {
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), status(1, 100, "j1", "failed")]))["valid?"]).toBe(false);
    const dup = jobsChecker(historyOf([submit(0, 0, "j1"), submit(1, 5, "j1"), result(1, 300, "j1")]));
    expect(dup["duplicate-job-id-count"]).toBe(1);
    expect(dup["valid?"]).toBe(false);
    const runs = jobsChecker(historyOf([submit(0, 0, "j1"), result(1, 300, "j1", RIGHT, 1)]));
    expect(runs["impossible-task-runs-count"]).toBe(1);
    expect(runs["valid?"]).toBe(false);
  });

  it("leader recovery: from the kill of the leader last named to the first reply proving progress since", () => {
    const J2: JobSpec = { name: "job-1", tasks: [{ text: "x" }, { text: "y" }, { text: "z" }] };
    const h = historyOf([
      submit(0, 0, "j1", J2),
      clusterStatus(1, 100, "n2"),
      clusterStatus(2, 500, "n1"), // the last named before the kill: n1
      status(1, 900, "j1", "in_progress", 1, 3), // before the kill: no bound
      ...kill(1000, "n1"),
      status(1, 1200, "j1", "in_progress", 2, 3), // first after: done <= 2 at the kill
      status(1, 1500, "j1", "in_progress", 2, 3), // no rise
      status(1, 2400, "j1", "in_progress", 3, 3), // rise: progress at its completion (2401)
      ...kill(3000, "n2"), // not the leader last named (n1): not measured
      result(1, 3500, "j1", { x: 1, y: 1, z: 1 }, 3),
    ]);
    const r = jobsChecker(h);
    expect(r["leader-kill-count"]).toBe(1);
    expect(r["leader-recovery-latencies"]).toEqual({ "0": 1401, "0.5": 1401, "0.95": 1401, "0.99": 1401, "1": 1401 });
    expect(r["leader-kills"]).toEqual([expect.objectContaining({ leader: "n1", "at-ms": 1000, "recovery-ms": 1401 })]);
  });

  it("leader recovery: a job submitted after the kill and seen with a task done is progress; a kill with no progress after is listed with null", () => {
    const h = historyOf([clusterStatus(1, 100, "n3"), ...kill(1000, "n3"), submit(0, 1100, "j1"), status(1, 1700, "j1", "in_progress", 1), result(1, 2000, "j1")]);
    expect(jobsChecker(h)["leader-recovery-latencies"]).toMatchObject({ "0": 701 });
    const none = jobsChecker(historyOf([clusterStatus(1, 100, "n3"), ...kill(1000, "n3")]));
    expect(none["leader-kills"]).toEqual([expect.objectContaining({ leader: "n3", "recovery-ms": null })]);
    expect(none["leader-recovery-latencies"]).toBeNull();
  });

  it("quantiles over many jobs, keyed as Maelstrom's; slot utilisation is the mean share of running slots", () => {
    const entries = [];
    for (let i = 0; i < 100; i++) entries.push(submit(i, 0, `j${i}`), { ...result(i, 10 * (i + 1), `j${i}`), done: 10 * (i + 1) });
    entries.push(clusterStatus(200, 10, "n1", 1), clusterStatus(200, 20, "n1", 3));
    const r = jobsChecker(historyOf(entries));
    expect(r["job-latencies"]).toEqual({ "0": 10, "0.5": 510, "0.95": 960, "0.99": 1000, "1": 1000 });
    expect(r["slot-utilisation"]).toBe(0.5); // (1/4 + 3/4) / 2
    expect(r["completed-count"]).toBe(100);
  });

  it("slot utilisation while queued counts replies that said healthy with open tasks, while no fault was in force", () => {
    const h = historyOf([
      submit(0, 0, "j1"),
      clusterStatus(2, 200, "n1", 4, "healthy", 3), // counted: 4/4
      clusterStatus(2, 300, "n1", 2, "degraded", 3), // degraded
      clusterStatus(2, 500, "n1", 0, "healthy", 0), // nothing queued
      clusterStatus(2, 600, "n1", 2, "healthy", 1), // counted: 2/4
      ...kill(700, "n2"),
      clusterStatus(2, 800, "n1", 1, "healthy", 2), // n2 killed and not started again: the cluster may not know yet
      { p: "nemesis" as const, f: "start", at: 900, value: { n2: "started" } },
      { p: "nemesis" as const, f: "start-partition", at: 1000, value: ["isolated", { n1: ["n2"], n2: ["n1"] }] },
      clusterStatus(2, 1100, "n1", 1, "healthy", 2), // partitioned
      { p: "nemesis" as const, f: "stop-partition", at: 1200, value: "network-healed" },
      clusterStatus(2, 1300, "n1", 3, "healthy", 2), // counted: 3/4
      status(1, 1600, "j1", "done", 2),
      result(1, 1700, "j1"),
    ]);
    const r = jobsChecker(h);
    expect(r["slot-utilisation-while-queued"]).toBe(0.75); // (1 + 1/2 + 3/4) / 3
    expect(r["slot-utilisation-while-queued-count"]).toBe(3);
    expect(r["cluster-status-count"]).toBe(7);
  });

  it("leader recovery: cluster_status's tasks_done rising after the kill is progress, without any job's status", () => {
    const h = historyOf([
      submit(0, 0, "j1"),
      clusterStatus(1, 500, "n1", 1, "healthy", 1, 7),
      ...kill(1000, "n1"),
      clusterStatus(1, 1100, "n2", 0, "degraded", 1, 7), // first after the kill: at most 7 done at it
      clusterStatus(1, 1900, "n2", 1, "degraded", 0, 8), // rise: progress at 1901
      result(1, 2500, "j1"),
    ]);
    const r = jobsChecker(h);
    expect(r["leader-kills"]).toEqual([expect.objectContaining({ leader: "n1", "recovery-ms": 901, "progress-tasks-done": 8 })]);
    // a reply invoked before the kill bounds nothing: 8 after it is not progress if the only reply after the kill shows 8 too
    const early = jobsChecker(historyOf([submit(0, 0, "j1"), clusterStatus(1, 500, "n1", 1, "healthy", 1, 7), ...kill(1000, "n1"), clusterStatus(1, 1900, "n2", 1, "healthy", 0, 8), result(1, 2500, "j1")]));
    expect(early["leader-kills"]).toEqual([expect.objectContaining({ "recovery-ms": null })]);
  });

  it("tasks_done going back is a regression, and invalid", () => {
    const ok = jobsChecker(historyOf([submit(0, 0, "j1"), clusterStatus(1, 100, "n1", 1, "healthy", 0, 3), clusterStatus(1, 200, "n1", 1, "healthy", 0, 5), result(1, 300, "j1")]));
    expect([ok["valid?"], ok["regressed-tasks-done-count"]]).toEqual([true, 0]);
    const back = jobsChecker(historyOf([submit(0, 0, "j1"), clusterStatus(1, 100, "n1", 1, "healthy", 0, 5), clusterStatus(1, 200, "n1", 1, "healthy", 0, 3), result(1, 300, "j1")]));
    expect([back["valid?"], back["regressed-tasks-done-count"]]).toEqual([false, 1]);
    expect((back["tasks-done-regressions"] as Array<{ text: string }>)[0]!.text).toMatch(/said 5 tasks done in all .* then 3/);
    // concurrent replies may complete in either order: not a regression
    const concurrent = jobsChecker(historyOf([submit(0, 0, "j1"), { ...clusterStatus(1, 100, "n1", 1, "healthy", 0, 5), done: 400 }, { ...clusterStatus(2, 150, "n1", 1, "healthy", 0, 3), done: 500 }, result(1, 600, "j1")]));
    expect(concurrent["regressed-tasks-done-count"]).toBe(0);
  });

  it("finished is what some reply showed: a list_jobs concurrent with the result, completing last, does not undo it", () => {
    // job_result done in [2100, 3000]; list_jobs in_progress in [2000, 4000]; the final phase did not reach the job.
    const list = { p: 2, f: "list_jobs", at: 2000, done: 4000, value: null, result: { jobs: [{ job_id: "j1", name: "job-0", status: "in_progress" }] } };
    const r = jobsChecker(historyOf([submit(0, 0, "j1"), { ...result(1, 2100, "j1"), done: 3000 }, list, final(0, 5000, [{ job_id: "j1" }])]));
    expect(r["valid?"]).toBe(true);
    expect(r["completed-count"]).toBe(1);
    expect(r["regressed-status-count"]).toBe(0);
  });

  it("a stopped job counts as stopped only when seen stopped after a stop_job was invoked", () => {
    const stop = (at: number) => ({ p: 1, f: "stop_job", at, value: { job_id: "j1" }, result: { job_id: "j1", status: "stopped" } });
    const stoppedAt = (at: number) => status(2, at, "j1", "stopped");
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), stop(500), stoppedAt(700)]))["stopped-count"]).toBe(1);
    // The stop timed out (info): it may have stopped the job, but only after its invocation; the job was stopped before.
    const early = jobsChecker(historyOf([submit(0, 0, "j1"), stoppedAt(100), { ...stop(500), type: "info", result: { job_id: "j1" } }]));
    expect(early["valid?"]).toBe(false);
    expect((early.unfinished as Array<{ text: string }>)[0]!.text).toMatch(/stopped before any stop_job for it was invoked/);
  });

  it("a job lost after its result was fetched is invalid: error 20 after the acknowledgement, missing from a later list, an error 20 in the final phase", () => {
    const notFound = (p: number, at: number, f = "job_status") => ({ p, f, at, type: "fail" as const, value: { job_id: "j1" }, error: ["key-does-not-exist", "no job j1"] });
    const emptyList = (p: number, at: number) => ({ p, f: "list_jobs", at, value: null, result: { jobs: [] } });
    const lostEnd = final(0, 1000, [{ job_id: "j1", error: ["key-does-not-exist", "no job j1"] }]);
    const h = historyOf([submit(0, 0, "j1"), result(1, 100, "j1"), notFound(1, 500), emptyList(2, 600), lostEnd]);
    const r = jobsChecker(h);
    expect(r["valid?"]).toBe(false);
    expect(r["lost-count"]).toBe(1);
    const [lost] = r.lost as Array<Record<string, unknown>>;
    expect(lost).toMatchObject({ job: "j1", "submit-op": 1 });
    expect(lost!.text).toMatch(/job j1 \(job-0, submit op 1 acknowledged at 0\.001 s\): job_status \(op \d+, invoked at 0\.500 s\) answered error 20/);
    expect(h[lost!.op as number]).toMatchObject({ f: "job_status", type: "fail" });
    // Each piece of evidence alone is enough.
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), result(1, 100, "j1"), emptyList(2, 600)]))["lost-count"]).toBe(1);
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), result(1, 100, "j1"), lostEnd]))["lost-count"]).toBe(1);
    expect(jobsChecker(historyOf([submit(0, 0, "j1"), result(1, 100, "j1"), notFound(2, 300, "stop_job")]))["lost-count"]).toBe(1);
  });

  it("error 20 or a list without the job, invoked before its submit completed, is no loss", () => {
    const slowSubmit = { ...submit(0, 0, "j1"), done: 400 };
    const h = historyOf([slowSubmit, { p: 1, f: "job_status", at: 100, done: 500, type: "fail", value: { job_id: "j1" }, error: ["key-does-not-exist", "no job j1"] }, { p: 2, f: "list_jobs", at: 399, done: 600, value: null, result: { jobs: [] } }, result(1, 700, "j1")]);
    const r = jobsChecker(h);
    expect(r["lost-count"]).toBe(0);
    expect(r["valid?"]).toBe(true);
  });
});
