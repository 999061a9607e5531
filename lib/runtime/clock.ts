/**
 * 2^31-1 ms, about 24.8 days: the longest delay one Node timer holds
 * (setTimeout runs a longer one after 1 ms). RealClock waits longer delays out
 * in steps, so nothing in the runtime needs it as a limit; the harness options
 * and the broadcast node's duration flags use it as their sane maximum, since
 * no test runs, or waits, that long.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A scheduled callback; `cancel()` is safe to call more than once. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as an input. Everything in the runtime that waits goes through a Clock,
 * so the same code runs on real timers in production and on a virtual clock
 * in tests and simulations. `now()` is monotonic milliseconds.
 *
 * The contract every clock keeps: a delay is a finite number of ms >= 0 (an
 * interval > 0); anything else (NaN, negative, Infinity, not a number) throws
 * a RangeError naming the value. Any finite delay is honoured, however long:
 * a timer never fires early.
 */
export interface Clock {
  now(): number;
  after(ms: number, fn: () => void): Timer;
  every(ms: number, fn: () => void): Timer;
}

/** Throws a RangeError unless `ms` is a finite number >= 0 (> 0 with `positive`); `what` names it in the message. */
export function checkInterval(ms: number, what: string, opts: { positive?: boolean } = {}): void {
  const ok = typeof ms === "number" && Number.isFinite(ms) && (opts.positive ? ms > 0 : ms >= 0);
  if (!ok) {
    const want = opts.positive ? "> 0" : ">= 0";
    const shown = typeof ms === "string" ? `the string ${JSON.stringify(ms)}` : typeof ms === "number" || ms === undefined || ms === null ? String(ms) : `a ${typeof ms}`;
    throw new RangeError(`${what} must be a finite number of milliseconds ${want}; got ${shown}`);
  }
}
