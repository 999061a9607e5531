import { describe, expect, it } from "vitest";
import { expectedResult, type JobSpec } from "../../maelstrom-workloads/checkers/jobs.js";
import { FINAL_WAIT_MS, jobsWorkload } from "../../maelstrom-workloads/jobs.js";
import type { OpRequest } from "../../maelstrom-workloads/workload.js";
import { fakeNodeClient } from "../helpers/fake-node-client.js";

const NODES = ["n1", "n2"];
const ctx = (seed = 1, concurrency = 2) => ({ nodes: NODES, concurrency, seed, latencyMean: 0, topology: "grid" });

const rig = fakeNodeClient;

const job: JobSpec = { name: "job-0", tasks: [{ text: "a b", work_ms: 5 }, { text: "b", work_ms: 0 }] };
const CLUSTER = { type: "cluster_status_ok", health: "healthy", leader: "n1", workers: { n1: { status: "alive", slots: 2, running: 1 }, n2: { status: "alive", slots: 2, running: 0 } }, open_slots: 3, total_slots: 4, open_tasks: 0, tasks_done: 5 };

describe("the jobs generator", () => {
  it("submits first; jobs of 2-8 tasks of 3-30 words from a small vocabulary, work_ms 0-400", () => {
    const w = jobsWorkload(ctx());
    const subs: JobSpec[] = [];
    for (let i = 0; i < 200; i++) {
      const op = w.nextOp(0);
      expect(op.f).toBe("submit"); // nothing acknowledged yet: nothing else to ask about
      subs.push((op.value as { job: JobSpec }).job);
    }
    const words = new Set<string>();
    for (const j of subs) {
      expect(j.tasks.length).toBeGreaterThanOrEqual(2);
      expect(j.tasks.length).toBeLessThanOrEqual(8);
      for (const t of j.tasks) {
        const n = Object.values(expectedResult({ name: "", tasks: [t] })).reduce((a, b) => a + b, 0);
        expect(n).toBeGreaterThanOrEqual(3);
        expect(n).toBeLessThanOrEqual(30);
        expect(t.work_ms).toBeGreaterThanOrEqual(0);
        expect(t.work_ms).toBeLessThanOrEqual(400);
        for (const x of t.text.split(/\s+/)) if (x) words.add(x);
      }
    }
    expect(words.size).toBeLessThanOrEqual(10);
    expect(new Set(subs.map((j) => j.name)).size).toBe(200);
    expect(subs.some((j) => j.tasks.some((t) => /\s\s|\t|\n/.test(t.text)))).toBe(true); // runs of whitespace to split on
  });

  it("once jobs are acknowledged: the mix of submits, polls, cluster status, lists and a few stops, each on a known job", async () => {
    const w = jobsWorkload(ctx());
    const r = rig(() => ({ type: "submit_ok", job_id: "j1" }));
    await w.invoke(r.client, "n1", w.nextOp(0));
    const ops: OpRequest[] = Array.from({ length: 10_000 }, () => w.nextOp(0));
    const share = (f: string) => ops.filter((o) => o.f === f).length / ops.length;
    expect(share("submit")).toBeCloseTo(0.3, 1);
    expect(share("job_status")).toBeCloseTo(0.3, 1);
    expect(share("job_result")).toBeCloseTo(0.15, 1);
    expect(share("cluster_status")).toBeCloseTo(0.15, 1);
    expect(share("list_jobs")).toBeCloseTo(0.06, 1);
    expect(share("stop_job")).toBeGreaterThan(0.02);
    expect(share("stop_job")).toBeLessThan(0.06);
    for (const o of ops) if (["job_status", "job_result", "stop_job"].includes(o.f)) expect(o.value).toEqual({ job_id: "j1" });
  });

  it("polls what it can learn from: job_status mostly to jobs not seen done, job_result mostly to jobs seen done", async () => {
    const w = jobsWorkload(ctx());
    let n = 0;
    const r = rig((body) => (body.type === "submit" ? { type: "submit_ok", job_id: `j${++n}` } : { type: "job_status_ok", status: "done", tasks: { open: 0, running: 0, done: 2 } }));
    for (let i = 0; i < 4; i++) await w.invoke(r.client, "n1", { f: "submit", value: { job } });
    await w.invoke(r.client, "n1", { f: "job_status", value: { job_id: "j1" } }); // j1 seen done
    const ops: OpRequest[] = Array.from({ length: 4000 }, () => w.nextOp(0));
    const to = (f: string, id: string) => ops.filter((o) => o.f === f && (o.value as { job_id: string }).job_id === id).length / ops.filter((o) => o.f === f).length;
    expect(to("job_status", "j1")).toBeLessThan(0.1); // 0.2 / 4 by chance
    expect(to("job_status", "j2")).toBeGreaterThan(0.25); // 0.8 / 3 + 0.2 / 4
    expect(to("job_result", "j1")).toBeGreaterThan(0.8); // 0.8 + 0.2 / 4
  });

  it("is the same sequence for the same seed", () => {
    const seq = (seed: number) => Array.from({ length: 20 }, () => jobsWorkload(ctx(seed)).nextOp(0));
    expect(seq(3)).toEqual(seq(3));
    expect(seq(3)).not.toEqual(seq(4));
  });
});

