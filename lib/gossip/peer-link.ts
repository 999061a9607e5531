import type { Batch } from "./batch.js";

interface InFlight<K> {
  keys: K[];
  sentAt: number;
}

/**
 * Whether the peer is known to address this node's current incarnation:
 * "yes" (its last batch named it, or it is a node that cannot tell restarts
 * apart), "no" (it has not named any incarnation of ours yet), "stale" (it
 * named an earlier one: it still believes what an instance of ours before a
 * restart held).
 */
export type PeerKnowsUs = "yes" | "no" | "stale";

/**
 * What this node knows about one peer, by the values' keys (the queue maps
 * keys to values): which values it is known to have
 * (from what it sent us, and from our batches it acknowledged), which values
 * it still needs (`missing`), which batches await its acknowledgement, and
 * which of its batches we owe an acknowledgement. All sizes are bounded by
 * the number of values, not by the number of messages.
 *
 * With `announce` (restart handling on), it also keeps the peer's
 * incarnation: a batch from a new one means the peer restarted empty, and
 * all of that is forgotten (see `incarnations`). Until the peer shows it
 * knows our incarnation, a batch with a seq goes to it (values if there are
 * any, else an empty "hello"), so that a restarted node is never left waiting
 * for peers that believe it still holds everything.
 */
export class PeerLink<K> {
  readonly known = new Set<K>();
  readonly missing = new Set<K>();
  readonly inFlight = new Map<number, InFlight<K>>();
  owedAcks: number[] = [];
  oldestOwedAt: number | undefined;
  /** Never reset, not even when the peer restarts: a late ack of an old seq then finds nothing instead of a newer batch. */
  nextSeq = 1;
  rto: number;
  /** Batches that expired since the last acknowledgement from this peer. */
  expiries = 0;
  /** No new data batch before this time (backoff after an expiry). */
  holdUntil = 0;
  /** When we last received anything from this peer. */
  lastHeard: number | undefined;
  /** Active peers are sent our values; passive ones (who gossip with us uninvited) only get acknowledgements. */
  active = false;
  /** The peer's incarnation, from its last batch that carried one. */
  peerInc: number | undefined;
  peerKnowsUs: PeerKnowsUs = "no";
  /** When a hello is due if nothing else has gone out with a seq (set at the first tick that needs one). */
  helloAt: number | undefined;
  /** The peer asked for an acknowledgement at once (Batch.ackNow). */
  ackNow = false;

  constructor(
    readonly peer: string,
    readonly initialRto: number,
    readonly announce = false,
  ) {
    this.rto = initialRto;
  }

  /** The peer is known to have the value of key `k`. */
  learn(k: K): void {
    this.known.add(k);
    this.missing.delete(k);
  }

  /** We have a value (of key `k`) the peer may lack. */
  offer(k: K): void {
    if (!this.known.has(k)) this.missing.add(k);
  }

  /**
   * Reads the incarnations on a batch from this peer; `ours` is this node's.
   * A new incarnation of the peer means it restarted empty: what we believed
   * it holds, what we sent it and what we owed it belong to the old one and
   * are forgotten, and every value we have (`keys`) is missing again. The
   * batch's acks may be believed only if they name our incarnation (or the
   * peer cannot tell restarts apart): otherwise they are about batches an
   * earlier instance of ours sent, whose seqs this one reuses.
   *
   * Incarnations are random, not ordered, so a batch from a dead instance
   * that arrives after its successor's looks like a restart too. That only
   * costs a resend: the live instance's next batch resets the link again,
   * and a dead one sends nothing more.
   */
  incarnations(inc: number | undefined, toInc: number | undefined, ours: number, keys: Iterable<K>): { acksAreOurs: boolean; restarted: boolean } {
    if (inc === undefined) {
      this.#setKnowsUs("yes");
      return { acksAreOurs: true, restarted: false };
    }
    const restarted = this.peerInc !== undefined && this.peerInc !== inc;
    if (restarted) this.#forget(keys);
    this.peerInc = inc;
    this.#setKnowsUs(toInc === ours ? "yes" : toInc === undefined ? "no" : "stale");
    return { acksAreOurs: toInc === ours, restarted };
  }

