import type { Rng } from "../model/random.js";

/**
 * Grudges for the `partition` nemesis (MAELSTROM.md §4.1): which messages each
 * server node refuses to receive while a partition is in force.
 *
 * A grudge maps each receiver to the sources it drops. Conventions here:
 * - every node of the test has an entry, possibly `[]` (this matches Jepsen,
 *   whose grudges give every node a set, empty when it drops nothing);
 * - each list is sorted in node-list (test) order, and the record's keys are
 *   in node-list order too, so printing a grudge is deterministic;
 * - a kind that blocks nothing (minority-third with N ≤ 3, majorities-ring
 *   with N ≤ 2, anything with N = 1) gives every node `[]`, not `{}`.
 * Only server nodes appear: clients and services are never partitioned.
 */

export const partitionKinds = ["one", "majority", "minority-third", "majorities-ring"] as const;
export type PartitionKind = (typeof partitionKinds)[number];

/** receiver → sources it drops. */
export type Grudge = Record<string, string[]>;

export function isPartitionKind(s: string): s is PartitionKind {
  return (partitionKinds as readonly string[]).includes(s);
}

/** The smallest majority of n: floor(n/2) + 1. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** How many nodes minority-third splits off: floor((n − 1)/3), never below 0. */
export function minorityThird(n: number): number {
  return Math.max(0, Math.floor((n - 1) / 3));
}

/**
 * A random grudge of the given kind over `nodes` (the test's server nodes).
 * - `one`: a random node is cut off from all others, both directions.
 * - `majority`: shuffle; the first floor(N/2) nodes are cut off from the
 *   other ceil(N/2), both directions.
 * - `minority-third`: shuffle; the first floor((N−1)/3) nodes are cut off from
 *   the rest, both directions (a no-op for N ≤ 3).
 * - `majorities-ring`: every node hears a majority (counting itself). For
 *   N ≤ 5 the "perfect" ring (see majoritiesRingPerfect), else the stochastic
 *   construction (see majoritiesRingStochastic).
 */
