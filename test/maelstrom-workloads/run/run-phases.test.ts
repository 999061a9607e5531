import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { History } from "../../../maelstrom-workloads/model/history.js";
import type { NemesisPackage } from "../../../maelstrom-workloads/nemesis/nemesis-package.js";
import { partitionPackage } from "../../../maelstrom-workloads/nemesis/partition-package.js";
import { type NetMessage, Network } from "../../../maelstrom-workloads/network/network.js";
import type { Cluster } from "../../../maelstrom-workloads/run/cluster.js";
import { RunFailure } from "../../../maelstrom-workloads/run/run-failure.js";
import { type PhaseHooks, runPhases } from "../../../maelstrom-workloads/run/run-phases.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";
import type { Workload } from "../../../maelstrom-workloads/workload.js";

/** Nodes that answer every request with `<type>_ok` after 1 ms; `mute` ones never answer `init`. */
function fakeCluster(network: Network, clock: VirtualClock, events: string[], o: { mute?: string[]; dies?: string; stopsOutput?: string } = {}): Cluster {
  const nodes = ["n0", "n1", "n2"];
  const alive = new Set<string>();
  const stopped = new Map(nodes.map((id) => [id, new Promise<void>(() => {})]));
  for (const id of nodes) {
    network.register(id, {
      deliver: (m: NetMessage) => {
        if (!alive.has(id) || (m.body.type === "init" && o.mute?.includes(id))) return;
        clock.after(1, () => network.send(id, m.src, { type: `${String(m.body.type)}_ok`, in_reply_to: m.body.msg_id }));
      },
    });
  }
  if (o.stopsOutput) stopped.set(o.stopsOutput, new Promise<void>((r) => clock.after(50, r)));
  return {
    nodes,
    start: (id) => {
      events.push(`start ${id} @${clock.now()}`);
      alive.add(id);
      if (id === o.dies) clock.after(2000, () => alive.delete(id));
    },
    alive: (id) => alive.has(id),
    // Process faults are tested with the real hosts (test/maelstrom-workloads/nemesis/process-faults*.test.ts).
    kill: async (id) => void alive.delete(id),
    killed: () => false,
    pause: () => {},
    resume: () => {},
    paused: () => false,
    outputStopped: (id) => stopped.get(id)!,
    stop: async (id) => {
      events.push(`stop ${id}`);
      alive.delete(id);
    },
    crashReport: (id, when) => `${id} is gone ${when}`,
    initFailure: (id, cause) => `${id} did not answer init: ${cause.message}`,
  };
}

const workload = (final: boolean): Workload => ({
  name: "test",
  reusableClient: true,
  setup: async (c, node) => void (await c.rpc(node, { type: "topology" }, 5000)),
  nextOp: () => ({ f: "echo", value: 1 }),
  ...(final ? { finalOp: () => ({ f: "read", value: null, final: true }) } : {}),
  invoke: async (c, node, op) => {
    await c.rpc(node, { type: op.f }, 1000);
    return { type: "ok", value: op.value };
  },
  check: () => ({ "valid?": true }),
});

async function run(o: { final?: boolean; nemeses?: NemesisPackage[]; cluster?: Parameters<typeof fakeCluster>[3]; beforeKill?: () => Promise<void>; seed?: number } = {}) {
  const clock = new VirtualClock();
  const events: string[] = [];
  const network = new Network({ clock, latency: () => 5, journal: () => {}, nowNs: () => clock.now() * 1e6 });
  const history = new History(() => clock.now() * 1e6);
  const cluster = fakeCluster(network, clock, events, o.cluster);
  const failure = new RunFailure();
  const hooks: PhaseHooks = {
    log: (l) => events.push(`log ${l}`),
    phase: (name, s) => events.push(`phase ${name}${s === undefined ? "" : " " + s} @${clock.now()}`),
    historyStarts: () => events.push(`history starts @${clock.now()}`),
    fault: (name, f) => events.push(`fault ${name} ${f ?? "healed"} @${clock.now()}`),
    phasesOver: () => events.push(`phases over @${clock.now()}`),
    beforeKill: async () => {
      events.push(`before kill: grudge ${JSON.stringify(network.currentGrudge)}, clients on network ${history.ops.length > 0}`);
      await o.beforeKill?.();
    },
  };
  const options = { seed: o.seed ?? 1, concurrency: 3, rate: 10, timeLimit: 3, nemesisInterval: 0.5, nemesisTargets: ["one"], recoverySeconds: 2 };
  await driveOnVirtualTime(clock, runPhases({ clock, network, cluster, history, workload: workload(o.final ?? false), nemeses: o.nemeses ?? [], options, failure, hooks }));
  return { events, history, failure, clock };
}

