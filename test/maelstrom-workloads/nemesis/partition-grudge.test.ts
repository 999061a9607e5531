import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../../../maelstrom-workloads/model/random.js";
import {
  completeGrudge,
  drops,
  type Grudge,
  grudge,
  hearing,
  invertConnections,
  isPartitionKind,
  majoritiesRingPerfect,
  majoritiesRingStochastic,
  majority,
  minorityThird,
  partitionKinds,
} from "../../../maelstrom-workloads/nemesis/partition-grudge.js";

const ids = (n: number) => Array.from({ length: n }, (_, k) => `n${k + 1}`);
const SEEDS = Array.from({ length: 300 }, (_, k) => k * 7919 + 1);

/** Every (N, seed) pair for N = 1..9. */
function* cases(maxN = 9): Generator<{ n: number; nodes: string[]; seed: number; rng: Rng }> {
  for (let n = 1; n <= maxN; n++) for (const seed of SEEDS) yield { n, nodes: ids(n), seed, rng: seededRng(seed) };
}

function isSymmetric(g: Grudge): boolean {
  return Object.entries(g).every(([dest, srcs]) => srcs.every((src) => drops(g, src, dest)));
}

/** Checks the conventions every grudge follows. */
function expectWellFormed(g: Grudge, nodes: string[]): void {
  expect(Object.keys(g)).toEqual(nodes);
  for (const [dest, srcs] of Object.entries(g)) {
    expect(srcs).not.toContain(dest);
    // Sorted in node-list order, no repeats, only test nodes.
    const positions = srcs.map((s) => nodes.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(srcs).size).toBe(srcs.length);
  }
}

/** The components of a symmetric grudge: nodes that hear each other. */
function components(g: Grudge, nodes: string[]): string[][] {
  const h = hearing(g, nodes);
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node)) continue;
    const comp = h[node]!;
    comp.forEach((x) => seen.add(x));
    out.push(comp);
  }
  return out;
}

describe("helpers", () => {
  it("has Maelstrom's four kinds", () => {
    expect(partitionKinds).toEqual(["one", "majority", "minority-third", "majorities-ring"]);
    expect(isPartitionKind("majority")).toBe(true);
    expect(isPartitionKind("primaries")).toBe(false);
  });

  it("majority and minorityThird follow the formulas", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(majority)).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(minorityThird)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
    expect(minorityThird(0)).toBe(0);
  });

  it("completeGrudge cuts components apart and gives every node an entry", () => {
    expect(completeGrudge([["b"], ["a", "c"]], ["a", "b", "c"])).toEqual({ a: ["b"], b: ["a", "c"], c: ["b"] });
    expect(completeGrudge([[], ["a", "b"]])).toEqual({ a: [], b: [] });
    expect(completeGrudge([["a"], ["b"], ["c"]])).toEqual({ a: ["b", "c"], b: ["a", "c"], c: ["a", "b"] });
  });

  it("invertConnections, hearing and drops agree", () => {
    const nodes = ["a", "b", "c"];
    const conns: Record<string, Set<string>> = { a: new Set(["a", "b"]), b: new Set(["b"]), c: new Set(["a", "b", "c"]) };
    const g = invertConnections(nodes, (n) => conns[n]!);
    expect(g).toEqual({ a: ["c"], b: ["a", "c"], c: [] });
    expect(hearing(g, nodes)).toEqual({ a: ["a", "b"], b: ["b"], c: ["a", "b", "c"] });
    expect(drops(g, "b", "a")).toBe(true);
    expect(drops(g, "a", "b")).toBe(false);
  });

  it("gives {} for no nodes, and rejects repeated ids", () => {
    for (const kind of partitionKinds) expect(grudge(kind, [], seededRng(1))).toEqual({});
    expect(() => grudge("one", ["a", "a"], seededRng(1))).toThrow(/distinct/);
  });

  it("is reproducible from the seed and varies across seeds", () => {
    for (const kind of partitionKinds) {
      expect(grudge(kind, ids(7), seededRng(5))).toEqual(grudge(kind, ids(7), seededRng(5)));
      const distinct = new Set(SEEDS.slice(0, 50).map((s) => JSON.stringify(grudge(kind, ids(7), seededRng(s)))));
      expect(distinct.size).toBeGreaterThan(1);
    }
  });
});

