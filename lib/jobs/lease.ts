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

/**
 * Whether `me` should try to take the lease. Never unless it sees a majority
 * of the cluster alive (itself included): a node cut off from most workers
 * would lead a cluster of its own slots, and, as a leader needs a majority's
 * answers to keep the lease (keepsLease), it would soon step down again. Then:
 * nobody holds it; or the document names `me` under an epoch this instance
 * never held (an earlier life of this node, killed and started again: that
 * leader is gone); or the lease lapsed (leaseLapsed), which also covers this
 * life's own epoch after it stepped down. Only durations on one clock are
 * compared, never two nodes' clocks. Taking it is a CAS from the document
 * read, so of two nodes trying at once one wins, and a leader that renewed
 * meanwhile keeps it.
 */
export function shouldClaim(doc: ClusterDoc, me: string, myEpoch: number | undefined, watch: LeaseWatch, now: number, seesMajority = true): boolean {
  if (!seesMajority) return false;
  if (doc.leader === null) return true;
  if (doc.leader === me && doc.epoch !== myEpoch) return true;
  return now - watch.seenAt >= doc.leaseMs;
}

export interface LeaseKeep {
  me: string;
  nodes: readonly string[];
  now: number;
  /** When this leader took the lease (its own clock). */
  since: number;
  leaseMs: number;
  /** When each node last answered this leader's poll (its clock), if ever. */
  heardAt: (id: string) => number | undefined;
}

/**
 * Whether the leader may renew its lease: only while a majority of the
 * cluster, itself included, answered one of its polls within the last lease
 * (in its first lease it has not had the time to hear them: it keeps it).
 * Renewal goes through lin-kv, which a partition between nodes never cuts, so
 * without this a leader cut off from its workers would keep the lease and run
 * every task on its own slots while the others sit idle.
 */
export function keepsLease(k: LeaseKeep): boolean {
  if (k.now - k.since < k.leaseMs) return true;
  const heard = k.nodes.filter((id) => id === k.me || (k.heardAt(id) ?? Number.NEGATIVE_INFINITY) > k.now - k.leaseMs).length;
  return isMajority(heard, k.nodes.length);
}
