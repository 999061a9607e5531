import { describe, expect, it } from "vitest";
import { txnSim } from "../helpers/txn-sim.js";

// nodes/txn-rw-register.ts under Gossip Glomers' flags for challenges 6a-6c,
// and the faulty fixtures the txn-rw-register checker (Elle's, checkers/elle/)
// must reject with the anomaly named, on the simulation host.

const GLOMERS = { nodeCount: 2, concurrency: "2n", timeLimit: 20, rate: 1000 } as const;

describe("nodes/txn-rw-register.ts with Gossip Glomers' flags", () => {
  it("6c: read committed and totally available under --nemesis partition (2 nodes, --rate 1000, 20 s)", async () => {
    const r = await txnSim("txn-rw-register", "nodes/txn-rw-register.ts", { ...GLOMERS, consistencyModels: ["read-committed"], availability: "total", nemesis: ["partition"] });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.workload["valid?"], r.label).toBe(true);
    expect(r.results.availability["valid?"], r.label).toBe(true);
    const ops = r.history();
    expect(ops.filter((o) => o.f === "txn" && o.type === "ok").length, r.label).toBeGreaterThan(15_000);
    expect(ops.some((o) => o.f === "start-partition")).toBe(true);
  });

  it("6a: one node, read uncommitted, totally available", async () => {
    const r = await txnSim("txn-rw-register", "nodes/txn-rw-register.ts", { ...GLOMERS, nodeCount: 1, timeLimit: 5, consistencyModels: ["read-uncommitted"], availability: "total" });
    expect(r.exitCode, r.label).toBe(0);
  });

  it("6b: two nodes, read uncommitted, totally available under --nemesis partition", async () => {
    const r = await txnSim("txn-rw-register", "nodes/txn-rw-register.ts", { ...GLOMERS, timeLimit: 5, consistencyModels: ["read-uncommitted"], availability: "total", nemesis: ["partition"] });
    expect(r.exitCode, r.label).toBe(0);
  });

  it("is not serializable: under a partition each side reads stale values, and Elle finds the cycles (G-single or G2)", async () => {
    const r = await txnSim("txn-rw-register", "nodes/txn-rw-register.ts", { consistencyModels: ["serializable"], nemesis: ["partition"], nemesisInterval: 2, latency: 5, seed: 2 });
    expect(r.workload["valid?"], r.label).toBe(false);
    expect(r.workload["anomaly-types"].some((a: string) => /^G-single|^G2/.test(a)), r.label).toBe(true);
  });
});

describe("faulty txn-rw-register fixtures, each rejected with its anomaly", () => {
  it("txn-intermediate-read.ts: G1b (a read of a value its transaction overwrote), under read-committed", async () => {
    const r = await txnSim("txn-rw-register", "test/fixtures/nodes/txn-intermediate-read.ts", { nodeCount: 3, consistencyModels: ["read-committed"], latency: 5 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["valid?"], r.label).toBe(false);
    expect(r.workload["anomaly-types"], r.label).toContain("G1b");
  });

  it("txn-aborted-read.ts: G1a under --nemesis partition (its aborts keep their writes); read committed without faults", async () => {
    const r = await txnSim("txn-rw-register", "test/fixtures/nodes/txn-aborted-read.ts", { consistencyModels: ["read-committed"], nemesis: ["partition"], nemesisInterval: 2, latency: 5, seed: 2 });
    expect(r.history().some((o) => o.f === "txn" && o.type === "fail"), r.label).toBe(true);
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["anomaly-types"], r.label).toContain("G1a");
    const calm = await txnSim("txn-rw-register", "test/fixtures/nodes/txn-aborted-read.ts", { consistencyModels: ["read-committed"], latency: 5, seed: 2 });
    expect(calm.exitCode, calm.label).toBe(0);
  });
});
