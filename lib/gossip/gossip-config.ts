/** How a gossip queue paces acknowledgements and retransmissions. Every field is optional. */
export interface GossipConfig {
  /**
   * How long an acknowledgement may wait for a batch of our own to ride on
   * before it is sent alone. Longer means fewer messages and slower repair.
   * Default 300 ms.
   */
  ackDelayMs?: number;
  /** Retransmission timeout of a batch before any has expired. Must exceed ackDelayMs plus a round trip. Default 1000 ms. */
  initialRtoMs?: number;
  /** Each expiry doubles the timeout, up to this. It bounds how often an unreachable peer is tried. Default 4000 ms. */
  maxRtoMs?: number;
  /** Most values in one batch; 0 means no limit. Default 0. */
  maxBatch?: number;
}

export function resolveGossipConfig(c: GossipConfig = {}): Required<GossipConfig> {
  const r = { ackDelayMs: 300, initialRtoMs: 1000, maxRtoMs: 4000, maxBatch: 0, ...c };
  const bad = (what: string) => {
    throw new RangeError(`gossip config: ${what}`);
  };
  if (!(r.ackDelayMs >= 0)) bad(`ackDelayMs must be >= 0, got ${r.ackDelayMs}`);
  if (!(r.initialRtoMs > r.ackDelayMs)) bad(`initialRtoMs (${r.initialRtoMs}) must exceed ackDelayMs (${r.ackDelayMs}), or every batch would be resent before its ack could arrive`);
  if (!(r.maxRtoMs >= r.initialRtoMs)) bad(`maxRtoMs (${r.maxRtoMs}) must be >= initialRtoMs (${r.initialRtoMs})`);
  if (!(Number.isInteger(r.maxBatch) && r.maxBatch >= 0)) bad(`maxBatch must be a whole number >= 0, got ${r.maxBatch}`);
  return r;
}
