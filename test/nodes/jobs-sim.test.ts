import { describe, expect, it } from "vitest";
import { type Node, type OutgoingBody, RpcError } from "../../lib/index.js";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { simRun } from "../helpers/sim-run.js";

// The jobs workload end to end on the simulator with a tiny fake written here:
// n1 is the leader for ever and holds every job; the other nodes forward to
// it; it runs each task on a slot of some worker (the slots are its own
// bookkeeping: 2 per node), after the task's work_ms. Correct without faults;
// its forgetful variant never completes a task, so no job ever finishes, and
// the checker must say so; its amnesiac variant forgets a job once it has
// served its result, which the checker must call a loss.

interface FakeJob {
  id: string;
  name: string;
  texts: Array<{ text: string; ms: number }>;
  state: Array<"open" | "running" | "done">;
  counts: Record<string, number>;
  runs: number;
  stopped: boolean;
}

/** forgetful: no task ever completes; amnesiac: a job is forgotten once its result is served; countsDown: cluster_status's tasks_done goes down as tasks complete. */
function installFakeJobs(forgetful: boolean, amnesiac = false, countsDown = false) {
  return (node: Node): void => {
    const jobs = new Map<string, FakeJob>();
    const running = new Map<string, number>();
    let next = 0;
    const isLeader = () => node.id === "n1";
    const status = (j: FakeJob) => (j.stopped ? "stopped" : j.state.every((s) => s === "done") ? "done" : j.state.some((s) => s !== "open") ? "in_progress" : "not_started");
    const lookup = (id: unknown) => jobs.get(String(id)) ?? (() => { throw new RpcError(20, `no job ${String(id)}`); })();
    const schedule = () => {
      for (const j of jobs.values()) {
        if (j.stopped) continue;
        j.state.forEach((s, t) => {
          if (s !== "open") return;
          const w = node.nodeIds.find((id) => (running.get(id) ?? 0) < 2);
          if (!w) return;
          j.state[t] = "running";
          j.runs++;
          running.set(w, (running.get(w) ?? 0) + 1);
          node.after(j.texts[t]!.ms, () => {
            running.set(w, running.get(w)! - 1);
            if (forgetful || j.stopped) return schedule();
            j.state[t] = "done";
            for (const x of j.texts[t]!.text.split(/\s+/)) if (x) j.counts[x] = (j.counts[x] ?? 0) + 1;
            schedule();
          });
        });
      }
    };
    const handlers: Record<string, (b: Record<string, unknown>) => OutgoingBody> = {
      submit: (b) => {
        const job = b.job as { name: string; tasks: Array<{ text: string; work_ms?: number }> };
        const id = `job${next++}`;
        jobs.set(id, { id, name: job.name, texts: job.tasks.map((t) => ({ text: t.text, ms: t.work_ms ?? 0 })), state: job.tasks.map(() => "open"), counts: {}, runs: 0, stopped: false });
        schedule();
        return { type: "submit_ok", job_id: id };
      },
      job_status: (b) => {
        const j = lookup(b.job_id);
        const n = (s: string) => j.state.filter((x) => x === s).length;
        return { type: "job_status_ok", status: status(j), tasks: { open: n("open"), running: n("running"), done: n("done") } };
      },
      job_result: (b) => {
        const j = lookup(b.job_id);
        if (j.stopped) throw new RpcError(14, "stopped");
        if (status(j) !== "done") throw new RpcError(11, "not done");
        if (amnesiac) jobs.delete(j.id);
        return { type: "job_result_ok", result: j.counts, task_runs: j.runs };
      },
      list_jobs: () => ({ type: "list_jobs_ok", jobs: [...jobs.values()].map((j) => ({ job_id: j.id, name: j.name, status: status(j) })) }),
      cluster_status: () => {
        const busy = [...running.values()].reduce((a, b) => a + b, 0);
        const done = [...jobs.values()].reduce((n, j) => n + j.state.filter((x) => x === "done").length, 0);
        return { type: "cluster_status_ok", health: "healthy", leader: "n1", workers: Object.fromEntries(node.nodeIds.map((id) => [id, { status: "alive", slots: 2, running: running.get(id) ?? 0 }])), open_slots: 2 * node.nodeIds.length - busy, total_slots: 2 * node.nodeIds.length, open_tasks: 0, tasks_done: countsDown ? 1000 - done : done };
      },
      stop_job: (b) => {
        const j = lookup(b.job_id);
        if (status(j) !== "done") j.stopped = true;
        for (let t = 0; t < j.state.length; t++) if (j.stopped && j.state[t] === "running") j.state[t] = "open";
        return { type: "stop_job_ok", status: status(j) };
      },
    };
    for (const [type, h] of Object.entries(handlers)) {
      node.on(type, async (m) => {
        const body = m.body as Record<string, unknown>;
        if (isLeader()) return h(body);
        const { msg_id: _m, type: _t, ...rest } = body;
        const { msg_id: _r, in_reply_to: _i, ...reply } = await node.rpc("n1", { type, ...rest });
        return reply as OutgoingBody;
      });
    }
  };
}

