import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { History } from "../../../maelstrom-workloads/model/history.js";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import type { FaultSchedule } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import type { NemesisContext } from "../../../maelstrom-workloads/nemesis/nemesis-package.js";
import { ScheduleNemesis } from "../../../maelstrom-workloads/nemesis/schedule-nemesis.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import type { Cluster } from "../../../maelstrom-workloads/run/cluster.js";
import { Latch } from "../../../maelstrom-workloads/run/latch.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";

const NODES = ["n1", "n2", "n3", "n4", "n5"];

/** A cluster that only keeps each node's state, and logs what was done to it with the virtual time. */
function fakeCluster(clock: VirtualClock, log: string[]): Cluster {
  const state = new Map(NODES.map((n) => [n, "running" as "running" | "paused" | "killed"]));
  const at = (what: string) => log.push(`${clock.now()} ${what}`);
  return {
    nodes: NODES,
    start: (id) => void (state.set(id, "running"), at(`start ${id}`)),
    alive: (id) => state.get(id) !== "killed",
    kill: async (id) => void (state.set(id, "killed"), at(`kill ${id}`)),
    killed: (id) => state.get(id) === "killed",
    pause: (id) => void (state.set(id, "paused"), at(`pause ${id}`)),
    resume: (id) => void (state.set(id, "running"), at(`resume ${id}`)),
    paused: (id) => state.get(id) === "paused",
  } as Partial<Cluster> as Cluster; // the schedule uses only these
}

/**
 * Runs `schedule` on a VirtualClock with a main phase of `mainMs`, probing the
 * network at `probes` (ms), then (with `heal`) the final phase's heal.
 */
async function play(schedule: FaultSchedule, mainMs: number, probes: number[] = [], heal = true) {
  const clock = new VirtualClock();
  const log: string[] = [];
  const network = new Network({ clock, latency: () => 10, journal: () => {}, nowNs: () => clock.now() * 1e6, loss: 0.1, lossDraw: seededRng(1).next });
  for (const n of NODES) network.register(n, { deliver: () => {} });
  const cluster = fakeCluster(clock, log);
  const history = new History(() => clock.now() * 1e6);
  const ctx: NemesisContext = {
    network,
    cluster,
    history,
    rng: seededRng(2),
    targets: ["one"],
    restart: async (id) => {
      cluster.start(id);
      // A restart takes time (init and setup): the next turn waits for it.
      await new Promise<void>((r) => clock.after(50, r));
      log.push(`${clock.now()} restarted ${id}`);
    },
    restarting: new Set(),
  };
  const probed: Record<number, { grudge: Record<string, string[]>; loss: number; factor: number; down: string[] }> = {};
  for (const t of probes) clock.after(t, () => (probed[t] = { grudge: network.currentGrudge, loss: network.loss, factor: network.latencyFactor, down: NODES.filter((n) => network.isDown(n)) }));
  const main = new Latch();
  clock.after(mainMs, () => main.fire());
  const changes: string[] = [];
  const nemesis = new ScheduleNemesis(schedule);
  await driveOnVirtualTime(
    clock,
    (async () => {
      await nemesis.run(ctx, {
        now: () => clock.now(),
        sleep: (ms) => new Promise<void>((r) => clock.after(ms, r)),
        done: main.promise,
        stopped: () => main.fired,
        onChange: (kind, what) => changes.push(`${clock.now()} ${kind}: ${what ?? "none"}`),
      });
      await main.promise;
      if (heal) await nemesis.heal(ctx, (kind) => changes.push(`${clock.now()} ${kind}: healed`));
    })(),
  );
  const nemesisOps = history.ops.map((op) => `${op.time / 1e6} ${op.f} ${JSON.stringify(op.value)}`);
  return { log, probed, changes, nemesisOps, network, cluster };
}