describe("the jobs client (closed schemas, Maelstrom's error mapping)", () => {

  it("sends each request as the protocol says and records the reply's fields", async () => {
    const w = jobsWorkload(ctx());
    const replies: Record<string, Record<string, unknown>> = {
      submit: { type: "submit_ok", job_id: "j7" },
      job_status: { type: "job_status_ok", status: "in_progress", tasks: { open: 1, running: 1, done: 0 } },
      job_result: { type: "job_result_ok", result: { a: 1, b: 2 }, task_runs: 2 },
      list_jobs: { type: "list_jobs_ok", jobs: [{ job_id: "j7", name: "job-0", status: "done" }] },
      cluster_status: CLUSTER,
      stop_job: { type: "stop_job_ok", status: "done" },
    };
    const r = rig((req) => replies[req.type as string]);
    expect(await w.invoke(r.client, "n1", { f: "submit", value: { job } })).toEqual({ type: "ok", value: { job, job_id: "j7" } });
    expect(await w.invoke(r.client, "n1", { f: "job_status", value: { job_id: "j7" } })).toEqual({ type: "ok", value: { job_id: "j7", status: "in_progress", tasks: { open: 1, running: 1, done: 0 } } });
    expect(await w.invoke(r.client, "n1", { f: "job_result", value: { job_id: "j7" } })).toEqual({ type: "ok", value: { job_id: "j7", result: { a: 1, b: 2 }, task_runs: 2 } });
    expect(await w.invoke(r.client, "n1", { f: "list_jobs", value: null })).toEqual({ type: "ok", value: { jobs: [{ job_id: "j7", name: "job-0", status: "done" }] } });
    expect(await w.invoke(r.client, "n1", { f: "cluster_status", value: null })).toMatchObject({ type: "ok", value: { node: "n1", health: "healthy", leader: "n1", total_slots: 4 } });
    expect(await w.invoke(r.client, "n1", { f: "stop_job", value: { job_id: "j7" } })).toEqual({ type: "ok", value: { job_id: "j7", status: "done" } });
    expect(r.sent.map(({ msg_id: _, ...b }) => b)).toEqual([
      { type: "submit", job },
      { type: "job_status", job_id: "j7" },
      { type: "job_result", job_id: "j7" },
      { type: "list_jobs" },
      { type: "cluster_status" },
      { type: "stop_job", job_id: "j7" },
    ]);
  });

  it.each([
    ["an extra field in submit_ok", "submit", { type: "submit_ok", job_id: "j1", leader: "n2" }, /unexpected field\(s\) "leader"/],
    ["a job id that is a number", "submit", { type: "submit_ok", job_id: 1 }, /job_id must be a string/],
    ["an extra task count", "job_status", { type: "job_status_ok", status: "done", tasks: { open: 0, running: 0, done: 2, failed: 0 } }, /tasks has unexpected field\(s\) "failed"/],
    ["an unknown status", "job_status", { type: "job_status_ok", status: "running", tasks: { open: 0, running: 1, done: 0 } }, /status must be one of/],
    ["a count that is not a whole number", "job_result", { type: "job_result_ok", result: { a: 1.5 }, task_runs: 2 }, /result \["a"\] must be a whole number/],
    ["a worker with an extra field", "cluster_status", { ...CLUSTER, workers: { ...CLUSTER.workers, n2: { status: "alive", slots: 2, running: 0, epoch: 3 } } }, /workers \["n2"\] has unexpected field\(s\) "epoch"/],
    ["a worker missing", "cluster_status", { ...CLUSTER, workers: { n1: CLUSTER.workers.n1 } }, /workers lacks n2/],
    ["a leader not of the test", "cluster_status", { ...CLUSTER, leader: "n9" }, /leader must be a node id/],
    ["a list entry with an extra field", "list_jobs", { type: "list_jobs_ok", jobs: [{ job_id: "j1", name: "x", status: "done", tasks: 3 }] }, /jobs \[0\] has unexpected field\(s\) "tasks"/],
    ["stop_job_ok saying in_progress", "stop_job", { type: "stop_job_ok", status: "in_progress" }, /status must be one of stopped, done, failed/],
  ])("%s makes the op info with the problem recorded", async (_why, f, body, problem) => {
    const w = jobsWorkload(ctx());
    const r = rig(() => body);
    const value = f === "submit" ? { job } : f === "list_jobs" || f === "cluster_status" ? null : { job_id: "j1" };
    const c = await w.invoke(r.client, "n1", { f, value });
    expect(c.type).toBe("info");
    expect(c.exception).toMatch(problem);
  });

  it.each([
    ["submit", "info"],
    ["stop_job", "info"],
    ["job_status", "fail"],
    ["job_result", "fail"],
    ["list_jobs", "fail"],
    ["cluster_status", "fail"],
  ])("a timeout of %s is %s (idempotent reads fail, submit and stop_job are info)", async (f, type) => {
    const w = jobsWorkload(ctx());
    const r = rig(() => undefined);
    const p = w.invoke(r.client, "n1", { f, value: f === "submit" ? { job } : { job_id: "j1" } });
    await r.clock.advanceAsync(5000);
    expect((await p).type).toBe(type);
  });

  it.each([
    ["submit", 13, "info"], // crash: indefinite, and submit is not idempotent
    ["submit", 11, "fail"], // definite
    ["stop_job", 20, "fail"],
    ["job_result", 11, "fail"],
    ["job_result", 14, "fail"],
    ["job_status", 13, "fail"], // indefinite, but a read
  ])("an error reply to %s with code %i is %s", async (f, code, type) => {
    const w = jobsWorkload(ctx());
    const r = rig(() => ({ type: "error", code, text: "no" }));
    const c = await w.invoke(r.client, "n1", { f, value: f === "submit" ? { job } : { job_id: "j1" } });
    expect(c.type).toBe(type);
  });
});

