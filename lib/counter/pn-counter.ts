/** A PN-counter's state as it travels: per replica, the total it added (p) and the total it subtracted (n), both never shrinking. */
export interface PnCounts {
  p: Record<string, number>;
  n: Record<string, number>;
}

/**
 * A state-based PN-counter (a CRDT): each replica counts its own increments in
 * `p[replica]` and its decrements in `n[replica]`, and only that replica ever
 * raises those two entries. Merging takes the larger of each entry, so merges
 * commute, associate and may repeat: replicas that have received each other's
 * states hold the same maps whatever the order, and the value is
 * Σp - Σn. Entries only grow, so a stale state can never undo a newer one.
 *
 * Pure: no I/O, no clock. The replica id is the caller's; a node that can be
 * restarted must use a fresh id per instance (its old entries live on at its
 * peers, and a new instance counting from 0 under the old id would be masked
 * by the max until it passed the old total).
 */
export class PnCounter {
  readonly #p = new Map<string, number>();
  readonly #n = new Map<string, number>();

  constructor(readonly replica: string) {}

  /** Adds `delta` (any safe integer) as this replica. */
  add(delta: number): void {
    if (!Number.isSafeInteger(delta)) throw new RangeError(`PnCounter.add: delta must be a safe integer, got ${String(delta)}`);
    if (delta === 0) return; // no entry for nothing: replicas that agree then hold equal maps
    const side = delta > 0 ? this.#p : this.#n;
    side.set(this.replica, (side.get(this.replica) ?? 0) + Math.abs(delta));
  }

  /** Σp - Σn over every replica known. */
  get value(): number {
    let v = 0;
    for (const x of this.#p.values()) v += x;
    for (const x of this.#n.values()) v -= x;
    return v;
  }

  /** Takes the larger of each entry; true if anything grew. */
  merge(other: PnCounts): boolean {
    const p = mergeSide(this.#p, other.p);
    const n = mergeSide(this.#n, other.n); // both sides, always: no short-circuit
    return p || n;
  }

  /** The state to send to peers (copies). */
  state(): PnCounts {
    return { p: Object.fromEntries(this.#p), n: Object.fromEntries(this.#n) };
  }
}

function mergeSide(mine: Map<string, number>, theirs: Record<string, number>): boolean {
  let grew = false;
  for (const [replica, count] of Object.entries(theirs)) {
    if (count > (mine.get(replica) ?? 0)) {
      mine.set(replica, count);
      grew = true;
    }
  }
  return grew;
}
