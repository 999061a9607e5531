import { describe, expect, it } from "vitest";
import { txnSim } from "../helpers/txn-sim.js";

// nodes/txn-list-append.ts (one document in lin-kv, CAS per transaction) and
// the faulty txn-dirty-write.ts on the simulation host, under Maelstrom's
// txn-list-append workload and its default model, strict-serializable.

describe("nodes/txn-list-append.ts on the simulator", () => {
  it("is strict serializable (3 nodes, --latency 5, --nemesis partition, the default --consistency-models)", async () => {
    const r = await txnSim("txn-list-append", "nodes/txn-list-append.ts", { nodeCount: 3, latency: 5, nemesis: ["partition"] });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.workload["valid?"], r.label).toBe(true);
    const ops = r.history().filter((o) => o.f === "txn" && o.type === "ok");
    expect(ops.length, r.label).toBeGreaterThan(500);
    // Reads return lists that grow: some read sees two or more elements.
    expect(ops.some((o) => (o.value as [string, unknown, unknown][]).some(([f, , v]) => f === "r" && Array.isArray(v) && v.length >= 2))).toBe(true);
  });
});

describe("the faulty txn-dirty-write.ts on the simulator", () => {
  it("commits each append on its own: G0 (a write cycle), prohibited even under read-uncommitted", async () => {
    const r = await txnSim("txn-list-append", "test/fixtures/nodes/txn-dirty-write.ts", { nodeCount: 3, latency: 5, consistencyModels: ["read-uncommitted"] });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["anomaly-types"], r.label).toContain("G0");
  });
});