describe("one", () => {
  it("isolates exactly one node, in both directions", () => {
    for (const { n, nodes, rng } of cases()) {
      const g = grudge("one", nodes, rng);
      expectWellFormed(g, nodes);
      expect(isSymmetric(g)).toBe(true);
      if (n === 1) {
        expect(g).toEqual({ n1: [] });
        continue;
      }
      if (n === 2) {
        // Isolating either node cuts the pair apart.
        expect(g).toEqual({ n1: ["n2"], n2: ["n1"] });
        continue;
      }
      const loners = nodes.filter((x) => g[x]!.length === n - 1);
      expect(loners).toHaveLength(1);
      const loner = loners[0]!;
      for (const x of nodes) if (x !== loner) expect(g[x]).toEqual([loner]);
      expect(components(g, nodes).map((c) => c.length).sort()).toEqual([1, n - 1].sort());
    }
  });

  it("picks every node sometimes", () => {
    const picked = new Set(SEEDS.map((s) => Object.entries(grudge("one", ids(5), seededRng(s))).find(([, v]) => v.length === 4)![0]));
    expect(picked).toEqual(new Set(ids(5)));
  });
});

describe("majority", () => {
  it("splits off floor(N/2) nodes, leaving a fully connected side of ceil(N/2)", () => {
    for (const { n, nodes, rng } of cases()) {
      const g = grudge("majority", nodes, rng);
      expectWellFormed(g, nodes);
      expect(isSymmetric(g)).toBe(true);
      const comps = components(g, nodes);
      const sizes = comps.map((c) => c.length).sort((a, b) => a - b);
      expect(sizes).toEqual(n === 1 ? [1] : [Math.floor(n / 2), Math.ceil(n / 2)]);
      // Within the big side nobody drops anybody; across sides everything is dropped.
      const big = comps.find((c) => c.length === Math.ceil(n / 2))!;
      for (const x of big) expect(g[x]).toEqual(nodes.filter((y) => !big.includes(y)));
    }
  });

  it("for N = 5 gives 2 | 3, with varying membership", () => {
    const smalls = new Set(SEEDS.map((s) => components(grudge("majority", ids(5), seededRng(s)), ids(5)).find((c) => c.length === 2)!.join()));
    expect(smalls.size).toBe(10); // all C(5,2) minorities occur
  });
});

describe("minority-third", () => {
  it("splits off floor((N−1)/3) nodes, and is a no-op (every list empty) for N ≤ 3", () => {
    for (const { n, nodes, rng } of cases()) {
      const g = grudge("minority-third", nodes, rng);
      expectWellFormed(g, nodes);
      expect(isSymmetric(g)).toBe(true);
      const k = Math.floor((n - 1) / 3);
      if (k === 0) {
        expect(Object.values(g).every((v) => v.length === 0)).toBe(true);
        continue;
      }
      const sizes = components(g, nodes).map((c) => c.length).sort((a, b) => a - b);
      expect(sizes).toEqual([k, n - k]);
    }
  });

  it("isolates 1 node for N = 4..6 and 2 for N = 7..9", () => {
    for (const [n, k] of [[4, 1], [5, 1], [6, 1], [7, 2], [8, 2], [9, 2]] as const) {
      const g = grudge("minority-third", ids(n), seededRng(n));
      expect(Object.values(g).filter((v) => v.length === n - k)).toHaveLength(k);
    }
  });
});