describe("ScheduleNemesis", () => {
  it("applies each fault at its time on the run's clock and undoes it after its duration", async () => {
    const s: FaultSchedule = {
      version: 1,
      faults: [
        { atMs: 0, forMs: 50, kind: "latency", factor: 10 },
        { atMs: 100, forMs: 100, kind: "loss", p: 0.5 },
        { atMs: 200, forMs: 300, kind: "pause", nodes: ["n1"] },
        { atMs: 300, forMs: 1000, kind: "partition", shape: "majority", sides: [["n1", "n2"], ["n3", "n4", "n5"]] },
        { atMs: 1000, forMs: 500, kind: "kill", nodes: ["n2"] },
      ],
    };
    const r = await play(s, 5000, [25, 75, 150, 250, 400, 1200, 1400, 1600]);
    expect(r.log).toEqual(["200 pause n1", "500 resume n1", "1000 kill n2", "1500 start n2", "1550 restarted n2"]);
    expect(r.probed[25]).toMatchObject({ factor: 10, loss: 0.1 });
    expect(r.probed[75]).toMatchObject({ factor: 1, loss: 0.1 });
    expect(r.probed[150]).toMatchObject({ loss: 0.5 });
    expect(r.probed[250]).toMatchObject({ loss: 0.1, grudge: {} });
    expect(r.probed[400]!.grudge).toEqual({ n1: ["n3", "n4", "n5"], n2: ["n3", "n4", "n5"], n3: ["n1", "n2"], n4: ["n1", "n2"], n5: ["n1", "n2"] });
    expect(r.probed[1200]!.down).toEqual(["n2"]);
    expect(r.probed[1400]!.grudge).toEqual({});
    expect(r.probed[1600]!.down).toEqual([]);
    // Recorded as the packages record theirs, and loss and latency as ours.
    expect(r.nemesisOps.slice(0, 20)).toEqual([
      '0 start-latency 10',
      '0 start-latency {"latency-factor":10}',
      '50 stop-latency 10',
      '50 stop-latency {"latency-factor":1}',
      '100 start-loss 0.5',
      '100 start-loss {"loss":0.5}',
      '200 stop-loss 0.5',
      '200 stop-loss {"loss":0.1}',
      '200 pause ["n1"]',
      '200 pause {"n1":"paused"}',
      '300 start-partition "majority"',
      '300 start-partition ["isolated",{"n1":["n3","n4","n5"],"n2":["n3","n4","n5"],"n3":["n1","n2"],"n4":["n1","n2"],"n5":["n1","n2"]}]',
      '500 resume ["n1"]',
      '500 resume {"n1":"resumed"}',
      '1000 kill ["n2"]',
      '1000 kill {"n2":"killed"}',
      '1300 stop-partition null',
      '1300 stop-partition "network-healed"',
      '1500 start ["n2"]',
      '1550 start {"n2":"started"}',
    ]);
    expect(r.changes.slice(0, 4)).toEqual(["0 latency: latency x10", "50 latency: none", "100 loss: lose 50% of server messages", "200 loss: none"]);
  });

  it("combines overlapping faults: union of grudges, a node down until its last kill ends, the highest loss and the highest latency factor", async () => {
    const s: FaultSchedule = {
      version: 1,
      faults: [
        { atMs: 0, forMs: 400, kind: "partition", sides: [["n1"], ["n2", "n3", "n4", "n5"]] },
        { atMs: 100, forMs: 100, kind: "partition", grudge: { n5: ["n4"] } },
        { atMs: 0, forMs: 300, kind: "kill", nodes: ["n3"] },
        { atMs: 100, forMs: 50, kind: "kill", nodes: ["n3", "n4"] },
        { atMs: 0, forMs: 300, kind: "loss", p: 0.2 },
        { atMs: 100, forMs: 100, kind: "loss", p: 0.9 },
        { atMs: 0, forMs: 300, kind: "latency", factor: 2 },
        { atMs: 100, forMs: 100, kind: "latency", factor: 3 },
      ],
    };
    const r = await play(s, 5000, [50, 140, 175, 250]);
    expect(r.probed[50]).toMatchObject({ loss: 0.2, factor: 2, down: ["n3"] });
    expect(r.probed[140]).toMatchObject({ loss: 0.9, factor: 3, down: ["n3", "n4"] });
    expect(r.probed[140]!.grudge.n5).toEqual(["n1", "n4"]);
    // The shorter kill ended: n4 came back, n3 is still held down by the longer one.
    expect(r.probed[175]!.down).toEqual(["n3"]);
    expect(r.probed[250]).toMatchObject({ loss: 0.2, factor: 2 });
    expect(r.probed[250]!.grudge.n5).toEqual(["n1"]);
    expect(r.log).toEqual(["0 kill n3", "100 kill n4", "150 start n4", "200 restarted n4", "300 start n3", "350 restarted n3"]);
    expect(r.nemesisOps).toContain('100 kill {"n3":"already-killed","n4":"killed"}');
    expect(r.nemesisOps).toContain('200 start {"n3":"still-killed","n4":"started"}');
  });

  it("stops at the end of the main phase; the final phase's heal ends what is in force and puts loss and latency back", async () => {
    const s: FaultSchedule = {
      version: 1,
      faults: [
        { atMs: 100, forMs: 10_000, kind: "kill", nodes: ["n4"] },
        { atMs: 100, forMs: 10_000, kind: "pause", nodes: ["n2"] },
        { atMs: 100, forMs: 10_000, kind: "partition", sides: [["n1"], ["n2"]] },
        { atMs: 100, forMs: 10_000, kind: "loss", p: 1 },
        { atMs: 100, forMs: 10_000, kind: "latency", factor: 0 },
        { atMs: 3000, forMs: 10, kind: "pause", nodes: ["n5"] },
      ],
    };
    const r = await play(s, 1000);
    expect(r.log).toEqual(["100 kill n4", "100 pause n2", "1000 resume n2", "1000 start n4", "1050 restarted n4"]);
    expect(r.network.currentGrudge).toEqual({});
    expect(r.network.loss).toBe(0.1);
    expect(r.network.latencyFactor).toBe(1);
    expect(r.nemesisOps.slice(-10)).toEqual([
      "1000 stop-partition null",
      '1000 stop-partition "network-healed"',
      '1000 stop-loss "all"',
      '1000 stop-loss {"loss":0.1}',
      '1000 stop-latency "all"',
      '1000 stop-latency {"latency-factor":1}',
      '1000 resume "all"',
      '1000 resume {"n2":"resumed"}',
      '1000 start "all"',
      '1050 start {"n4":"started"}',
    ]);
    expect(r.changes.filter((c) => c.endsWith("healed"))).toEqual(["1050 partition: healed", "1050 loss: healed", "1050 latency: healed", "1050 pause: healed", "1050 kill: healed"]);
  });

  it("a kill ends a pause of the same node: the node comes back running, and the pause's end resumes nothing", async () => {
    const s: FaultSchedule = {
      version: 1,
      faults: [
        { atMs: 0, forMs: 500, kind: "pause", nodes: ["n1"] },
        { atMs: 100, forMs: 100, kind: "kill", nodes: ["n1"] },
      ],
    };
    const r = await play(s, 1000);
    expect(r.log).toEqual(["0 pause n1", "100 kill n1", "200 start n1", "250 restarted n1"]);
    expect(r.nemesisOps).toContain('500 resume {"n1":"not-paused"}');
  });

  it("a pause that begins while its node is killed does not keep a later pause of the restarted node from holding it", async () => {
    const s: FaultSchedule = {
      version: 1,
      faults: [
        { atMs: 0, forMs: 1000, kind: "kill", nodes: ["n1"] },
        { atMs: 500, forMs: 4500, kind: "pause", nodes: ["n1"] },
        { atMs: 2000, forMs: 1000, kind: "pause", nodes: ["n1"] },
      ],
    };
    const r = await play(s, 6000);
    expect(r.log).toEqual(["0 kill n1", "1000 start n1", "1050 restarted n1", "2000 pause n1", "5000 resume n1"]);
    expect(r.nemesisOps).toContain('2000 pause {"n1":"paused"}');
    expect(r.nemesisOps).toContain('3000 resume {"n1":"still-paused"}');
  });
});
