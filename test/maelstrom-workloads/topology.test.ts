import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTopologyKind, topology, topologyKinds, type Topology } from "../../maelstrom-workloads/topology.js";

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, k) => `n${k + from}`);

function isSymmetric(t: Topology): boolean {
  return Object.entries(t).every(([a, ns]) => ns.every((b) => (t[b] ?? []).includes(a)));
}

describe("topology kinds", () => {
  it("are Maelstrom's seven, and recognised", () => {
    expect(topologyKinds).toEqual(["line", "grid", "tree", "tree2", "tree3", "tree4", "total"]);
    for (const k of topologyKinds) expect(isTopologyKind(k)).toBe(true);
    expect(isTopologyKind("ring")).toBe(false);
    expect(isTopologyKind("Grid")).toBe(false);
  });
});

describe("grid", () => {
  it("matches MAELSTROM.md's 5-node example (n1..n5)", () => {
    expect(topology("grid", ids(5, 1))).toEqual({
      n1: ["n4", "n2"],
      n2: ["n5", "n3", "n1"],
      n3: ["n2"],
      n4: ["n1", "n5"],
      n5: ["n2", "n4"],
    });
  });

  it("lists neighbours below, above, right, left on a full 3x3 grid", () => {
    const t = topology("grid", ids(9));
    // n0 n1 n2
    // n3 n4 n5
    // n6 n7 n8
    expect(t.n4).toEqual(["n7", "n1", "n5", "n3"]);
    expect(t.n0).toEqual(["n3", "n1"]);
    expect(t.n8).toEqual(["n5", "n7"]);
    expect(t.n2).toEqual(["n5", "n1"]);
  });

  it("uses side ceil(sqrt(N)) and a partial last row", () => {
    // 10 nodes: side 4; rows n0-n3, n4-n7, n8-n9.
    const t = topology("grid", ids(10));
    expect(t.n5).toEqual(["n9", "n1", "n6", "n4"]);
    expect(t.n6).toEqual(["n2", "n7", "n5"]); // nothing below: position 10 is empty
    expect(t.n9).toEqual(["n5", "n8"]);
  });

  it("gives a lone node an empty list, and no nodes an empty map", () => {
    expect(topology("grid", ["a"])).toEqual({ a: [] });
    expect(topology("grid", [])).toEqual({});
  });

  it("follows the node list order, whatever the names", () => {
    expect(topology("grid", ["z", "y", "x", "w"])).toEqual({ z: ["x", "y"], y: ["w", "z"], x: ["z", "w"], w: ["y", "x"] });
  });
});

describe("line", () => {
  it("links each node to its neighbours in list order", () => {
    expect(topology("line", ids(4))).toEqual({ n0: ["n1"], n1: ["n0", "n2"], n2: ["n1", "n3"], n3: ["n2"] });
  });

  it("handles 2 nodes, and leaves a lone node out entirely (as Maelstrom does)", () => {
    expect(topology("line", ["a", "b"])).toEqual({ a: ["b"], b: ["a"] });
    expect(topology("line", ["a"])).toEqual({});
    expect(topology("line", [])).toEqual({});
  });
});

describe("trees", () => {
  it("matches MAELSTROM.md's tree2 example over n0..n4, and tree is tree2", () => {
    const expected = { n0: ["n1", "n2"], n1: ["n0", "n3", "n4"], n2: ["n0"], n3: ["n1"], n4: ["n1"] };
    expect(topology("tree2", ids(5))).toEqual(expected);
    expect(topology("tree", ids(5))).toEqual(expected);
  });

  it("builds tree3 and tree4 in heap layout, [parent, ...children]", () => {
    expect(topology("tree3", ids(6))).toEqual({
      n0: ["n1", "n2", "n3"],
      n1: ["n0", "n4", "n5"],
      n2: ["n0"],
      n3: ["n0"],
      n4: ["n1"],
      n5: ["n1"],
    });
    const t4 = topology("tree4", ids(10));
    expect(t4.n0).toEqual(["n1", "n2", "n3", "n4"]);
    expect(t4.n1).toEqual(["n0", "n5", "n6", "n7", "n8"]);
    expect(t4.n2).toEqual(["n0", "n9"]);
    expect(t4.n9).toEqual(["n2"]);
  });

  it("gives a lone node an empty list", () => {
    for (const k of ["tree", "tree2", "tree3", "tree4"] as const) expect(topology(k, ["solo"])).toEqual({ solo: [] });
  });

  it("is a tree: N−1 edges and every node reaches the root", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.constantFrom("tree2" as const, "tree3" as const, "tree4" as const), (n, kind) => {
        const t = topology(kind, ids(n));
        const edges = Object.values(t).reduce((s, ns) => s + ns.length, 0) / 2;
        expect(edges).toBe(n - 1);
        const seen = new Set(["n0"]);
        const queue = ["n0"];
        while (queue.length > 0) for (const b of t[queue.shift()!]!) if (!seen.has(b)) seen.add(b), queue.push(b);
        expect(seen.size).toBe(n);
      }),
    );
  });
});

describe("total", () => {
  it("links every node to every other, in list order", () => {
    expect(topology("total", ["a", "b", "c"])).toEqual({ a: ["b", "c"], b: ["a", "c"], c: ["a", "b"] });
    expect(topology("total", ["a"])).toEqual({ a: [] });
  });
});

describe("every topology", () => {
  it("is symmetric, has no self-loops or repeats, and names only test nodes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.constantFrom(...topologyKinds), (n, kind) => {
        const nodes = ids(n, 1);
        const t = topology(kind, nodes);
        expect(isSymmetric(t)).toBe(true);
        for (const [a, ns] of Object.entries(t)) {
          expect(nodes).toContain(a);
          expect(ns).not.toContain(a);
          expect(new Set(ns).size).toBe(ns.length);
          for (const b of ns) expect(nodes).toContain(b);
        }
      }),
    );
  });

  it("has an entry for every node, except line with a single node", () => {
    for (const kind of topologyKinds) {
      for (let n = 1; n <= 12; n++) {
        const nodes = ids(n);
        const keys = Object.keys(topology(kind, nodes));
        expect(keys).toEqual(kind === "line" && n === 1 ? [] : nodes);
      }
    }
  });

  it("is connected for N ≥ 2", () => {
    for (const kind of topologyKinds) {
      for (let n = 2; n <= 30; n++) {
        const t = topology(kind, ids(n));
        const seen = new Set(["n0"]);
        const queue = ["n0"];
        while (queue.length > 0) for (const b of t[queue.shift()!]!) if (!seen.has(b)) seen.add(b), queue.push(b);
        expect(seen.size, `${kind} ${n}`).toBe(n);
      }
    }
  });

  it("gives grid nodes at most 4 neighbours and tree-b nodes at most b+1", () => {
    for (let n = 1; n <= 40; n++) {
      const nodes = ids(n);
      for (const ns of Object.values(topology("grid", nodes))) expect(ns.length).toBeLessThanOrEqual(4);
      for (const [kind, b] of [["tree2", 2], ["tree3", 3], ["tree4", 4]] as const) {
        for (const ns of Object.values(topology(kind, nodes))) expect(ns.length).toBeLessThanOrEqual(b + 1);
      }
    }
  });
});
