/** A scheduled callback; `cancel()` is safe to call more than once. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as an input. Everything in the runtime that waits goes through a Clock,
 * so the same code runs on real timers in production and on a virtual clock
 * in tests and simulations. `now()` is monotonic milliseconds.
 */
export interface Clock {
  now(): number;
  after(ms: number, fn: () => void): Timer;
  every(ms: number, fn: () => void): Timer;
}

export function checkInterval(ms: number, what: string): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${what}: expected a finite delay >= 0 ms, got ${ms}`);
}
