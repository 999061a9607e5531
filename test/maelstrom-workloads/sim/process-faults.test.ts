import { describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import { MaelstromClient } from "../../../maelstrom-workloads/run/client.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";
import { type InstallNode, SimCluster } from "../../../maelstrom-workloads/sim/sim-cluster.js";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { simRun } from "../../helpers/sim-run.js";

/** Echoes, and every 100 ms sends n1 a tick with its own count: a node with a timer and state. */
const ticker: InstallNode = (node) => {
  let ticks = 0;
  node.on("echo", z.object({ echo: z.unknown() }), (m) => ({ type: "echo_ok", echo: m.body.echo, ticks }));
  node.onInit(() => {
    if (node.id !== "n0") return;
    node.every(100, () => {
      ticks++;
      node.send("n1", { type: "tick", ticks });
    });
  });
  node.on("tick", () => undefined);
};

function setUp(install: InstallNode) {
  const ids = ["n0", "n1"];
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  const network = new Network({ clock, latency: () => 5, journal: (e) => journal.push(e), nowNs: () => clock.now() * 1e6 });
  const cluster = new SimCluster({ ids, clock, network, install, args: [], seed: 1, log: () => {}, logPath: (id) => `/store/node-logs/${id}.log`, now: () => clock.now(), onOutputStopped: () => {} });
  let next = 0;
  const client = () => new MaelstromClient(`c${next++}`, network, clock).open();
  const init = (id: string) => client().rpc(id, { type: "init", node_id: id, node_ids: ids }, 10_000);
  const ticksSent = () => journal.filter((e) => e.type === "send" && e.message.src === "n0" && e.message.body.type === "tick").map((e) => e.message.body.ticks as number);
  /** Resolves `ms` of virtual time from now (to await inside driveOnVirtualTime). */
  const wait = (ms: number) => new Promise<void>((r) => clock.after(ms, r));
  const waitFor = (ms: number) => driveOnVirtualTime(clock, wait(ms));
  return { clock, network, journal, cluster, client, init, ticksSent, wait, waitFor };
}

describe("process faults in the simulator", () => {
  it("kill drops the instance with its timers; a restart is a new, empty instance that needs a fresh init", async () => {
    const s = setUp(ticker);
    await driveOnVirtualTime(s.clock, (async () => {
      for (const id of ["n0", "n1"]) s.cluster.start(id);
      await Promise.all([s.init("n0"), s.init("n1")]);
      await s.wait(550);
    })());
    const before = s.ticksSent();
    expect(before).toEqual([1, 2, 3, 4, 5]);

    await s.cluster.kill("n0");
    expect(s.cluster.alive("n0")).toBe(false);
    expect(s.cluster.killed("n0")).toBe(true);
    // Dead: no timer of it fires, and a request to it goes unanswered.
    await s.waitFor(1000);
    expect(s.ticksSent()).toEqual(before);
    await expect(driveOnVirtualTime(s.clock, s.client().rpc("n0", { type: "echo", echo: 1 }, 500))).rejects.toThrow(/no reply from n0/);

    // Started again: empty (its count starts over), and it ticks only once it has had its init.
    s.cluster.start("n0");
    expect(s.cluster.killed("n0")).toBe(false);
    await s.waitFor(500);
    expect(s.ticksSent()).toEqual(before);
    const reply = await driveOnVirtualTime(s.clock, (async () => {
      await s.init("n0");
      await s.wait(250);
      return s.client().rpc("n0", { type: "echo", echo: "again" }, 1000);
    })());
    expect(reply).toMatchObject({ type: "echo_ok", echo: "again", ticks: 2 });
    expect(s.ticksSent()).toEqual([...before, 1, 2]);
  });

  it("pause holds the node's timers and input until resume; what was sent to it waits, in order", async () => {
    const s = setUp(ticker);
    await driveOnVirtualTime(s.clock, (async () => {
      for (const id of ["n0", "n1"]) s.cluster.start(id);
      await Promise.all([s.init("n0"), s.init("n1")]);
      await s.wait(250);
    })());
    expect(s.ticksSent()).toEqual([1, 2]);
    s.cluster.pause("n0");
    expect(s.cluster.paused("n0")).toBe(true);
    expect(s.cluster.alive("n0")).toBe(true);
    const c = s.client();
    const answers: unknown[] = [];
    const asked = [c.rpc("n0", { type: "echo", echo: "a" }, 5000), s.client().rpc("n0", { type: "echo", echo: "b" }, 5000)].map((p) => p.then((r) => answers.push(r.echo)));
    await s.waitFor(1000);
    // A second of pause: not one tick, not one answer.
    expect(s.ticksSent()).toEqual([1, 2]);
    expect(answers).toEqual([]);
    const resumedAt = s.clock.now();
    s.cluster.resume("n0");
    await driveOnVirtualTime(s.clock, Promise.all(asked));
    expect(answers).toEqual(["a", "b"]);
    // Its interval fires once on resume (a stopped process's interval does not catch up), then goes on.
    await s.waitFor(resumedAt + 120 - s.clock.now());
    expect(s.ticksSent()).toEqual([1, 2, 3, 4]);
    const third = s.journal.find((e) => e.type === "send" && e.message.body.type === "tick" && e.message.body.ticks === 3)!;
    expect(third.time / 1e6).toBe(resumedAt);
  });

  it("a node killed while paused is dead, and what waited for it is lost", async () => {
    const s = setUp(ticker);
    await driveOnVirtualTime(s.clock, (async () => {
      for (const id of ["n0", "n1"]) s.cluster.start(id);
      await Promise.all([s.init("n0"), s.init("n1")]);
    })());
    s.cluster.pause("n0");
    const lost = s.client().rpc("n0", { type: "echo", echo: "lost" }, 300);
    await s.cluster.kill("n0");
    s.cluster.resume("n0");
    expect(s.cluster.paused("n0")).toBe(false);
    await expect(driveOnVirtualTime(s.clock, lost)).rejects.toThrow(/no reply from n0/);
  });
});

describe("runs with kill and pause on the simulator", () => {
  it("echo under kill: the nemesis's kills are no crash; each killed node gets a fresh init when it is started again", async () => {
    const install = await loadNodeProgram("nodes/echo.ts");
    const r = await simRun({ workloadName: "echo", install, nodeCount: 3, timeLimit: 10, nemesis: ["kill"], nemesisTargets: ["one"], nemesisInterval: 1, seed: 4 });
    expect(r.exitCode).toBe(0);
    const history = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const nem = history.filter((o) => o.process === "nemesis");
    const kills = nem.filter((o) => o.f === "kill" && typeof o.value === "object");
    const starts = nem.filter((o) => o.f === "start" && typeof o.value === "object");
    expect(kills.length).toBeGreaterThan(2);
    for (const k of kills) expect(Object.values(k.value)).toEqual(["killed"]);
    const journal = r.text("journal.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const inits = (id: string) => journal.filter((e) => e.type === "recv" && e.message.dest === id && e.message.body.type === "init").length;
    for (const st of starts) for (const id of Object.keys(st.value)) expect(inits(id)).toBeGreaterThan(1);
    // Requests to a dead node are not answered: failed or indeterminate, never a wrong echo (the checker passed).
    expect(journal.some((e) => e.type === "drop" && e.why === "down")).toBe(true);
    expect(r.file("results.json")["valid?"]).toBe(true);
  });

  it("broadcast under kill: a restarted node is sent its topology again", async () => {
    const install = await loadNodeProgram("nodes/broadcast.ts");
    const r = await simRun({ workloadName: "broadcast", install, bin: "nodes/broadcast.ts", nodeCount: 5, timeLimit: 10, nemesis: ["kill"], nemesisTargets: ["one"], nemesisInterval: 2, seed: 8 });
    expect(r.exitCode === 0 || r.exitCode === 1).toBe(true);
    const journal = r.text("journal.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const history = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const restarted = history.filter((o) => o.process === "nemesis" && o.f === "start" && typeof o.value === "object").flatMap((o) => Object.keys(o.value));
    expect(restarted.length).toBeGreaterThan(0);
    for (const id of restarted) {
      const toIt = journal.filter((e) => e.type === "recv" && e.message.dest === id).map((e) => e.message.body.type);
      expect(toIt.filter((t) => t === "init").length).toBeGreaterThan(1);
      expect(toIt.filter((t) => t === "topology").length).toBeGreaterThan(1);
      // topology comes after its second init
      expect(toIt.lastIndexOf("topology")).toBeGreaterThan(toIt.lastIndexOf("init"));
    }
  });

  it("a kill, a pause and a partition mix, each on its own schedule, and the final phase ends them all", async () => {
    const install = await loadNodeProgram("nodes/broadcast.ts");
    const r = await simRun({ workloadName: "broadcast", install, bin: "nodes/broadcast.ts", nodeCount: 5, timeLimit: 12, nemesis: ["partition", "kill", "pause"], nemesisInterval: 1.5, seed: 2 });
    expect(r.exitCode === 0 || r.exitCode === 1).toBe(true);
    const history = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const fs = new Set(history.filter((o) => o.process === "nemesis").map((o) => o.f));
    for (const f of ["start-partition", "stop-partition", "kill", "start", "pause", "resume"]) expect(fs, f).toContain(f);
    // Before the final reads: nothing killed, nothing paused, the network whole.
    const firstFinal = history.findIndex((o) => o.final === true);
    const before = history.slice(0, firstFinal).filter((o) => o.process === "nemesis" && typeof o.value === "object" && o.value !== null && !Array.isArray(o.value));
    const down = new Set<string>();
    const paused = new Set<string>();
    for (const o of before) {
      for (const [id, what] of Object.entries(o.value as Record<string, string>)) {
        if (what === "killed") {
          down.add(id);
          paused.delete(id); // a paused node that is killed is dead, not paused
        }
        if (what === "started") down.delete(id);
        if (what === "paused") paused.add(id);
        if (what === "resumed") paused.delete(id);
      }
    }
    expect([...down]).toEqual([]);
    expect([...paused]).toEqual([]);
  });
});

describe("a node that cannot be started again", () => {
  it("crashes the run cleanly (exit 255, history and test.json written), with no unhandled rejection", async () => {
    let installs = 0;
    const flaky: InstallNode = (node) => {
      if (++installs > 3) throw new Error("no second life");
      node.on("echo", z.object({ echo: z.unknown() }), (m) => ({ type: "echo_ok", echo: m.body.echo }));
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const r = await simRun({ workloadName: "echo", install: flaky, nodeCount: 3, timeLimit: 10, schedule: { version: 1, faults: [{ atMs: 1000, forMs: 1000, kind: "kill", nodes: ["n0"] }] } });
      await new Promise((res) => setImmediate(res));
      expect(r.exitCode).toBe(255);
      expect(r.crash).toMatch(/after the nemesis killed it and started it again, node n0 did not answer init/);
      expect(r.file("test.json").status).toBe("crashed");
      expect(r.text("history.jsonl")).toMatch(/"f":"kill"/);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
