/**
 * Lifeguard's suspicion timeout: `maxMs` with no independent confirmation,
 * falling with the logarithm of the confirmations to `minMs` once `expected`
 * of them have come in. A suspicion only one node holds (perhaps because its
 * own link is bad) waits long enough for the member to hear of it and refute;
 * one that several nodes reached on their own is acted on soon.
 */
export function suspicionTimeout(confirmations: number, expected: number, minMs: number, maxMs: number): number {
  if (expected < 1) return minMs;
  const frac = Math.log(confirmations + 1) / Math.log(expected + 1);
  return Math.max(minMs, Math.floor(maxMs - (maxMs - minMs) * frac));
}

/**
 * The least and greatest suspicion timeouts for a cluster of `n`: `mult`
 * probe periods scaled by log10(n) (at least 1, so small clusters get `mult`
 * periods), and `maxMult` times that.
 */
export function suspicionBounds(n: number, periodMs: number, mult: number, maxMult: number): { minMs: number; maxMs: number } {
  const scale = Math.max(1, Math.log10(Math.max(1, n)));
  const minMs = Math.round(mult * scale * periodMs);
  return { minMs, maxMs: Math.round(maxMult * minMs) };
}

/** One member under suspicion at one node: since when, and who has suspected it on their own. */
export class Suspicion {
  readonly startedAt: number;
  readonly #from = new Set<string>();
  readonly #expected: number;
  readonly #minMs: number;
  readonly #maxMs: number;

  /** `from` is the node that raised it (not a confirmation). */
  constructor(from: string, startedAt: number, expected: number, minMs: number, maxMs: number) {
    this.startedAt = startedAt;
    this.#from.add(from);
    this.#expected = expected;
    this.#minMs = minMs;
    this.#maxMs = maxMs;
  }

  /**
   * The same suspicion raised afresh at `at`: the full timeout from then, and
   * no confirmations (they are as old as ours). For a node that was stalled:
   * the time it could not hear a refutation must not count.
   */
  restart(at: number): Suspicion {
    return new Suspicion(this.raisedBy, at, this.#expected, this.#minMs, this.#maxMs);
  }

  /** The node that raised it. */
  get raisedBy(): string {
    return this.#from.values().next().value!;
  }

  get confirmations(): number {
    return this.#from.size - 1;
  }

  /** Counts `from` if it is new; true if it was (the deadline may have moved closer). */
  confirm(from: string): boolean {
    if (this.#from.has(from) || this.confirmations >= this.#expected) return false;
    this.#from.add(from);
    return true;
  }

  /** When the member is to be declared dead. */
  get deadline(): number {
    return this.startedAt + suspicionTimeout(this.confirmations, this.#expected, this.#minMs, this.#maxMs);
  }
}
