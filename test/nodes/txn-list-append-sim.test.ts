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

  it("seldom gives up on a busy document: transactions that lost a compare-and-set back off before trying again (5 nodes, --rate 100)", async () => {
    const r = await txnSim("txn-list-append", "nodes/txn-list-append.ts", { nodeCount: 5, latency: 5, timeLimit: 10, seed: 1 });
    expect(r.exitCode, r.label).toBe(0);
    const done = r.history().filter((o) => o.f === "txn" && o.type !== "invoke");
    const conflicts = done.filter((o) => o.type === "fail" && JSON.stringify((o as { error?: unknown }).error).includes("txn-conflict"));
    // Retrying at once, 31 lost compare-and-sets in a row ended about 0.7% of transactions with error 30.
    expect(conflicts.length, `${conflicts.length} of ${done.length}: ${r.label}`).toBeLessThan(done.length * 0.001);
  });
});

describe("the faulty txn-dirty-write.ts on the simulator", () => {
  it("commits each append on its own: G0 (a write cycle), prohibited even under read-uncommitted", async () => {
    const r = await txnSim("txn-list-append", "test/fixtures/nodes/txn-dirty-write.ts", { nodeCount: 3, latency: 5, consistencyModels: ["read-uncommitted"] });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["anomaly-types"], r.label).toContain("G0");
  });
});

describe("the faulty txn-snapshot-isolation.ts on the simulator", () => {
  it("validates only its write set at commit: write skew, G2-item under serializable; the same history is valid under snapshot-isolation", async () => {
    const flags = { nodeCount: 3, latency: 5, timeLimit: 5, seed: 7 } as const;
    const ser = await txnSim("txn-list-append", "test/fixtures/nodes/txn-snapshot-isolation.ts", { ...flags, consistencyModels: ["serializable"] });
    expect(ser.exitCode, ser.label).toBe(1);
    expect(ser.workload["anomaly-types"], ser.label).toContain("G2-item");
    // Snapshot isolation forbids everything else Elle names here: no G0, G1, lost update or G-single.
    expect(ser.workload["anomaly-types"].filter((a: string) => !/^G2/.test(a)), ser.label).toEqual([]);
    const si = await txnSim("txn-list-append", "test/fixtures/nodes/txn-snapshot-isolation.ts", { ...flags, consistencyModels: ["snapshot-isolation"] });
    expect(JSON.stringify(si.history())).toBe(JSON.stringify(ser.history()));
    expect(si.exitCode, si.label).toBe(0);
    expect(si.workload["valid?"], si.label).toBe(true);
  });
});
