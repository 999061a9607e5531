/**
 * Lifeguard's local health: a score from 0 (healthy) to `max - 1`, raised
 * when this node shows signs that it is the slow one (a probe whose helpers
 * did not even send a nack, a suspicion of itself it had to refute) and
 * lowered by each probe answered in time. Its own probe timeout and period
 * are stretched by (score + 1), so a node that cannot keep up accuses others
 * less often and less hastily.
 */
export class Awareness {
  readonly max: number;
  #score = 0;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Awareness: max must be a whole number >= 1, got ${max}`);
    this.max = max;
  }

  get score(): number {
    return this.#score;
  }

  apply(delta: number): void {
    this.#score = Math.min(this.max - 1, Math.max(0, this.#score + delta));
  }

  scale(ms: number): number {
    return ms * (this.#score + 1);
  }
}
