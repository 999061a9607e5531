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

/**
 * Whether `me` should try to take the lease: nobody holds it; or the document
 * names `me` under an epoch this instance never held (an earlier life of this
 * node, killed and started again: that leader is gone); or another leader's
 * heartbeat has not moved for a whole lease on this node's clock. Only
 * durations on one clock are compared, never two nodes' clocks. Taking it is
 * a CAS from the document read, so of two nodes trying at once one wins, and
 * a leader that renewed meanwhile keeps it.
 */
export function shouldClaim(doc: ClusterDoc, me: string, myEpoch: number | undefined, watch: LeaseWatch, now: number): boolean {
  if (doc.leader === null) return true;
  if (doc.leader === me) return doc.epoch !== myEpoch;
  return now - watch.seenAt >= doc.leaseMs;
}
