/** The hub of a star: the first node in Maelstrom's order, so every node picks the same one. */
export function hubOf(nodeIds: readonly string[]): string | undefined {
  return nodeIds[0];
}

export interface OverlayInput {
  self: string;
  nodeIds: readonly string[];
  overlay: "star" | "topology" | "total";
  /** This node's neighbours in Maelstrom's `topology` ([] before it arrives). */
  neighbours: readonly string[];
  /** Whether the hub looks unreachable from here. */
  hubSuspect: boolean;
}

/**
 * Whom this node sends its values to. In a star, the hub sends to everyone
 * and a leaf to the hub; a leaf that finds the hub unreachable also sends to
 * its topology neighbours and its two ring neighbours, which spreads values
 * among the nodes that can still reach each other until the hub is back.
 */
export function activePeers(o: OverlayInput): string[] {
  const others = o.nodeIds.filter((n) => n !== o.self);
  if (o.overlay === "total") return others;
  if (o.overlay === "topology") return o.neighbours.filter((n) => n !== o.self);
  const hub = hubOf(o.nodeIds);
  if (hub === undefined || o.self === hub) return others;
  if (!o.hubSuspect) return [hub];
  const leaves = o.nodeIds.filter((n) => n !== hub);
  const i = leaves.indexOf(o.self);
  const ring = leaves.length > 1 ? [leaves[(i + 1) % leaves.length]!, leaves[(i - 1 + leaves.length) % leaves.length]!] : [];
  return [...new Set([hub, ...o.neighbours, ...ring])].filter((n) => n !== o.self);
}

/** Whether this node sends on the fast clock: the hub of a star, or every node of the other overlays. */
export function onMainPeriod(o: Pick<OverlayInput, "self" | "nodeIds" | "overlay">): boolean {
  return o.overlay !== "star" || o.self === hubOf(o.nodeIds);
}

/** This node's neighbours read from a `topology` body, and the ids it named that were left out. */
export type TopologyReading = { ok: true; neighbours: string[]; dropped: string[] } | { ok: false; error: string };

/**
 * This node's neighbours from Maelstrom's `topology` map, which comes from
 * outside and is trusted for nothing: it is read by own keys only (a node
 * named `toString` or `__proto__` is an ordinary key), and the neighbours are
 * kept to `nodeIds` minus this node, without repeats. Everything else it
 * names (clients, services like `lin-kv`, made-up ids, this node) is
 * returned in `dropped`, in order, so the caller can say so.
 */
export function neighboursFromTopology(topology: unknown, self: string, nodeIds: readonly string[]): TopologyReading {
  if (typeof topology !== "object" || topology === null || Array.isArray(topology)) {
    const got = topology === undefined ? "nothing" : topology === null ? "null" : Array.isArray(topology) ? "an array" : typeof topology;
    return { ok: false, error: `"topology" must be a map from node id to a list of node ids, got ${got}` };
  }
  for (const [id, list] of Object.entries(topology)) {
    if (!Array.isArray(list) || !list.every((n) => typeof n === "string")) return { ok: false, error: `topology entry ${JSON.stringify(id.slice(0, 80))} must be a list of node ids (strings)` };
  }
  const mine: string[] = Object.hasOwn(topology, self) ? (topology as Record<string, string[]>)[self]! : [];
  const members = new Set(nodeIds);
  const neighbours: string[] = [];
  const dropped: string[] = [];
  for (const n of new Set(mine)) (n !== self && members.has(n) ? neighbours : dropped).push(n);
  return { ok: true, neighbours, dropped };
}