export function grudge(kind: PartitionKind, nodes: readonly string[], rng: Rng): Grudge {
  assertDistinct(nodes);
  if (nodes.length === 0) return {};
  switch (kind) {
    case "one": {
      const loner = rng.pick(nodes);
      return completeGrudge([[loner], nodes.filter((n) => n !== loner)], nodes);
    }
    case "majority": {
      const shuffled = rng.shuffle(nodes);
      const k = Math.floor(nodes.length / 2);
      return completeGrudge([shuffled.slice(0, k), shuffled.slice(k)], nodes);
    }
    case "minority-third": {
      const shuffled = rng.shuffle(nodes);
      const k = minorityThird(nodes.length);
      return completeGrudge([shuffled.slice(0, k), shuffled.slice(k)], nodes);
    }
    case "majorities-ring":
      return nodes.length <= 5 ? majoritiesRingPerfect(nodes, rng) : majoritiesRingStochastic(nodes, rng);
    default: {
      const never: never = kind;
      throw new Error(`unknown partition kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The grudge that splits the network into the given components: each node
 * drops every node that is not in its own component. `order` (default: the
 * components' nodes, in the order given) fixes the key and list order.
 */
export function completeGrudge(components: readonly (readonly string[])[], order?: readonly string[]): Grudge {
  const all = order ?? components.flat();
  const componentOf = new Map<string, number>();
  components.forEach((component, i) => {
    for (const node of component) componentOf.set(node, i);
  });
  const out: Grudge = {};
  for (const node of all) {
    const mine = componentOf.get(node);
    if (mine === undefined) continue;
    out[node] = all.filter((other) => componentOf.has(other) && componentOf.get(other) !== mine);
  }
  return out;
}

/**
 * The grudge in which each node drops every node it is not connected to.
 * `connected(node)` is the set a node hears; a node always hears itself.
 */
export function invertConnections(nodes: readonly string[], connected: (node: string) => ReadonlySet<string>): Grudge {
  const out: Grudge = {};
  for (const node of nodes) {
    const hears = connected(node);
    out[node] = nodes.filter((other) => other !== node && !hears.has(other));
  }
  return out;
}

/**
 * What each node still hears under a grudge: every node of `nodes` (itself
 * included) that it does not drop, in node-list order.
 */
export function hearing(g: Grudge, nodes: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const node of nodes) {
    const drops = new Set(g[node] ?? []);
    out[node] = nodes.filter((other) => !drops.has(other));
  }
  return out;
}

/** True when `dest` drops messages from `src` under the grudge. */
export function drops(g: Grudge, dest: string, src: string): boolean {
  return (g[dest] ?? []).includes(src);
}

/**
 * The "perfect" majorities ring, used for N ≤ 5. Shuffle the nodes into a
 * ring and slide a window of m = floor(N/2)+1 consecutive nodes around it,
 * one window per starting position. The node in the middle of each window
 * (index floor(m/2)) hears exactly that window and drops everyone else.
 *
 * For N = 4 and 5 each node hears itself and its two ring neighbours
 * (symmetric). For N = 3 (m = 2) each node hears itself and its ring
 * predecessor only, so with ring a, b, c: a drops b, b drops c, c drops a —
 * asymmetric. For N ≤ 2 nobody drops anything.
 */
export function majoritiesRingPerfect(nodes: readonly string[], rng: Rng): Grudge {
  const n = nodes.length;
  const m = majority(n);
  const ring = rng.shuffle(nodes);
  const hears = new Map<string, Set<string>>();
  for (let start = 0; start < n; start++) {
    const window: string[] = [];
    for (let j = 0; j < m; j++) window.push(ring[(start + j) % n]!);
    hears.set(window[Math.floor(m / 2)]!, new Set(window));
  }
  return invertConnections(nodes, (node) => hears.get(node) ?? new Set([node]));
}

/**
 * The stochastic majorities ring, used for N > 5. Start with every node
 * connected only to itself (degree 1). Repeatedly take a node `a` of least
 * degree (ties broken at random) and, if its degree is below the majority m,
 * connect it (both ways) to a least-degree node `b` it is not yet connected
 * to (ties broken at random). Stop when every node's degree, counting itself,
 * is at least m; each node then drops every node it is not connected to.
 *
 * The result is symmetric and every node hears at least a majority. Unlike
 * the perfect ring, it does not guarantee that no two nodes hear the same set
 * (two connected nodes can end up with identical closed neighbourhoods).
 */
export function majoritiesRingStochastic(nodes: readonly string[], rng: Rng): Grudge {
  const m = majority(nodes.length);
  const conns = new Map<string, Set<string>>(nodes.map((node) => [node, new Set([node])]));
  const degree = (node: string) => conns.get(node)!.size;
  for (;;) {
    // Nodes by ascending degree, shuffled within each degree.
    const byDegree = new Map<number, string[]>();
    for (const node of nodes) {
      const d = degree(node);
      const bucket = byDegree.get(d);
      if (bucket) bucket.push(node);
      else byDegree.set(d, [node]);
    }
    const ordered = [...byDegree.keys()].sort((x, y) => x - y).flatMap((d) => rng.shuffle(byDegree.get(d)!));
    const a = ordered[0]!;
    if (degree(a) >= m) break;
    const mine = conns.get(a)!;
    // a's degree is below m ≤ N, so some node is not yet connected to it.
    const b = ordered.find((node) => !mine.has(node))!;
    mine.add(b);
    conns.get(b)!.add(a);
  }
  return invertConnections(nodes, (node) => conns.get(node)!);
}

function assertDistinct(nodes: readonly string[]): void {
  if (new Set(nodes).size !== nodes.length) throw new Error(`node ids must be distinct, got ${JSON.stringify(nodes)}`);
}