describe("runPhases on virtual time", () => {
  it("runs init, setup, main, heal, recovery and final ops, then tears down in Jepsen's order", async () => {
    const { events, history, failure } = await run({ final: true, nemeses: [partitionPackage] });
    expect(failure.message).toBeUndefined();
    const phases = events.filter((e) => e.startsWith("phase") || e.startsWith("history") || e.startsWith("phases over") || e.startsWith("log") || e.startsWith("stop") || e.startsWith("before kill"));
    expect(phases[0]).toBe("phase init @0");
    // clients have no latency and the fake nodes answer after 1 ms: init and setup take 1 ms each
    expect(phases.slice(1, 4)).toEqual(["history starts @1", "phase setup @1", "phase main 3 @2"]);
    // after the main phase: the nemeses healed, the recovery wait, the final ops, then teardown
    const tail = phases.slice(phases.findIndex((e) => e.startsWith("phase recovery")));
    expect(tail.map((e) => e.replace(/ @\d+(\.\d+)?$/, ""))).toEqual([
      "phase recovery 2",
      "log Waiting for recovery... (2 s)",
      "phase final",
      "phases over",
      'before kill: grudge {}, clients on network true',
      "stop n0",
      "stop n1",
      "stop n2",
    ]);
    // the recovery wait is 2 s of virtual time
    const recovery = Number(tail[0]!.split("@")[1]);
    const final = Number(tail[2]!.split("@")[1]);
    expect(final - recovery).toBe(2000);
    // the partition started at once when the main phase began, and the final heal came before the recovery wait
    expect(events.find((e) => e.startsWith("fault partition"))).toMatch(/^fault partition (one|majority|minority-third|majorities-ring) @2$/);
    // the main phase lasted its 3 s: it ends when the next op's slot (gaps < 200 ms at rate 10) would be at or after 3002
    expect(recovery).toBeGreaterThanOrEqual(3002 - 200);
    expect(history.ops.filter((op) => op.type === "invoke" && !op.final).every((op) => op.time < 3002e6)).toBe(true);
    const lastFault = events.filter((e) => e.startsWith("fault"));
    expect(lastFault.at(-1)).toMatch(/^fault partition healed @/);
    const nemesisOps = history.ops.filter((op) => op.process === "nemesis");
    expect(nemesisOps.slice(-2).map((op) => [op.f, op.value])).toEqual([
      ["stop-partition", null],
      ["stop-partition", "network-healed"],
    ]);
    const finals = history.ops.filter((op) => op.final);
    expect(finals.map((op) => op.type)).toEqual(["invoke", "invoke", "invoke", "ok", "ok", "ok"]);
  });

  it("does no heal, recovery or final ops for a workload without a final phase", async () => {
    // a fault that its own heal does not mend: only the run's teardown can
    const sticky: NemesisPackage = { name: "sticky", start: ({ network }) => (network.partition({ n0: ["n1"] }), "n0 deaf to n1"), heal: () => {} };
    const { events, failure } = await run({ final: false, nemeses: [sticky] });
    expect(failure.message).toBeUndefined();
    expect(events.some((e) => e.startsWith("phase recovery") || e.startsWith("phase final"))).toBe(false);
    expect(events.filter((e) => e.startsWith("fault sticky n0"))).not.toHaveLength(0);
    // the teardown heals the network before beforeKill
    expect(events.find((e) => e.startsWith("before kill"))).toContain("grudge {}");
  });

  it("is deterministic from its seed on virtual time", async () => {
    const a = await run({ final: true, nemeses: [partitionPackage], seed: 5 });
    const b = await run({ final: true, nemeses: [partitionPackage], seed: 5 });
    const c = await run({ final: true, nemeses: [partitionPackage], seed: 6 });
    expect(JSON.stringify(b.history.ops)).toBe(JSON.stringify(a.history.ops));
    expect(b.events).toEqual(a.events);
    expect(JSON.stringify(c.history.ops)).not.toBe(JSON.stringify(a.history.ops));
  });

  it("fails when a node does not answer init within 10 s, and still stops every node", async () => {
    const { events, failure, clock } = await run({ cluster: { mute: ["n1"] } });
    expect(failure.message).toMatch(/^n1 did not answer init: no reply from n1 to init \(msg_id 1\) within 10000 ms/);
    expect(clock.now()).toBe(10_000);
    expect(events.some((e) => e.startsWith("phase setup"))).toBe(false);
    expect(events.some((e) => e.startsWith("before kill"))).toBe(false);
    expect(events.filter((e) => e.startsWith("stop"))).toEqual(["stop n0", "stop n1", "stop n2"]);
  });

  it("fails init at once when a node's output stops being routed, not after the 10 s deadline", async () => {
    const { failure, clock } = await run({ cluster: { mute: ["n2"], stopsOutput: "n2" } });
    expect(failure.message).toBe("n2 did not answer init: its output stopped being routed");
    expect(clock.now()).toBe(50);
  });

  it("calls a node that is gone before teardown a crash, without calling beforeKill", async () => {
    const { events, failure } = await run({ cluster: { dies: "n1" } });
    expect(failure.message).toBe("n1 is gone before teardown");
    expect(events.some((e) => e.startsWith("before kill"))).toBe(false);
    expect(events.filter((e) => e.startsWith("stop"))).toHaveLength(3);
  });

  it("a failing beforeKill is a crash of the run, and the nodes are stopped anyway", async () => {
    const { events, failure } = await run({
      beforeKill: async () => {
        throw new Error("disk full");
      },
    });
    expect(failure.message).toMatch(/^the harness failed before the nodes were killed: Error: disk full/);
    expect(events.filter((e) => e.startsWith("stop"))).toHaveLength(3);
  });
});
