import { describe, expect, it } from "vitest";
import { type Node, type OutgoingBody, RpcError } from "../../../lib/index.js";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import type { InstallNode } from "../../../maelstrom-workloads/sim/sim-cluster.js";
import type { SimConfig } from "../../../maelstrom-workloads/sim/run-sim.js";
import { simRun } from "../../helpers/sim-run.js";

// The causal-broadcast workload on the simulation host, with fixed seeds:
// 5 nodes, --rate 50, --time-limit 5, --latency 100, 1 s of recovery.
// The no-causal-buffer fixture must be invalid wherever the network reorders
// messages (--latency-dist exponential), in both session modes, and valid
// where it cannot (constant latency, sticky sessions: the control that shows
// the reordering is what is caught); a correct node must be valid.

const FIXTURE = "test/fixtures/nodes/no-causal-buffer.ts";

async function run(install: InstallNode, bin: string, overrides: Partial<SimConfig> = {}) {
  const r = await simRun({ workloadName: "causal-broadcast", bin, install, nodes: ["n0", "n1", "n2", "n3", "n4"], concurrency: 5, rate: 50, timeLimit: 5, latency: { mean: 100, dist: "exponential" }, recoverySeconds: 1, seed: 1, ...overrides });
  const wl = r.file("results.json").workload;
  const label = `${bin}, sessions ${r.cfg.sessions}, latency ${r.cfg.latency.dist}, nemesis ${r.cfg.nemesis.join(",") || "none"}, seed ${r.cfg.seed}, store ${r.dir}\n${r.output}\n${JSON.stringify(wl["anomaly-counts"])}`;
  return { ...r, wl, label };
}

/**
 * A correct causal-broadcast node for these tests only (a test helper, not a
 * product): every node hands each broadcast and read to one sequencer, the
 * first node, whose single log is everyone's delivery order. One order for
 * all is causal, whatever the network does; it is unavailable when the
 * sequencer is cut off, which the checker does not judge.
 */
function sequencer(node: Node): void {
  const log: string[] = [];
  const have = new Set<string>();
  const leader = () => node.nodeIds[0]!;
  const append = (m: string) => {
    if (!have.has(m)) have.add(m), log.push(m);
    return log.length;
  };
  const ask = async (body: { type: string; message?: string }) => {
    try {
      return await node.rpc(leader(), body, { timeoutMs: 3000 });
    } catch (e) {
      throw e instanceof RpcError && body.type === "seq_read" ? RpcError.temporarilyUnavailable(`sequencer ${leader()} unreachable`) : e;
    }
  };
  const reply = (body: OutgoingBody, length: number, deps: unknown): OutgoingBody => (deps === undefined ? body : { ...body, clock: { [leader()]: length } });
  node.on("topology", () => ({ type: "topology_ok" }));
  node.on("seq_append", (m) => ({ type: "seq_append_ok", length: append(m.body.message as string) }));
  node.on("seq_read", () => ({ type: "seq_read_ok", messages: [...log] }));
  node.on("broadcast", async (m) => {
    const message = m.body.message as string;
    const length = node.id === leader() ? append(message) : ((await ask({ type: "seq_append", message })).length as number);
    return reply({ type: "broadcast_ok" }, length, m.body.deps);
  });
  node.on("read", async (m) => {
    const messages = node.id === leader() ? [...log] : ((await ask({ type: "seq_read" })).messages as string[]);
    return reply({ type: "read_ok", messages }, messages.length, m.body.deps);
  });
}

