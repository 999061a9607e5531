/** 36^6: six base-36 characters, about 2^31 tags. */
const TAGS = 36 ** 6;

/**
 * The name a node instance broadcasts under: its node id, a dot, and six
 * base-36 characters from its incarnation, e.g. "n3.k0x9ab". A node killed
 * and started again has forgotten how many messages it sent, so it cannot go
 * on numbering them under its node id alone: each instance numbers its own
 * from 1 under its own name. Two instances of one node clash only if their
 * tags do (about 1 in 2^31 per pair).
 */
export function instanceId(nodeId: string, incarnation: number): string {
  return `${nodeId}.${(Math.abs(Math.floor(incarnation)) % TAGS).toString(36).padStart(6, "0")}`;
}
