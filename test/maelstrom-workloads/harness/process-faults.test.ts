import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RealClock } from "../../../lib/runtime/real-clock.js";
import { ProcessCluster } from "../../../maelstrom-workloads/harness/process-cluster.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import { MaelstromClient } from "../../../maelstrom-workloads/run/client.js";
import { isRunning, survivors } from "../../helpers/leftover-processes.js";
import { ROOT, runHarness } from "../../helpers/run-harness.js";

/** The pids of every process in a process group (from /proc). */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const lines = (text: string) => text.trim().split("\n").map((l): Record<string, unknown> => JSON.parse(l));

/** The state letter of a process (R, S, T for stopped, Z...). */
const stateOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
};

function cluster(ids: string[], exits: string[]) {
  const clock = new RealClock();
  const network = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
  const logs = mkdtempSync(join(tmpdir(), "process-faults-"));
  const c = new ProcessCluster(
    ids,
    network,
    (id) => ({ id, bin: resolve(ROOT, "nodes/echo.ts"), args: [], network, logPath: join(logs, `${id}.log`), now: () => 0, onOutputStopped: () => {}, onExit: (n) => exits.push(n.id) }),
    (id) => join(logs, `${id}.log`),
  );
  let next = 0;
  const client = () => new MaelstromClient(`c${next++}`, network, clock).open();
  const init = (id: string) => client().rpc(id, { type: "init", node_id: id, node_ids: ids }, 10_000);
  return { c, network, client, init };
}

/** The pid of a node's process: the leader of its process group. */
const pidOf = (c: ProcessCluster, id: string) => c.pid(id)!;

describe("process faults on the process host", () => {
  it("kill ends the node's whole process group, is no crash, and a restart is a new process that answers a fresh init", async () => {
    const exits: string[] = [];
    const s = cluster(["n0"], exits);
    s.c.start("n0");
    try {
      await s.init("n0");
      const first = pidOf(s.c, "n0");
      expect(groupMembers(first).length).toBeGreaterThan(0);
      await s.c.kill("n0");
      expect(s.c.alive("n0")).toBe(false);
      expect(s.c.killed("n0")).toBe(true);
      expect(await survivors(groupMembers(first), 2000)).toEqual([]);
      expect(isRunning(first)).toBe(false);
      // The nemesis's kill is expected: not reported as an exit during the run.
      expect(exits).toEqual([]);

      s.c.start("n0");
      const second = pidOf(s.c, "n0");
      expect(second).not.toBe(first);
      expect(s.c.killed("n0")).toBe(false);
      await s.init("n0");
      await expect(s.client().rpc("n0", { type: "echo", echo: "again" }, 5000)).resolves.toMatchObject({ type: "echo_ok", echo: "again" });
    } finally {
      await s.c.stop("n0");
    }
    expect(exits).toEqual([]);
  });

  it("pause stops the process group (state T) and it answers nothing until resumed; then it answers what waited", async () => {
    const exits: string[] = [];
    const s = cluster(["n0"], exits);
    s.c.start("n0");
    try {
      await s.init("n0");
      const pid = pidOf(s.c, "n0");
      s.c.pause("n0");
      expect(s.c.paused("n0")).toBe(true);
      const deadline = Date.now() + 2000;
      while (stateOf(pid) !== "T" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(stateOf(pid)).toBe("T");
      let answered = false;
      const reply = s.client().rpc("n0", { type: "echo", echo: "waited" }, 10_000).then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 700));
      expect(answered).toBe(false);
      s.c.resume("n0");
      expect(s.c.paused("n0")).toBe(false);
      await expect(reply).resolves.toMatchObject({ type: "echo_ok", echo: "waited" });
    } finally {
      await s.c.stop("n0");
    }
    expect(exits).toEqual([]);
  });

  it("a paused node is still ended at teardown, with its whole group", async () => {
    const s = cluster(["n0"], []);
    s.c.start("n0");
    await s.init("n0");
    const pid = pidOf(s.c, "n0");
    s.c.pause("n0");
    await s.c.stop("n0");
    expect(await survivors(groupMembers(pid), 2000)).toEqual([]);
  });
});

describe("runs with kill and pause on the process host", () => {
  it("echo under kill and pause: exit 0, the faults in the history, each restarted node given a fresh init", async () => {
    const r = await runHarness({ workload: "echo", bin: "nodes/echo.ts", nodeCount: 3, timeLimit: 4, nemesis: ["kill", "pause"], nemesisTargets: ["one"], nemesisInterval: 0.7, seed: 5 });
    expect(r.exitCode, r.output).toBe(0);
    const lines = (name: string) => r.text(name).trim().split("\n").map((l): Record<string, any> => JSON.parse(l));
    const history = lines("history.jsonl");
    const fs = new Set(history.filter((o) => o.process === "nemesis").map((o) => o.f));
    for (const f of ["kill", "start", "pause"]) expect(fs, f).toContain(f);
    const journal = lines("journal.jsonl");
    const restarted = history.filter((o) => o.process === "nemesis" && o.f === "start" && typeof o.value === "object").flatMap((o) => Object.keys(o.value));
    expect(restarted.length).toBeGreaterThan(0);
    for (const id of restarted) expect(journal.filter((e) => e.type === "recv" && e.message.dest === id && e.message.body.type === "init").length).toBeGreaterThan(1);
  });

  it("drops the unfinished line of a node the nemesis killed mid-line: no bad output, and the restarted node is heard", async () => {
    const schedule = join(mkdtempSync(join(tmpdir(), "split-writes-")), "schedule.json");
    writeFileSync(schedule, JSON.stringify({ version: 1, faults: [{ atMs: 1500, forMs: 1000, kind: "kill", nodes: ["n0"] }] }));
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/split-writes.mjs", nodeCount: 1, timeLimit: 5, schedule });
    expect(r.exitCode, `${r.label}\n${r.output}`).not.toBe(255);
    expect(r.file("results.json").harness["output-stopped"] ?? []).toEqual([]);
    const journal = lines(r.text("journal.jsonl"));
    const replies = journal.filter((e) => e.type === "send" && (e.message as { src: string }).src === "n0").length;
    expect(replies).toBeGreaterThan(2);
  });
});
