import { describe, expect, it } from "vitest";
import { checkElle } from "../../../../maelstrom-workloads/checkers/elle/check-elle.js";
import { CYCLE_SPECS, searchCycle } from "../../../../maelstrom-workloads/checkers/elle/cycle-search.js";
import { DepGraph, RW, WR } from "../../../../maelstrom-workloads/checkers/elle/dep-graph.js";
import { history, type Event, type Mop } from "./txn-history.js";

/**
 * G-nonadjacent-item has a search of its own: the G2-item search stops at the
 * shortest cycle with two or more rw edges, and when those sit side by side
 * (a write skew, allowed under snapshot isolation) a longer cycle in the same
 * component whose rw edges never touch must still be found.
 */

// T1 -rw-> B -rw-> T1: a write skew (adjacent rw edges).
// T1 -rw-> T2 -wr-> T3 -rw-> T4 -wr-> T1: rw edges apart (G-nonadjacent-item).
const T1: Mop[] = [["r", "b", null], ["append", "a", 1], ["r", "p", null], ["r", "s", [1]]];
const B: Mop[] = [["r", "a", null], ["append", "b", 1]];
const T2: Mop[] = [["append", "p", 1], ["append", "q", 1]];
const T3: Mop[] = [["r", "q", [1]], ["r", "r", null]];
const T4: Mop[] = [["append", "r", 1], ["append", "s", 1]];

function concurrent(txns: Mop[][]): Event[] {
  return [...txns.map((_, p): Event => [p, "invoke"]), ...txns.map((t, p): Event => [p, "ok", t])];
}

describe("G-nonadjacent-item beside an allowed G2-item in one component", () => {
  it("snapshot-isolation: a write skew alone is allowed (G2-item)", () => {
    const r = checkElle(history(concurrent([T1.slice(0, 2), B])), { kind: "list-append", consistencyModels: ["snapshot-isolation"] });
    expect(r["valid?"]).toBe(true);
    expect(r["allowed-anomaly-types"]).toContain("G2-item");
  });

  it("snapshot-isolation: with the longer nonadjacent cycle too, the history is rejected with G-nonadjacent-item", () => {
    const r = checkElle(history(concurrent([T1, B, T2, T3, T4])), { kind: "list-append", consistencyModels: ["snapshot-isolation"] });
    expect(r["valid?"], JSON.stringify(r, null, 1)).toBe(false);
    expect(r["anomaly-types"]).toEqual(["G-nonadjacent-item"]);
    const ev = (r.anomalies as Record<string, Array<{ steps: Array<{ type: string }> }>>)["G-nonadjacent-item"]![0]!;
    expect(ev.steps.map((s) => s.type)).toEqual(["rw", "wr", "rw", "wr"]);
  });

  it("serializable: rejected too (the nonadjacent cycle is also named)", () => {
    const r = checkElle(history(concurrent([T1, B, T2, T3, T4])), { kind: "list-append", consistencyModels: ["serializable"] });
    expect(r["valid?"]).toBe(false);
    expect(r["anomaly-types"]).toContain("G-nonadjacent-item");
  });

  it("rw-register: the same shape under snapshot-isolation", () => {
    const w = (mops: Mop[]): Mop[] => mops.map(([f, k, v]) => (f === "append" ? ["w", k, v] : ["r", k, Array.isArray(v) ? v[0] : v]));
    const r = checkElle(history(concurrent([T1, B, T2, T3, T4].map(w))), { kind: "rw-register", consistencyModels: ["snapshot-isolation"] });
    expect(r["valid?"], JSON.stringify(r, null, 1)).toBe(false);
    expect(r["anomaly-types"]).toEqual(["G-nonadjacent-item"]);
  });
});

describe("searchCycle, nonadjacent spec", () => {
  const spec = CYCLE_SPECS.find((s) => s.name === "G-nonadjacent-item")!;
  const graph = (edges: Array<[number, number, number]>, n: number): DepGraph => {
    const g = new DepGraph(n);
    for (const [a, b, rel] of edges) g.link(a, b, rel, () => "");
    return g;
  };

  it("refuses a cycle whose last rw edge closes onto its first rw edge", () => {
    // 0 -rw-> 1 -wr-> 2 -rw-> 0: the rw edges 2->0 and 0->1 meet at 0.
    const g = graph([[0, 1, RW], [1, 2, WR], [2, 0, RW]], 3);
    expect(searchCycle(g, [0, 1, 2], spec, 1000)).toBeNull();
  });

  it("refuses two rw edges side by side inside the path, finds the one that alternates", () => {
    // 0 -rw-> 1 -rw-> 2 -wr-> 0 (adjacent), and 0 -rw-> 3 -wr-> 4 -rw-> 5 -wr-> 0 (nonadjacent).
    const g = graph([[0, 1, RW], [1, 2, RW], [2, 0, WR], [0, 3, RW], [3, 4, WR], [4, 5, RW], [5, 0, WR]], 6);
    const r = searchCycle(g, [0, 1, 2, 3, 4, 5], spec, 1000);
    expect(r).not.toBeNull();
    expect("found" in r! && r.found.map((s) => [s.from, s.to, s.rel])).toEqual([[0, 3, RW], [3, 4, WR], [4, 5, RW], [5, 0, WR]]);
  });
});
