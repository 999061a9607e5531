import { describe, expect, it } from "vitest";
import { txnWorkload } from "../../../maelstrom-workloads/txn/txn-workload.js";
import type { WorkloadContext } from "../../../maelstrom-workloads/workload.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

const ctx: WorkloadContext = { nodes: ["n0"], concurrency: 1, seed: 1, latencyMean: 0, topology: "grid" };
const readNil: Op[] = [
  { index: 0, time: 0, type: "invoke", process: 0, f: "txn", value: [["r", 1, null]] },
  { index: 1, time: 1, type: "ok", process: 0, f: "txn", value: [["r", 1, null]] },
];

describe("txn workloads judge as Maelstrom does", () => {
  it("txn-rw-register: an empty transaction graph is false (Maelstrom's wrapper: valid only when no anomaly type is left)", () => {
    const r = txnWorkload("txn-rw-register", ctx).check(readNil, {});
    expect(r["valid?"]).toBe(false);
    expect(r["anomaly-types"]).toEqual(["empty-transaction-graph"]);
  });

  it("txn-list-append: Elle's verdict unchanged, so an empty transaction graph is unknown", () => {
    const ops = readNil.map((o) => ({ ...o, value: [["r", 1, o.type === "ok" ? [] : null]] }));
    const r = txnWorkload("txn-list-append", ctx).check(ops, {});
    expect(r["valid?"]).toBe("unknown");
    expect(r["anomaly-types"]).toEqual(["empty-transaction-graph"]);
  });
});
