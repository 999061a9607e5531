import { describe, expect, it } from "vitest";
import { checkElle } from "../../../../maelstrom-workloads/checkers/elle/check-elle.js";
import { maelstromRwRegister } from "../../../../maelstrom-workloads/checkers/elle/maelstrom-rw-register.js";
import { history } from "./txn-history.js";

// Maelstrom's txn-rw-register checker wraps Elle's: cycle-search-timeout is
// dropped, and valid? is whether any anomaly type is left.

// A stale read: T1 reads key 1 as nil after T0's write of it completed (G-single-item-realtime).
const stale = history([
  [0, "invoke"], [0, "ok", [["w", 1, 1]]],
  [1, "invoke"], [1, "ok", [["r", 1, null]]],
]);

describe("maelstromRwRegister: Maelstrom's verdict on Elle's rw-register result", () => {
  it("an empty transaction graph is false (Elle alone says unknown)", () => {
    const h = history([[0, "invoke"], [0, "ok", [["r", 1, null]]]]);
    const elle = checkElle(h, { kind: "rw-register", consistencyModels: ["strict-serializable"] });
    expect(elle["valid?"]).toBe("unknown");
    const r = maelstromRwRegister(elle);
    expect(r["valid?"]).toBe(false);
    expect(r["anomaly-types"]).toEqual(["empty-transaction-graph"]);
  });

  it("a cycle search that only gave up is true (Elle alone says unknown); the dropped type is listed as ignored", () => {
    const elle = checkElle(stale, { kind: "rw-register", consistencyModels: ["strict-serializable"], cycleSearchBudget: 0 });
    expect(elle["valid?"]).toBe("unknown");
    expect(elle["anomaly-types"]).toEqual(["cycle-search-timeout"]);
    const r = maelstromRwRegister(elle);
    expect(r).toMatchObject({ "valid?": true, "anomaly-types": [], anomalies: {}, "ignored-anomaly-types": ["cycle-search-timeout"] });
  });

  it("a found anomaly stays false, beside a search that gave up", () => {
    // The stale read's cycle, and a txn that reads key 5 as nil just after writing 1 to it (internal).
    const h = history([
      [0, "invoke"], [0, "ok", [["w", 1, 1]]],
      [1, "invoke"], [1, "ok", [["r", 1, null]]],
      [2, "invoke"], [2, "ok", [["w", 5, 1], ["r", 5, null]]],
    ]);
    const elle = checkElle(h, { kind: "rw-register", consistencyModels: ["strict-serializable"], cycleSearchBudget: 0 });
    expect(elle["anomaly-types"]).toEqual(["cycle-search-timeout", "internal"]);
    const r = maelstromRwRegister(elle);
    expect(r["valid?"]).toBe(false);
    expect(r["anomaly-types"]).toEqual(["internal"]);
    expect(Object.keys(r.anomalies as object)).toEqual(["internal"]);
  });

  it("a clean result stays true", () => {
    const h = history([
      [0, "invoke"], [0, "ok", [["w", 1, 1]]],
      [1, "invoke"], [1, "ok", [["r", 1, 1]]],
    ]);
    expect(maelstromRwRegister(checkElle(h, { kind: "rw-register", consistencyModels: ["strict-serializable"] }))["valid?"]).toBe(true);
  });
});