describe("the jobs final phase", () => {
  it("thread t follows every concurrency-th acknowledged job until it ends, fetching the result of a done one", async () => {
    const w = jobsWorkload(ctx(1, 2));
    let n = 0;
    const r0 = rig(() => ({ type: "submit_ok", job_id: `j${n++}` }));
    for (let i = 0; i < 4; i++) await w.invoke(r0.client, "n1", { f: "submit", value: { job } });
    expect(w.finalOp!(0)).toEqual({ f: "final", value: { job_ids: ["j0", "j2"] }, final: true });
    expect(w.finalOp!(1)).toEqual({ f: "final", value: { job_ids: ["j1", "j3"] }, final: true });

    // j0 is in progress for the first two asks, then done; j2 is stopped.
    let asks = 0;
    const r = rig((req) => {
      if (req.type === "job_status" && req.job_id === "j0") return asks++ < 2 ? { type: "job_status_ok", status: "in_progress", tasks: { open: 1, running: 1, done: 0 } } : { type: "job_status_ok", status: "done", tasks: { open: 0, running: 0, done: 2 } };
      if (req.type === "job_status") return { type: "job_status_ok", status: "stopped", tasks: { open: 2, running: 0, done: 0 } };
      return { type: "job_result_ok", result: { a: 1, b: 2 }, task_runs: 3 };
    });
    const p = w.invoke(r.client, "n1", w.finalOp!(0));
    await r.clock.advanceAsync(2000);
    expect(await p).toEqual({
      type: "ok",
      value: { jobs: [{ job_id: "j0", status: "done", tasks: { open: 0, running: 0, done: 2 }, result: { a: 1, b: 2 }, task_runs: 3 }, { job_id: "j2", status: "stopped", tasks: { open: 2, running: 0, done: 0 } }] },
    });
    expect(r.sent.filter((b) => b.job_id === "j2")).toHaveLength(1); // ended at once: asked no more
  });

  it("gives up on a job still running after FINAL_WAIT_MS, recording what it last learned; an error is recorded too", async () => {
    const w = jobsWorkload(ctx(1, 1));
    let n = 0;
    const r0 = rig(() => ({ type: "submit_ok", job_id: `j${n++}` }));
    for (let i = 0; i < 2; i++) await w.invoke(r0.client, "n1", { f: "submit", value: { job } });
    const r = rig((req) => (req.job_id === "j0" ? { type: "job_status_ok", status: "in_progress", tasks: { open: 0, running: 2, done: 0 } } : { type: "error", code: 20, text: "no such job" }));
    const p = w.invoke(r.client, "n1", w.finalOp!(0));
    await r.clock.advanceAsync(FINAL_WAIT_MS + 1000);
    const c = await p;
    expect(c).toEqual({ type: "ok", value: { jobs: [{ job_id: "j0", status: "in_progress", tasks: { open: 0, running: 2, done: 0 } }, { job_id: "j1", error: ["key-does-not-exist", "no such job"] }] } });
    const asks = r.sent.filter((b) => b.job_id === "j0").length;
    expect(asks).toBeGreaterThan(40); // every 250 ms for 15 s
    expect(asks).toBeLessThanOrEqual(61);
  });
});

