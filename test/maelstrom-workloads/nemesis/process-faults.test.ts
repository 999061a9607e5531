import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { History } from "../../../maelstrom-workloads/model/history.js";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import type { NemesisContext } from "../../../maelstrom-workloads/nemesis/nemesis-package.js";
import { killPackage, pausePackage, targetCount, targetNodes } from "../../../maelstrom-workloads/nemesis/process-faults.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import type { Cluster } from "../../../maelstrom-workloads/run/cluster.js";
import { GatedClock } from "../../../maelstrom-workloads/sim/gated-clock.js";

describe("targets of process faults, as Jepsen's process nemeses count them", () => {
  it.each([
    ["one", 1, 1],
    ["one", 5, 1],
    ["minority", 1, 0],
    ["minority", 3, 1],
    ["minority", 4, 2],
    ["minority", 5, 2],
    ["minority", 25, 12],
    ["majority", 1, 1],
    ["majority", 4, 3],
    ["majority", 5, 3],
    ["all", 5, 5],
  ] as const)("%s of %i nodes is %i", (spec, n, count) => {
    expect(targetCount(spec, n)).toBe(count);
  });

  it("draws among the nodes the fault can hit, in test order, at most as many as there are", () => {
    const nodes = ["n0", "n1", "n2", "n3", "n4"];
    const rng = seededRng(3);
    for (let i = 0; i < 50; i++) {
      const eligible = nodes.filter(() => rng.next() < 0.7);
      const got = targetNodes("majority", 5, eligible, rng);
      expect(got.length).toBe(Math.min(3, eligible.length));
      expect(got.every((x) => eligible.includes(x))).toBe(true);
      expect(got).toEqual(eligible.filter((x) => got.includes(x)));
    }
  });
});

/** A cluster that only records what the packages asked of it. */
function fakeContext(targets: string[]) {
  const clock = new VirtualClock();
  const nodes = ["n0", "n1", "n2", "n3", "n4"];
  const killed = new Set<string>();
  const paused = new Set<string>();
  const calls: string[] = [];
  const restarting = new Set<string>();
  const cluster = {
    nodes,
    alive: (id: string) => !killed.has(id),
    killed: (id: string) => killed.has(id),
    paused: (id: string) => paused.has(id),
    kill: async (id: string) => void (calls.push(`kill ${id}`), killed.add(id), paused.delete(id)),
    pause: (id: string) => void (calls.push(`pause ${id}`), paused.add(id)),
    resume: (id: string) => void (calls.push(`resume ${id}`), paused.delete(id)),
  } as unknown as Cluster;
  const network = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
  for (const id of nodes) network.register(id, { deliver: () => {} });
  const history = new History(() => clock.now() * 1e6);
  const ctx: NemesisContext = {
    network,
    cluster,
    history,
    rng: seededRng(9),
    targets,
    restart: async (id) => {
      calls.push(`restart ${id}`);
      killed.delete(id);
    },
    restarting,
  };
  return { ctx, calls, history, killed, paused, restarting };
}

describe("the kill and pause packages", () => {
  it("kill: kills the targets, records the spec then {node: killed}; heal restarts each, recorded as start", async () => {
    const f = fakeContext(["minority"]);
    const what = await killPackage.start(f.ctx);
    const hit = [...f.killed];
    expect(hit).toHaveLength(2);
    expect(what).toBe(`kill ${hit.join(",")}`);
    expect(f.history.ops.map((o) => [o.f, o.value])).toEqual([
      ["kill", "minority"],
      ["kill", Object.fromEntries(hit.map((id) => [id, "killed"]))],
    ]);
    await killPackage.heal(f.ctx);
    expect(f.killed.size).toBe(0);
    expect(f.calls).toEqual([...hit.map((id) => `kill ${id}`), ...hit.map((id) => `restart ${id}`)]);
    expect(f.history.ops.slice(2).map((o) => [o.f, o.value])).toEqual([
      ["start", "all"],
      ["start", Object.fromEntries(hit.map((id) => [id, "started"]))],
    ]);
  });

  it("pause: pauses only running nodes; heal resumes every paused one", async () => {
    const f = fakeContext(["all"]);
    await f.ctx.cluster.kill("n1");
    f.calls.length = 0;
    pausePackage.start(f.ctx);
    expect([...f.paused].sort()).toEqual(["n0", "n2", "n3", "n4"]);
    expect(f.history.ops.at(-1)!.value).toEqual({ n0: "paused", n2: "paused", n3: "paused", n4: "paused" });
    pausePackage.heal(f.ctx);
    expect(f.paused.size).toBe(0);
    expect(f.history.ops.slice(-2).map((o) => [o.f, o.value])).toEqual([
      ["resume", "all"],
      ["resume", { n0: "resumed", n2: "resumed", n3: "resumed", n4: "resumed" }],
    ]);
  });

  it("never hits a node that is being started again (its init or setup would fail)", async () => {
    const f = fakeContext(["all"]);
    f.restarting.add("n2");
    pausePackage.start(f.ctx);
    expect([...f.paused].sort()).toEqual(["n0", "n1", "n3", "n4"]);
    pausePackage.heal(f.ctx);
    await killPackage.start(f.ctx);
    expect([...f.killed].sort()).toEqual(["n0", "n1", "n3", "n4"]);
  });

  it("refuses targets it does not know, naming them", () => {
    const f = fakeContext(["two"]);
    expect(() => pausePackage.start(f.ctx)).toThrow(/--nemesis-targets: no target among \["two"\]/);
  });
});

describe("GatedClock: one node instance's view of the shared clock", () => {
  it("fires as the shared clock while running", () => {
    const clock = new VirtualClock();
    const g = new GatedClock(clock);
    const fired: string[] = [];
    g.after(10, () => fired.push(`after@${clock.now()}`));
    g.every(4, () => fired.push(`every@${clock.now()}`));
    clock.advance(12);
    expect(fired).toEqual(["every@4", "every@8", "after@10", "every@12"]);
  });

  it("holds what falls due while paused and fires it on resume, an interval once, in the order they fell due", () => {
    const clock = new VirtualClock();
    const g = new GatedClock(clock);
    const fired: string[] = [];
    g.every(4, () => fired.push(`every@${clock.now()}`));
    g.after(6, () => fired.push(`after@${clock.now()}`));
    clock.advance(2);
    g.pause();
    clock.advance(20);
    expect(fired).toEqual([]);
    g.resume();
    clock.advance(0);
    expect(fired).toEqual(["every@22", "after@22"]);
    clock.advance(2);
    expect(fired).toEqual(["every@22", "after@22", "every@24"]);
  });

  it("a timer cancelled while held does not fire on resume", () => {
    const clock = new VirtualClock();
    const g = new GatedClock(clock);
    const fired: string[] = [];
    const t = g.after(5, () => fired.push("after"));
    g.pause();
    clock.advance(10);
    t.cancel();
    g.resume();
    clock.advance(10);
    expect(fired).toEqual([]);
  });

  it("kill cancels everything on the shared clock, and schedules nothing afterwards", () => {
    const clock = new VirtualClock();
    const g = new GatedClock(clock);
    const fired: string[] = [];
    g.every(4, () => fired.push("every"));
    g.after(6, () => fired.push("after"));
    clock.advance(5);
    g.pause();
    clock.advance(5);
    g.kill();
    expect(clock.pending).toBe(0);
    g.after(1, () => fired.push("late"));
    g.resume();
    clock.advance(100);
    expect(fired).toEqual(["every"]);
    expect(clock.pending).toBe(0);
  });
});
