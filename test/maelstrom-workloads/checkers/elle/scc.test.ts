import { describe, expect, it } from "vitest";
import { DepGraph, RW, WR, WW } from "../../../../maelstrom-workloads/checkers/elle/dep-graph.js";
import { stronglyConnected, stronglyConnectedBy } from "../../../../maelstrom-workloads/checkers/elle/scc.js";

const sorted = (comps: readonly (readonly (number | string)[])[]) => comps.map((c) => [...c].map(String).sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

describe("stronglyConnectedBy (Tarjan, iterative)", () => {
  it.each([
    ["a chain has none", { a: ["b"], b: ["c"] }, []],
    ["one cycle", { a: ["b"], b: ["c"], c: ["a"] }, [["a", "b", "c"]]],
    ["two cycles joined one way stay two", { a: ["b"], b: ["a", "c"], c: ["d"], d: ["c"] }, [["a", "b"], ["c", "d"]]],
    ["a vertex only reached as a successor is visited", { a: ["x"], x: [] as string[] }, []],
  ] as const)("%s", (_name, edges, expected) => {
    const next = new Map<string, readonly string[]>(Object.entries(edges));
    expect(sorted(stronglyConnectedBy(next.keys(), (v) => next.get(v) ?? []))).toEqual(expected);
  });

  it("walks a cycle of 200,000 vertices without running out of stack", () => {
    const n = 200_000;
    const comps = stronglyConnectedBy(Array.from({ length: n }, (_, i) => i), (v) => [(v + 1) % n]);
    expect(comps).toHaveLength(1);
    expect(comps[0]).toHaveLength(n);
  });
});

describe("stronglyConnected over a dependency graph", () => {
  // 0 -ww-> 1 -wr-> 2 -rw-> 0, and 3 -ww-> 4 -ww-> 3
  const g = new DepGraph(5);
  const why = () => "test";
  g.link(0, 1, WW, why);
  g.link(1, 2, WR, why);
  g.link(2, 0, RW, why);
  g.link(3, 4, WW, why);
  g.link(4, 3, WW, why);
  const byFirst = (comps: number[][]) => [...comps].sort((a, b) => a[0]! - b[0]!);

  it("follows only the edges whose relationships meet the mask, and sorts each component", () => {
    expect(byFirst(stronglyConnected(g, WW | WR | RW))).toEqual([[0, 1, 2], [3, 4]]);
    expect(stronglyConnected(g, WW | WR)).toEqual([[3, 4]]);
  });

  it("stays among the vertices it is given", () => {
    expect(stronglyConnected(g, WW | WR | RW, [0, 1, 2])).toEqual([[0, 1, 2]]);
    expect(stronglyConnected(g, WW | WR | RW, [0, 1, 3, 4])).toEqual([[3, 4]]);
  });
});
