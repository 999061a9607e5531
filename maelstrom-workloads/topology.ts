/**
 * The neighbour maps Maelstrom's broadcast workload sends to nodes in its
 * `topology` request (MAELSTROM.md §5.2). Every map is computed from the
 * test's node list in order, and every one is symmetric: if b is a neighbour
 * of a, then a is a neighbour of b.
 */

export const topologyKinds = ["line", "grid", "tree", "tree2", "tree3", "tree4", "total"] as const;
export type TopologyKind = (typeof topologyKinds)[number];

/** node id → its neighbours, in the order Maelstrom lists them. */
export type Topology = Record<string, string[]>;

export function isTopologyKind(s: string): s is TopologyKind {
  return (topologyKinds as readonly string[]).includes(s);
}

/**
 * The neighbour map of `kind` over `nodes` (in test order).
 *
 * - `line`: first → [second], last → [second-to-last], others → [left, right].
 *   With one node the map is `{}` (Maelstrom leaves the lone node out).
 * - `grid`: side = ceil(sqrt(N)), filled row by row; neighbours in the order
 *   below, above, right, left, skipping positions that hold no node.
 * - `tree`/`tree2`, `tree3`, `tree4`: a 2-, 3- or 4-ary tree in heap layout
 *   (index 0 is the root, the parent of i is floor((i−1)/b)); neighbours are
 *   [parent] (not for the root) followed by the children in index order.
 * - `total`: every other node, in test order.
 *
 * One-node grids and trees give `{n: []}`; no nodes gives `{}`.
 */
export function topology(kind: TopologyKind, nodes: readonly string[]): Topology {
  switch (kind) {
    case "line":
      return line(nodes);
    case "grid":
      return grid(nodes);
    case "tree":
    case "tree2":
      return tree(nodes, 2);
    case "tree3":
      return tree(nodes, 3);
    case "tree4":
      return tree(nodes, 4);
    case "total":
      return total(nodes);
    default: {
      const never: never = kind;
      throw new Error(`unknown topology ${JSON.stringify(never)}`);
    }
  }
}

function line(nodes: readonly string[]): Topology {
  const out: Topology = {};
  const n = nodes.length;
  // Maelstrom builds the line from adjacent pairs, so a single node has no
  // entry at all.
  if (n < 2) return out;
  nodes.forEach((node, i) => {
    const neighbours: string[] = [];
    if (i > 0) neighbours.push(nodes[i - 1]!);
    if (i < n - 1) neighbours.push(nodes[i + 1]!);
    out[node] = neighbours;
  });
  return out;
}

function grid(nodes: readonly string[]): Topology {
  const out: Topology = {};
  const n = nodes.length;
  const side = Math.ceil(Math.sqrt(n));
  const at = (row: number, col: number): string | undefined => {
    if (row < 0 || col < 0 || col >= side) return undefined;
    const k = row * side + col;
    return k < n ? nodes[k] : undefined;
  };
  nodes.forEach((node, k) => {
    const row = Math.floor(k / side);
    const col = k % side;
    const candidates = [at(row + 1, col), at(row - 1, col), at(row, col + 1), at(row, col - 1)];
    out[node] = candidates.filter((x): x is string => x !== undefined);
  });
  return out;
}

function tree(nodes: readonly string[], branching: number): Topology {
  const out: Topology = {};
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const neighbours: string[] = [];
    if (i > 0) neighbours.push(nodes[Math.floor((i - 1) / branching)]!);
    for (let c = branching * i + 1; c <= branching * i + branching && c < n; c++) neighbours.push(nodes[c]!);
    out[node] = neighbours;
  });
  return out;
}

function total(nodes: readonly string[]): Topology {
  const out: Topology = {};
  for (const node of nodes) out[node] = nodes.filter((other) => other !== node);
  return out;
}