describe("the jobs final phase against a silent node", () => {
  it("stops asking at the deadline even when every ask times out (5 s each)", async () => {
    const w = jobsWorkload(ctx(1, 1));
    let n = 0;
    const r0 = rig(() => ({ type: "submit_ok", job_id: `j${n++}` }));
    for (let i = 0; i < 6; i++) await w.invoke(r0.client, "n1", { f: "submit", value: { job } });
    const r = rig(() => undefined);
    let settled = false;
    const p = w.invoke(r.client, "n1", w.finalOp!(0)).then((c) => ((settled = true), c));
    await r.clock.advanceAsync(FINAL_WAIT_MS + 5000);
    expect(settled).toBe(true); // 6 jobs x 5 s would be 30 s without the deadline inside a round
    const c = await p;
    const jobs = (c.value as { jobs: Array<{ job_id: string; error?: unknown }> }).jobs;
    expect(jobs).toHaveLength(6);
    expect(r.sent.length).toBeLessThanOrEqual(4); // asks begun before the deadline
    for (const e of jobs.slice(0, r.sent.length)) expect(e.error).toMatch(/^ClientTimeout: /);
    for (const e of jobs.slice(r.sent.length)) expect(e).toEqual({ job_id: e.job_id });
  });
});

/** fakeNodeClient, but n1 answers each request `delayMs` after it arrives: a slow cluster. */
const slowRig = (delayMs: number, reply: (req: Record<string, unknown>) => Record<string, unknown> | undefined) => fakeNodeClient(reply, delayMs);

describe("the jobs final phase against a slow cluster", () => {
  it("asks only about the jobs not settled during the run, each at least once, however many were acknowledged", async () => {
    const w = jobsWorkload(ctx(1, 1));
    const jobOf = (i: number): JobSpec => ({ name: `job-${i}`, tasks: [{ text: `w${i} x` }, { text: "x" }] });
    const right = (i: number) => expectedResult(jobOf(i));
    let n = 0;
    const r0 = rig((req) => {
      if (req.type === "submit") return { type: "submit_ok", job_id: `j${n++}` };
      const i = Number(String(req.job_id).slice(1));
      if (req.type === "job_result") return i === 0 ? { type: "job_result_ok", result: { x: 9 }, task_runs: 2 } : { type: "job_result_ok", result: right(i), task_runs: 2 };
      return { type: "job_status_ok", status: i === 40 ? "stopped" : "in_progress", tasks: { open: 0, running: 2, done: 0 } };
    });
    for (let i = 0; i < 45; i++) await w.invoke(r0.client, "n1", { f: "submit", value: { job: jobOf(i) } });
    // Seen during the run: j0 with a wrong result (still to ask), j1-j39 with their correct result, j40 stopped, j41 in progress.
    for (let i = 0; i < 40; i++) await w.invoke(r0.client, "n1", { f: "job_result", value: { job_id: `j${i}` } });
    for (const i of [40, 41]) await w.invoke(r0.client, "n1", { f: "job_status", value: { job_id: `j${i}` } });
    const op = w.finalOp!(0);
    expect(op.value).toEqual({ job_ids: ["j0", "j41", "j42", "j43", "j44"] });

    // Every reply takes 1 s; j0 is done (its result asked at once), the others in progress for ever.
    const r = slowRig(1000, (req) => {
      if (req.type === "job_result") return { type: "job_result_ok", result: right(0), task_runs: 2 };
      return { type: "job_status_ok", status: "in_progress", tasks: { open: 0, running: 1, done: 1 } };
    });
    const p = w.invoke(r.client, "n1", op);
    await r.clock.advanceAsync(FINAL_WAIT_MS + 2000);
    const jobs = ((await p).value as { jobs: Array<Record<string, unknown>> }).jobs;
    expect(jobs.map((e) => e.job_id)).toEqual(["j0", "j41", "j42", "j43", "j44"]);
    expect(jobs[0]).toEqual({ job_id: "j0", result: right(0), task_runs: 2 });
    for (const e of jobs.slice(1)) expect(e).toMatchObject({ status: "in_progress" });
    expect(r.sent.filter((b) => b.job_id === "j0").map((b) => b.type)).toEqual(["job_result"]);
    // In turns: each job still running asked again and again, all about as often.
    const asks = ["j41", "j42", "j43", "j44"].map((id) => r.sent.filter((b) => b.job_id === id).length);
    expect(Math.max(...asks) - Math.min(...asks)).toBeLessThanOrEqual(1);
    expect(Math.min(...asks)).toBeGreaterThanOrEqual(3);
  });
});