  #setKnowsUs(k: PeerKnowsUs): void {
    // A peer found stale is greeted at the next tick, not after a delay: it is sure to believe too much.
    if (k !== this.peerKnowsUs) this.helloAt = undefined;
    this.peerKnowsUs = k;
  }

  /** The peer restarted: start over as with a peer never heard from, except for the seq counter. */
  #forget(keys: Iterable<K>): void {
    this.known.clear();
    this.missing.clear();
    for (const k of keys) this.missing.add(k);
    this.inFlight.clear();
    this.owedAcks = [];
    this.oldestOwedAt = undefined;
    this.ackNow = false;
    this.expiries = 0;
    this.rto = this.initialRto;
    this.holdUntil = 0;
  }

  /** The peer acknowledged batch `seq`: it has those values; it is reachable again. */
  acknowledged(seq: number): void {
    const b = this.inFlight.get(seq);
    if (b) {
      this.inFlight.delete(seq);
      for (const k of b.keys) this.learn(k);
    }
    // Even an acknowledgement of a batch we gave up on shows our messages get through.
    this.expiries = 0;
    this.rto = this.initialRto;
    this.holdUntil = 0;
  }

  /** Puts the values of batches older than the timeout back into `missing`, and backs off. */
  expire(now: number, maxRto: number): void {
    for (const [seq, b] of this.inFlight) {
      if (now - b.sentAt < this.rto) continue;
      this.inFlight.delete(seq);
      for (const k of b.keys) if (!this.known.has(k)) this.missing.add(k);
      this.expiries++;
      this.rto = Math.min(maxRto, this.rto * 2);
      this.holdUntil = now; // resend at once; `take` then holds the next one back for a whole timeout
    }
  }

  /**
   * Whether to send a hello now: the peer does not know our incarnation, it is
   * one we gossip with (or one we know believes too much of us), and nothing
   * with a seq is on its way to it. A peer that has not named us waits an ack
   * delay first, as at start-up the values a node sends anyway usually do
   * the greeting; a stale one is greeted at once.
   */
  #helloDue(now: number, ackDelayMs: number): boolean {
    if (!this.announce || this.peerKnowsUs === "yes" || !(this.active || this.peerKnowsUs === "stale")) return false;
    this.helloAt ??= now + (this.peerKnowsUs === "stale" ? 0 : ackDelayMs);
    return this.inFlight.size === 0 && now >= this.helloAt;
  }

  /** The batch to send now, if any (its values as keys): missing values (unless backing off) or a hello, and acknowledgements that are due. */
  take(now: number, ackDelayMs: number, maxBatch: number): Batch<K> | undefined {
    const sendData = now >= this.holdUntil && ((this.active && this.missing.size > 0) || this.#helloDue(now, ackDelayMs));
    const acksDue = this.owedAcks.length > 0 && (sendData || this.ackNow || now - this.oldestOwedAt! >= ackDelayMs);
    if (!sendData && !acksDue) return undefined;
    const batch: Batch<K> = { values: [], acks: [] };
    if (sendData) {
      // A passive peer is only ever sent a hello: it gets none of our values.
      if (this.active) {
        for (const k of this.missing) {
          batch.values.push(k);
          if (maxBatch > 0 && batch.values.length >= maxBatch) break;
        }
      }
      for (const k of batch.values) this.missing.delete(k);
      batch.seq = this.nextSeq++;
      this.inFlight.set(batch.seq, { keys: batch.values, sentAt: now });
      if (this.expiries > 0) this.holdUntil = now + this.rto; // still unreachable as far as we know: one try per timeout
    }
    if (this.owedAcks.length > 0) {
      batch.acks = this.owedAcks;
      this.owedAcks = [];
      this.oldestOwedAt = undefined;
      this.ackNow = false;
    }
    return batch;
  }

  /** Whether this peer looks unreachable: a batch to it expired and nothing has been acknowledged since. */
  get suspect(): boolean {
    return this.expiries > 0;
  }
}