describe("causal-broadcast on the simulator: a node with no causal buffer", () => {
  it("is invalid under exponential latency with sticky sessions: messages delivered before their causes", async () => {
    const r = await run(await loadNodeProgram(FIXTURE), FIXTURE);
    expect(r.exitCode, r.label).toBe(1);
    expect(r.wl["anomaly-types"], r.label).toContain("causal-order");
    expect(r.wl["lost-count"], r.label).toBe(0); // it loses nothing: only the order is wrong
    const f = r.wl.anomalies["causal-order"][0];
    expect(f.text).toMatch(/holds ".+" at position \d+ (before ".+" \(position \d+\)|without ".+" before it), but ".+" was broadcast \(op \d+\) by a client that had (read|broadcast) /);
    // The evidence points at real ops: the read holds the message at that position.
    const history = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    expect(history[f.read].value.messages[f.position]).toBe(f.message);
    expect(history[f.broadcast].value.message).toBe(f.message);
    expect(r.output).toMatch(/causal {7}\d+ causal-order/);
  });

  it("is invalid under exponential latency with roaming sessions", async () => {
    const r = await run(await loadNodeProgram(FIXTURE), FIXTURE, { sessions: "roaming" });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.wl["anomaly-types"], r.label).toContain("causal-order");
    // Roaming requests carried deps and the replies a clock.
    const journal = r.text("journal.jsonl");
    expect(journal).toMatch(/"type":"broadcast","message":"[a-z0-9]{8}","deps":\{/);
    expect(journal).toMatch(/"type":"read_ok","messages":\[[^\]]*\],"clock":\{/);
  });

  it("is valid with constant latency and sticky sessions, where the network cannot reorder what it sends (the control)", async () => {
    const r = await run(await loadNodeProgram(FIXTURE), FIXTURE, { latency: { mean: 100, dist: "constant" } });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.wl["stable-count"]).toBeGreaterThan(100);
  });
});

describe("causal-broadcast on the simulator: a correct node (the test's sequencer)", () => {
  it("is valid under exponential latency in both session modes, with stable latencies reported", async () => {
    for (const sessions of ["sticky", "roaming"] as const) {
      const r = await run(sequencer, "test:sequencer", { sessions });
      expect(r.exitCode, r.label).toBe(0);
      expect(r.wl["anomaly-types"]).toEqual([]);
      expect(r.wl["final-read-count"]).toBe(5);
      expect(r.wl["stable-count"]).toBeGreaterThan(50); // each op waits for the sequencer: fewer than --rate asks
      expect(r.wl["stable-latencies"]["1"]).toBeGreaterThanOrEqual(0); // reported (0 here: an acknowledged value is in the one log)
      expect(r.file("results.json").net.servers["msgs-per-op"]).toBeGreaterThan(0);
    }
  });

  it("is valid under --nemesis partition (ops that could not reach the sequencer fail or are indeterminate)", async () => {
    const r = await run(sequencer, "test:sequencer", { sessions: "roaming", nemesis: ["partition"], nemesisInterval: 1 });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.text("history.jsonl")).toMatch(/"start-partition"/);
    const stats = r.file("results.json").stats;
    expect(stats["fail-count"] + stats["info-count"], r.label).toBeGreaterThan(0);
  });
});

describe("causal-broadcast on the simulator: nodes/causal-broadcast.ts", () => {
  const NODE = "nodes/causal-broadcast.ts";
  for (const sessions of ["sticky", "roaming"] as const) {
    it(`is valid with ${sessions} sessions under --nemesis partition, every final read complete`, async () => {
      // Maelstrom's 10 s of recovery: after a partition the gossip backs off (up to 4 s between tries to a peer).
      const r = await run(await loadNodeProgram(NODE), NODE, { sessions, nemesis: ["partition"], latency: { mean: 100, dist: "constant" }, timeLimit: 8, recoverySeconds: 10 });
      expect(r.exitCode, r.label).toBe(0);
      expect(r.wl["anomaly-types"]).toEqual([]);
      expect(r.wl["final-read-count"], r.label).toBe(5);
      expect(r.wl["lost-count"]).toBe(0);
      expect(r.text("history.jsonl").match(/"start-partition"/g)?.length ?? 0, r.label).toBeGreaterThan(1);
      expect(r.wl["stable-count"], r.label).toBeGreaterThan(10);
    });

    it(`is valid with ${sessions} sessions under --latency-dist exponential, where the no-buffer node is not`, async () => {
      const r = await run(await loadNodeProgram(NODE), NODE, { sessions });
      expect(r.exitCode, r.label).toBe(0);
      expect(r.wl["anomaly-types"]).toEqual([]);
      expect(r.wl["final-read-count"]).toBe(5);
      expect(r.wl["stable-count"], r.label).toBeGreaterThan(50);
    });
  }
});