type W = Record<string, unknown>;
const workload = (r: Awaited<ReturnType<typeof simRun>>) => r.file("results.json").workload as W;
const settings = { workloadName: "jobs", nodeCount: 3, rate: 10, timeLimit: 10, seed: 1 };

describe("the jobs workload on the simulator, with a fake single-leader node", () => {
  it("the fake is valid: every acknowledged job done with its word counts, or stopped when asked", async () => {
    const r = await simRun({ ...settings, install: installFakeJobs(false), bin: "fake-jobs" });
    const w = workload(r);
    expect(r.exitCode, `${r.output}\n${JSON.stringify(w, null, 1)}`).toBe(0);
    expect(w["acknowledged-count"]).toBeGreaterThan(10);
    expect((w["completed-count"] as number) + (w["stopped-count"] as number)).toBe(w["acknowledged-count"]);
    expect(w["completed-count"]).toBeGreaterThan(5);
    expect(w["wrong-result-count"]).toBe(0);
    expect(w["regressed-status-count"]).toBe(0);
    expect(w["lost-count"]).toBe(0);
    expect(w["task-rerun-count"]).toBe(0);
    expect(w["job-latencies"]).toMatchObject({ "0": expect.any(Number), "1": expect.any(Number) });
    expect(w["slot-utilisation"]).toBeGreaterThan(0);
    const history = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as { f: string; type: string; final?: boolean });
    expect(history.filter((o) => o.f === "final" && o.type === "ok")).toHaveLength(r.cfg.concurrency);
  });

  it("its forgetful variant (no task ever completes) is invalid, each job listed as not finished", async () => {
    const r = await simRun({ ...settings, install: installFakeJobs(true), bin: "forgetful-fake-jobs" });
    const w = workload(r);
    expect(r.exitCode, r.output).toBe(1);
    expect(w["completed-count"]).toBe(0);
    expect(w["unfinished-count"]).toBeGreaterThan(0);
    expect((w.unfinished as Array<{ text: string }>)[0]!.text).toMatch(/last seen (in_progress|not_started)/);
  });

  it("a variant whose tasks_done goes down as tasks complete is invalid, though every job ends right: the regressions listed", async () => {
    const r = await simRun({ ...settings, install: installFakeJobs(false, false, true), bin: "counting-down-fake-jobs" });
    const w = workload(r);
    expect(r.exitCode, r.output).toBe(1);
    expect([w["unfinished-count"], w["wrong-result-count"], w["regressed-status-count"]]).toEqual([0, 0, 0]);
    expect(w["regressed-tasks-done-count"]).toBeGreaterThan(0);
    expect((w["tasks-done-regressions"] as Array<{ text: string }>)[0]!.text).toMatch(/cluster_status said \d+ tasks done in all .*, then \d+/);
  });

  it("its amnesiac variant (a job forgotten once its result is served) is invalid, each loss listed with its evidence", async () => {
    const r = await simRun({ ...settings, install: installFakeJobs(false, true), bin: "amnesiac-fake-jobs" });
    const w = workload(r);
    expect(r.exitCode, r.output).toBe(1);
    expect(w["unfinished-count"]).toBe(0); // every job's correct result was fetched once
    expect(w["lost-count"]).toBeGreaterThan(0);
    expect((w.lost as Array<{ text: string }>)[0]!.text).toMatch(/answered error 20: no such job|missing from list_jobs/);
  });
});

