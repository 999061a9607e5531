import { describe, expect, it } from "vitest";
import { type Node } from "../../lib/index.js";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { simRun } from "../helpers/sim-run.js";

// The membership workload on the simulator (5 nodes, --rate 20, fixed seeds):
// the two bundled bad nodes are judged invalid for what they get wrong, and a
// correct node written here (all-to-all heartbeats with a generous timeout) is
// judged valid under the same faults, so the verdicts are the nodes' doing.

const NEVER_DEAD = "test/fixtures/nodes/never-dead.ts";
const ONE_MISS = "test/fixtures/nodes/one-miss-dead.ts";
const installNeverDead = await loadNodeProgram(NEVER_DEAD);
const installOneMiss = await loadNodeProgram(ONE_MISS);

/** Rendezvous hashing (FNV-1a): the member with the highest score for the key owns it. */
function score(key: string, member: string): number {
  let h = 0x811c9dc5;
  for (const c of `${key}\u0000${member}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/**
 * The reference: every 500 ms each node tells every peer it is alive; a peer
 * unheard of for 4 s is dead, and alive again as soon as it is heard. Without
 * heavy loss that is correct: a live peer misses 8 heartbeats in a row with
 * probability 0.1^8 under --loss 0.1; a killed one is dead to all within 4.5 s.
 */
function installHeartbeat(node: Node): void {
  const lastHeard = new Map<string, number>();
  const dead = (id: string) => id !== node.id && node.clock.now() - (lastHeard.get(id) ?? -Infinity) > 4000;
  node.onInit((n) => {
    for (const p of n.peers) lastHeard.set(p, n.clock.now());
    n.every(500, () => {
      for (const p of n.peers) n.send(p, { type: "heartbeat" });
    });
  });
  node.on("heartbeat", (m) => void lastHeard.set(m.src, node.clock.now()));
  node.on("members", () => ({ type: "members_ok", members: Object.fromEntries(node.nodeIds.map((id) => [id, { status: dead(id) ? "dead" : "alive", incarnation: 0 }])) }));
  node.on("lookup", (m) => {
    const key = String((m.body as Record<string, unknown>).key);
    const alive = node.nodeIds.filter((id) => !dead(id));
    return { type: "lookup_ok", owner: alive.reduce((best, id) => (score(key, id) > score(key, best) ? id : best)) };
  });
}

const settings = { workloadName: "membership", nodeCount: 5, rate: 20 };
type W = Record<string, unknown> & { "finding-counts": Record<string, number> };
const workload = (r: Awaited<ReturnType<typeof simRun>>) => r.file("results.json").workload as W;

describe("membership on the simulator, under --nemesis kill (60 s, --nemesis-interval 15, --nemesis-targets one)", () => {
  const kill = { ...settings, timeLimit: 60, nemesis: ["kill"], nemesisInterval: 15, nemesisTargets: ["one"], seed: 1 };

  it("never-dead is invalid: killed nodes go undetected past the deadline", async () => {
    const r = await simRun({ ...kill, install: installNeverDead, bin: NEVER_DEAD });
    const w = workload(r);
    expect(r.exitCode, r.output).toBe(1);
    expect(w["finding-counts"].undetected, JSON.stringify(w.findings)).toBeGreaterThan(0);
    expect(w["finding-counts"]["false-positive"]).toBe(0);
    expect(w["lookup-disagreement-count"]).toBe(0);
  });

  it("the heartbeat reference is valid, with every kill detected and keys moved near 1/n", async () => {
    const r = await simRun({ ...kill, install: installHeartbeat, bin: "heartbeat" });
    const w = workload(r);
    expect(r.exitCode, `${r.output}\n${JSON.stringify(w, null, 1)}`).toBe(0);
    expect(w["kill-count"]).toBeGreaterThanOrEqual(2);
    expect((w["detection-latencies"] as Record<string, number>)["1"]).toBeLessThanOrEqual(7000); // 4 s unheard, a heartbeat period, and the polling
    expect(w["keys-moved-samples"]).toBeGreaterThan(0);
    expect(w["keys-moved-not-departed"]).toBe(0);
    expect(w["recovery-latency"]).not.toBeNull();
    expect(w["msgs-per-node-per-period"]).toBeGreaterThan(0);
  });
});

describe("membership on the simulator, under --loss 0.1 (20 s, --latency 50)", () => {
  const loss = { ...settings, timeLimit: 20, loss: 0.1, latency: { mean: 50, dist: "constant" as const }, seed: 1 };

  it("one-miss-dead is invalid: false positives; and valid without loss (the control)", async () => {
    const r = await simRun({ ...loss, install: installOneMiss, bin: ONE_MISS });
    const w = workload(r);
    expect(r.exitCode, r.output).toBe(1);
    expect(w["false-positive-count"]).toBeGreaterThan(0);
    const quiet = await simRun({ ...loss, loss: 0, install: installOneMiss, bin: ONE_MISS });
    expect(quiet.exitCode, quiet.output).toBe(0);
  });

  it("the heartbeat reference is valid", async () => {
    const r = await simRun({ ...loss, install: installHeartbeat, bin: "heartbeat" });
    expect(r.exitCode, r.output).toBe(0);
    expect(workload(r)["false-positive-count"]).toBe(0);
  });
});

describe("membership on the simulator, under --nemesis partition (30 s, --nemesis-interval 5)", () => {
  it("the heartbeat reference is valid: dead news across the cut is excused, and it recovers after the heal", async () => {
    const r = await simRun({ ...settings, timeLimit: 30, nemesis: ["partition"], nemesisInterval: 5, seed: 2, install: installHeartbeat, bin: "heartbeat" });
    const w = workload(r);
    expect(r.exitCode, `${r.output}\n${JSON.stringify(w.findings)}`).toBe(0);
    expect(w["excused-dead-reports"]).toBeGreaterThan(0);
    expect(w["recovery-latency"]).not.toBeNull();
  });
});

describe("nodes/swim.ts on the simulator (10 nodes, --latency 50, --rate 40, default options)", () => {
  const swim = { workloadName: "membership", nodeCount: 10, rate: 40, latency: { mean: 50, dist: "constant" as const }, bin: "nodes/swim.ts", seed: 1 };
  const installSwim = loadNodeProgram("nodes/swim.ts");

  it.each([
    ["--nemesis kill --nemesis-targets one (60 s, --nemesis-interval 15)", { timeLimit: 60, nemesis: ["kill"], nemesisTargets: ["one"], nemesisInterval: 15 }],
    ["--loss 0.1 (30 s)", { timeLimit: 30, loss: 0.1 }],
    ["--nemesis partition (40 s, --nemesis-interval 8)", { timeLimit: 40, nemesis: ["partition"], nemesisInterval: 8 }],
    ["--nemesis pause (40 s, --nemesis-interval 8)", { timeLimit: 40, nemesis: ["pause"], nemesisInterval: 8 }],
  ])("is valid under %s, with no false positive and recovery after the final heal", async (_, faults) => {
    const r = await simRun({ ...swim, ...faults, install: await installSwim });
    const w = workload(r);
    expect(r.exitCode, `${r.output}\n${JSON.stringify(w, null, 1)}`).toBe(0);
    expect(w["false-positive-count"]).toBe(0);
    expect(w["lookup-disagreement-count"]).toBe(0);
    if ("nemesis" in faults) expect(w["recovery-latency"]).not.toBeNull();
    if ("nemesis" in faults && faults.nemesis[0] === "kill") {
      // Every kill accounted for: agreed by every judge (in the latencies) or
      // restarted before that; and at least one agreed, so a kill was judged
      // for completeness and not merely seen dead by one node.
      const det = w["detection-latencies"] as { count: number; "1": number } | null;
      expect(det?.count, JSON.stringify(w, null, 1)).toBeGreaterThan(0);
      expect(det!.count + (w["kills-not-agreed-before-restart"] as number)).toBe(w["kill-count"]);
      expect(det!["1"]).toBeLessThanOrEqual(12_000);
    }
  });
});
