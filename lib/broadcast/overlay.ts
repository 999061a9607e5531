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
