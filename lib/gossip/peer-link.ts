import type { Batch } from "./batch.js";

interface InFlight<V> {
  values: V[];
  sentAt: number;
}

/**
 * What this node knows about one peer: which values it is known to have
 * (from what it sent us, and from our batches it acknowledged), which values
 * it still needs (`missing`), which batches await its acknowledgement, and
 * which of its batches we owe an acknowledgement. All sizes are bounded by
 * the number of values, not by the number of messages.
 */
export class PeerLink<V> {
  readonly known = new Set<V>();
  readonly missing = new Set<V>();
  readonly inFlight = new Map<number, InFlight<V>>();
  owedAcks: number[] = [];
  oldestOwedAt: number | undefined;
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

  constructor(readonly peer: string, readonly initialRto: number) {
    this.rto = initialRto;
  }

  /** The peer is known to have `v`. */
  learn(v: V): void {
    this.known.add(v);
    this.missing.delete(v);
  }

  /** We have a value the peer may lack. */
  offer(v: V): void {
    if (!this.known.has(v)) this.missing.add(v);
  }

  /** The peer acknowledged batch `seq`: it has those values; it is reachable again. */
  acknowledged(seq: number): void {
    const b = this.inFlight.get(seq);
    if (b) {
      this.inFlight.delete(seq);
      for (const v of b.values) this.learn(v);
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
      for (const v of b.values) if (!this.known.has(v)) this.missing.add(v);
      this.expiries++;
      this.rto = Math.min(maxRto, this.rto * 2);
      this.holdUntil = now; // resend at once; `take` then holds the next one back for a whole timeout
    }
  }

  /** The batch to send now, if any: missing values (unless backing off) and acknowledgements that are due. */
  take(now: number, ackDelayMs: number, maxBatch: number): Batch<V> | undefined {
    const sendData = this.active && this.missing.size > 0 && now >= this.holdUntil;
    const acksDue = this.owedAcks.length > 0 && (sendData || now - this.oldestOwedAt! >= ackDelayMs);
    if (!sendData && !acksDue) return undefined;
    const batch: Batch<V> = { values: [], acks: [] };
    if (sendData) {
      for (const v of this.missing) {
        batch.values.push(v);
        if (maxBatch > 0 && batch.values.length >= maxBatch) break;
      }
      for (const v of batch.values) this.missing.delete(v);
      batch.seq = this.nextSeq++;
      this.inFlight.set(batch.seq, { values: batch.values, sentAt: now });
      if (this.expiries > 0) this.holdUntil = now + this.rto; // still unreachable as far as we know: one try per timeout
    }
    if (this.owedAcks.length > 0) {
      batch.acks = this.owedAcks;
      this.owedAcks = [];
      this.oldestOwedAt = undefined;
    }
    return batch;
  }

  /** Whether this peer looks unreachable: a batch to it expired and nothing has been acknowledged since. */
  get suspect(): boolean {
    return this.expiries > 0;
  }
}