// nodes/job-worker.ts (5 nodes, 2 slots each) on the simulator: valid without faults, under partitions, and under
// kills that hit the leader (seed 2 kills the leader twice, with this node as it first landed).
const JOB_WORKER = "nodes/job-worker.ts";
const real = { workloadName: "jobs", nodeCount: 5, rate: 10, timeLimit: 20, bin: JOB_WORKER };
const installWorker = loadNodeProgram(JOB_WORKER);

describe("nodes/job-worker.ts on the simulator (5 nodes, --rate 10, 20 s)", () => {
  it.each([
    ["no faults", { seed: 1 }],
    ["--nemesis partition (--nemesis-interval 4)", { nemesis: ["partition"], nemesisInterval: 4, seed: 1 }],
    ["--nemesis kill --nemesis-targets one (--nemesis-interval 4), the leader killed twice", { nemesis: ["kill"], nemesisInterval: 4, nemesisTargets: ["one"], seed: 2 }],
  ])("is valid under %s: every acknowledged job done right or stopped when asked", { timeout: 60_000 }, async (_, faults) => {
    const r = await simRun({ ...real, ...faults, install: await installWorker });
    const w = workload(r);
    expect(r.exitCode, `${r.output}\n${JSON.stringify(w, null, 1)}`).toBe(0);
    expect(w["completed-count"]).toBeGreaterThan(30);
    expect((w["completed-count"] as number) + (w["stopped-count"] as number)).toBe(w["acknowledged-count"]);
    expect(w["lost-count"]).toBe(0);
    if ("nemesis" in faults && faults.nemesis[0] === "kill") {
      // The node changes under this test: any leader kill will do, as long as progress was seen after one.
      expect(w["leader-kill-count"], JSON.stringify(w, null, 1)).toBeGreaterThan(0);
      expect((w["leader-recovery-latencies"] as Record<string, number>)["0"]).toBeGreaterThan(0);
    }
  });
});

describe("test/fixtures/nodes/forgetful-jobs.ts on the simulator: the evidence a person reads", () => {
  it("under kills, each unfinished job is listed with its last status and counts: tasks left running on a dead worker", { timeout: 60_000 }, async () => {
    const FORGETFUL = "test/fixtures/nodes/forgetful-jobs.ts";
    const r = await simRun({ ...real, bin: FORGETFUL, nemesis: ["kill"], nemesisInterval: 4, nemesisTargets: ["one"], seed: 1, install: await loadNodeProgram(FORGETFUL) });
    const w = workload(r);
    expect(r.exitCode, `${r.output}\n${JSON.stringify(w, null, 1)}`).toBe(1);
    expect(w["unfinished-count"]).toBeGreaterThan(0);
    expect(w["wrong-result-count"]).toBe(0);
    const [first] = w.unfinished as Array<{ job: string; status: string; "last-counts": { running: number } | null; text: string }>;
    expect(first!.status).toBe("in_progress");
    expect(first!["last-counts"]!.running).toBeGreaterThan(0);
    expect(first!.text).toMatch(/last seen in_progress; last counts open \d+, running [1-9]\d*, done \d+/);
  });
});