describe("majorities-ring", () => {
  it("lets every node hear a majority, counting itself", () => {
    for (const { n, nodes, rng } of cases(12)) {
      const g = grudge("majorities-ring", nodes, rng);
      expectWellFormed(g, nodes);
      const h = hearing(g, nodes);
      for (const x of nodes) {
        expect(h[x]).toContain(x);
        expect(h[x]!.length).toBeGreaterThanOrEqual(majority(n));
      }
    }
  });

  it("is a no-op for N ≤ 2", () => {
    for (const seed of SEEDS) {
      expect(grudge("majorities-ring", ["a"], seededRng(seed))).toEqual({ a: [] });
      expect(grudge("majorities-ring", ["a", "b"], seededRng(seed))).toEqual({ a: [], b: [] });
    }
  });

  it("for N = 3 is asymmetric: each node drops exactly one other, and the drops form a 3-cycle", () => {
    const shapes = new Set<string>();
    for (const seed of SEEDS) {
      const nodes = ["a", "b", "c"];
      const g = grudge("majorities-ring", nodes, seededRng(seed));
      for (const x of nodes) expect(g[x]).toHaveLength(1);
      // x drops y never goes with y drops x ...
      for (const x of nodes) expect(drops(g, g[x]![0]!, x)).toBe(false);
      // ... so following "drops" from a visits all three nodes and returns.
      const b = g.a![0]!;
      const c = g[b]![0]!;
      expect(new Set(["a", b, c])).toEqual(new Set(nodes));
      expect(g[c]).toEqual(["a"]);
      expect(isSymmetric(g)).toBe(false);
      shapes.add(JSON.stringify(g));
      // Every node hears exactly 2 (a majority of 3), and no two hear the same pair.
      const heard = Object.values(hearing(g, nodes)).map((v) => v.join());
      expect(new Set(heard).size).toBe(3);
    }
    // Both orientations of the ring occur: a drops b (ring a,b,c) or a drops c.
    expect(shapes).toEqual(new Set([JSON.stringify({ a: ["b"], b: ["c"], c: ["a"] }), JSON.stringify({ a: ["c"], b: ["a"], c: ["b"] })]));
  });

  it("matches the documented N = 3 rule: with ring a, b, c, b drops c, c drops a and a drops b", () => {
    const identity: Rng = { next: () => 0, int: (lo) => lo, pick: (xs) => xs[0]!, shuffle: (xs) => [...xs] };
    expect(majoritiesRingPerfect(["a", "b", "c"], identity)).toEqual({ a: ["b"], b: ["c"], c: ["a"] });
  });

  it("for N = 4 and 5, each node hears exactly itself and its two ring neighbours (symmetric)", () => {
    for (const n of [4, 5]) {
      for (const seed of SEEDS) {
        const nodes = ids(n);
        const g = grudge("majorities-ring", nodes, seededRng(seed));
        expect(isSymmetric(g)).toBe(true);
        const h = hearing(g, nodes);
        for (const x of nodes) expect(h[x]).toHaveLength(3);
        // The "hears" relation minus self is a single cycle through all N nodes.
        const next = (prev: string, cur: string) => h[cur]!.find((y) => y !== cur && y !== prev)!;
        const start = nodes[0]!;
        let prev = start;
        let cur = h[start]!.find((y) => y !== start)!;
        const visited = [start];
        while (cur !== start) {
          visited.push(cur);
          [prev, cur] = [cur, next(prev, cur)];
        }
        expect(new Set(visited)).toEqual(new Set(nodes));
        expect(visited).toHaveLength(n);
        // So no two nodes hear the same majority.
        expect(new Set(Object.values(h).map((v) => v.join())).size).toBe(n);
      }
    }
  });

  it("with a fixed ring, the middle node of each window hears that window", () => {
    const identity: Rng = { next: () => 0, int: (lo) => lo, pick: (xs) => xs[0]!, shuffle: (xs) => [...xs] };
    // Ring a b c d e, m = 3: windows abc (b), bcd (c), cde (d), dea (e), eab (a).
    expect(hearing(majoritiesRingPerfect(["a", "b", "c", "d", "e"], identity), ["a", "b", "c", "d", "e"])).toEqual({
      a: ["a", "b", "e"],
      b: ["a", "b", "c"],
      c: ["b", "c", "d"],
      d: ["c", "d", "e"],
      e: ["a", "d", "e"],
    });
  });

  it("for N > 5 (stochastic) is symmetric and stops once every node hears a majority", () => {
    for (let n = 6; n <= 12; n++) {
      for (const seed of SEEDS.slice(0, 100)) {
        const nodes = ids(n);
        const g = grudge("majorities-ring", nodes, seededRng(seed));
        expect(isSymmetric(g)).toBe(true);
        const sizes = Object.values(hearing(g, nodes)).map((v) => v.length);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(majority(n));
        // The last link made brought the last node below m up to m.
        expect(sizes).toContain(majority(n));
        // Not a total split: somebody drops somebody.
        expect(Object.values(g).some((v) => v.length > 0)).toBe(true);
      }
    }
  });

  it("for N > 5 does NOT always give every node a different majority (MAELSTROM.md's claim holds only for N = 3..5)", () => {
    // The stochastic construction can leave two linked nodes with the same
    // closed neighbourhood. It happens for a few percent of grudges; find one.
    let twins = 0;
    let total = 0;
    for (let n = 6; n <= 9; n++) {
      for (const seed of SEEDS) {
        const h = hearing(grudge("majorities-ring", ids(n), seededRng(seed)), ids(n));
        const sets = Object.values(h).map((v) => v.join());
        total++;
        if (new Set(sets).size < sets.length) twins++;
      }
    }
    expect(twins).toBeGreaterThan(0);
    expect(twins / total).toBeLessThan(0.3);
  });

  it("uses the perfect ring up to 5 nodes and the stochastic one above", () => {
    for (const seed of SEEDS.slice(0, 20)) {
      expect(grudge("majorities-ring", ids(5), seededRng(seed))).toEqual(majoritiesRingPerfect(ids(5), seededRng(seed)));
      expect(grudge("majorities-ring", ids(6), seededRng(seed))).toEqual(majoritiesRingStochastic(ids(6), seededRng(seed)));
    }
  });
});
