import type { ClusterDoc } from "./cluster-doc.js";

/** What a node last saw of the leader's heartbeat, and when (on its own clock). */
export interface LeaseWatch {
  epoch: number;
  beat: number;
  seenAt: number;
}

/** The watch after reading `doc` at `now`: it restarts whenever the epoch or beat moved. */
export function observeLease(prev: LeaseWatch | undefined, doc: ClusterDoc, now: number): LeaseWatch {
  if (prev && prev.epoch === doc.epoch && prev.beat === doc.beat) return prev;
  return { epoch: doc.epoch, beat: doc.beat, seenAt: now };
}

/** Whether nobody holds the lease as far as this node can tell: no leader, or its heartbeat has not moved for a whole lease on this node's clock. */
export function leaseLapsed(doc: ClusterDoc, watch: LeaseWatch, now: number): boolean {
  return doc.leader === null || now - watch.seenAt >= doc.leaseMs;
}

/** More than half of `of`. */
export const isMajority = (count: number, of: number) => 2 * count > of;

/** How many of `nodes` the document's leader last recorded alive (a node it has no record of does not count). */
export function recordedAlive(doc: ClusterDoc, nodes: readonly string[]): number {
  return nodes.filter((id) => Object.hasOwn(doc.workers, id) && doc.workers[id]!.alive).length;
}

/**
 * Since when (on this node's clock) the documents it read showed their
 * leader recording fewer than a majority of `nodes` alive: restarts with each
 * new epoch; undefined once a document shows a majority (or no leader).
 */
export interface MinorityLeader {
  epoch: number;
  since: number;
}
export function observeMinorityLeader(prev: MinorityLeader | undefined, doc: ClusterDoc, nodes: readonly string[], now: number): MinorityLeader | undefined {
  if (doc.leader === null || isMajority(recordedAlive(doc, nodes), nodes.length)) return undefined;
  return prev && prev.epoch === doc.epoch ? prev : { epoch: doc.epoch, since: now };
}

export interface ClaimInput {
  doc: ClusterDoc;
  me: string;
  /** The last epoch this life of the node led, if any. */
  myEpoch: number | undefined;
  watch: LeaseWatch;
  now: number;
  /** Whether this node sees a majority of the cluster not dead (by SWIM), itself included. */
  seesMajority: boolean;
  /** How long a node that sees no majority waits for a lapsed lease, from the last heartbeat it saw (at least the lease). */
  aloneAfterMs: number;
}

/**
 * Whether `me` should try to take the lease. A node that sees a majority
 * alive (itself included) claims when nobody holds the lease; when the
 * document names `me` under an epoch this life never held (an earlier life of
 * this node, killed and started again: that leader is gone); when the lease
 * lapsed (leaseLapsed), which covers this life's own epoch too. A node that
 * sees no majority (say a leader was killed while a partition splits the
 * rest: then no node sees one) waits `aloneAfterMs` for a lapsed lease, so a
 * node that sees a majority gets there first when there is one, and one of
 * the small groups leads when there is none. Only durations on one clock are
 * compared, never two nodes' clocks. Taking it is a CAS from the document
 * read, so of two nodes trying at once one wins, and a leader that renewed
 * meanwhile keeps it. A held lease is taken only by shouldTakeOver.
 */
export function shouldClaim(c: ClaimInput): boolean {
  const { doc, now, watch } = c;
  const still = now - watch.seenAt;
  if (!c.seesMajority) return doc.leader === null ? still >= c.aloneAfterMs : still >= Math.max(c.aloneAfterMs, doc.leaseMs);
  if (doc.leader === null) return true;
  if (doc.leader === c.me && doc.epoch !== c.myEpoch) return true;
  return still >= doc.leaseMs;
}

/**
 * Whether `me` should check whether it can reach a majority, and take the
 * lease if it can, from a leader that holds it. A partition leaves a leader
 * renewing through lin-kv (which partitions never cut), running every task on
 * its side's slots while the others sit idle. So a node the leader records
 * dead (it is across the partition: one the leader records alive is on the
 * leader's side and would lead the same workers) asks once the documents have
 * shown the leader recording fewer than a majority alive for a whole lease on
 * its clock. The node then asks every node directly (SWIM's suspicions take
 * seconds, and with them both sides could think themselves the bigger one and
 * take the lease from each other in turn) and takes the lease only if a
 * majority answered; the old leader's next change of the document fails
 * (fenced).
 */
export function shouldTakeOver(c: { doc: ClusterDoc; me: string; now: number; minorityLeader: MinorityLeader | undefined }): boolean {
  const { doc, me, minorityLeader: m } = c;
  if (doc.leader === null || doc.leader === me || m === undefined || m.epoch !== doc.epoch) return false;
  const recordedDead = !Object.hasOwn(doc.workers, me) || !doc.workers[me]!.alive;
  return recordedDead && c.now - m.since >= doc.leaseMs;
}
