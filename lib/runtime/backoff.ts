/** How retries space themselves out. All fields are optional; see `resolveBackoff`. */
export interface Backoff {
  /** Delay before the first retry. Default 50 ms. */
  initialMs?: number;
  /** Upper bound on any single delay. Default 1000 ms. */
  maxMs?: number;
  /** Growth factor per attempt. Default 2. */
  multiplier?: number;
  /** Fraction of each delay that is randomised away, in [0, 1]. Default 0.2. */
  jitter?: number;
}

export function resolveBackoff(b: Backoff = {}): Required<Backoff> {
  const r = { initialMs: 50, maxMs: 1000, multiplier: 2, jitter: 0.2, ...b };
  if (!(r.initialMs >= 0) || !Number.isFinite(r.initialMs)) throw new RangeError(`backoff.initialMs must be a finite number >= 0, got ${r.initialMs}`);
  if (!(r.maxMs >= r.initialMs) || !Number.isFinite(r.maxMs)) throw new RangeError(`backoff.maxMs must be finite and >= initialMs (${r.initialMs}), got ${r.maxMs}`);
  if (!(r.multiplier >= 1) || !Number.isFinite(r.multiplier)) throw new RangeError(`backoff.multiplier must be a finite number >= 1, got ${r.multiplier}`);
  if (!(r.jitter >= 0 && r.jitter <= 1)) throw new RangeError(`backoff.jitter must be in [0, 1], got ${r.jitter}`);
  return r;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential
 * growth capped at maxMs, then shortened by up to `jitter` of itself so that
 * many nodes retrying together spread out. `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, b: Required<Backoff>, random: number): number {
  // initialMs 0 stays 0 (0 x Infinity, after many attempts, would be NaN).
  const base = b.initialMs === 0 ? 0 : Math.min(b.maxMs, b.initialMs * Math.pow(b.multiplier, attempt));
  return base * (1 - b.jitter * random);
}
