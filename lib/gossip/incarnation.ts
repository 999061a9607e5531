/** 21 + 32 bits: incarnations travel in JSON, where integers are exact up to 2^53-1. */
const TOP_BITS = 2 ** 21;
const LOW_BITS = 2 ** 32;

/**
 * A fresh incarnation for a node instance, drawn when it starts: 53 random
 * bits from `random` (two draws, since a seeded generator may give only 32
 * bits a draw), the low 32 mixed with `now` on the node's clock. The mix is
 * for a host that restarts a node with the same random stream (a simulator
 * that derives each node's randomness from the run's seed and the node's id
 * alone): the new instance draws the same numbers, but later, so it still gets
 * a new incarnation. Neither input is the wall clock or Math.random unless the
 * host injected them.
 */
export function drawIncarnation(random: () => number, now: number): number {
  const high = Math.floor(random() * TOP_BITS);
  const low = (Math.floor(random() * LOW_BITS) ^ Math.floor(now)) >>> 0;
  return high * LOW_BITS + low;
}
