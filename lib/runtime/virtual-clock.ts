import { checkInterval, type Clock, type Timer } from "./clock.js";
import { type HeapEntry, TimerHeap } from "./timer-heap.js";

interface Entry extends HeapEntry {
  fn: () => void;
  period: number | undefined;
  state: "scheduled" | "fired" | "cancelled";
}

/** Cancelled timers left in the heap before it is swept (they are skipped, and dropped when they reach the top). */
const SWEEP_AFTER = 1024;

/**
 * Lets every promise continuation that is ready run: one macrotask turn, before
 * which Node drains the whole microtask queue (process.nextTick callbacks and
 * promise reactions, including those queued while draining).
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that only moves when told to. Timers fire in order of due time, and
 * timers due at the same time fire in the order they were scheduled, so a run
 * is fully determined by its inputs.
 *
 * Two ways to move time:
 * - `advance(ms)` / `runNext()`, synchronous: every due timer fires in one go,
 *   and no promise continuation runs until the caller yields. Right for code
 *   driven by callbacks alone (gossip ticks, a timer that sends), and for
 *   pure tests that check what a tick did.
 * - `await advanceAsync(ms)` / `await runUntil(t)`, asynchronous: one timer at
 *   a time, with every promise continuation run (`settle()`) before the clock
 *   moves again, as it would on real time. Use it whenever `await` is on the
 *   path: `rpc` and `rpcWithRetry`, async handlers, async init hooks. Under
 *   `advance(1000)`, `rpcWithRetry` with 100 ms attempts would make one
 *   attempt, because the retry scheduled after an `await` is not there yet
 *   when the clock has already passed its time.
 *
 * One clock is one timeline: every node of a simulation shares the same
 * VirtualClock. A node cancels only its own timers (on `stop()` as on a
 * reply), so nodes sharing a clock do not disturb each other.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #heap = new TimerHeap<Entry>();
  /** Timers scheduled and neither fired (one-shot) nor cancelled. */
  #live = 0;
  /** Cancelled entries still in the heap. */
  #dead = 0;
  /** Set while advanceAsync/runUntil moves time, naming it. */
  #driving: string | undefined;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): Timer {
    checkInterval(ms, "after: the delay");
    return this.#schedule(ms, fn, undefined);
  }

  every(ms: number, fn: () => void): Timer {
    checkInterval(ms, "every: the interval", { positive: true });
    return this.#schedule(ms, fn, ms);
  }

  /** Number of timers still scheduled. */
  get pending(): number {
    return this.#live;
  }

  /** Due time of the next timer, if any. */
  nextDue(): number | undefined {
    return this.#head()?.due;
  }

  /** The same as `nextDue()`: when a simulator's driver loop should next call `runUntil`. */
  nextDeadline(): number | undefined {
    return this.nextDue();
  }

  /** Fires the next timer (moving time to its due time); false when none is left. Synchronous: see the class comment. */
  runNext(): boolean {
    this.#refuseWhileDriving("runNext()");
    return this.#fireNext();
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, all in one synchronous go (see the class comment). */
  advance(ms: number): void {
    checkInterval(ms, "advance: the step");
    this.#refuseWhileDriving("advance()");
    const target = this.#now + ms;
    for (let h = this.#head(); h !== undefined && h.due <= target; h = this.#head()) this.#fireNext();
    this.#now = target;
  }

  /**
   * Moves time forward by `ms`, firing one timer at a time and letting every
   * promise continuation run after each (and once before the first), so that
   * `await` chains see time as they would on real timers. Rejects with what a
   * timer callback threw, if one does.
   */
  async advanceAsync(ms: number): Promise<void> {
    checkInterval(ms, "advanceAsync: the step");
    return this.#runUntil(this.#now + ms, "advanceAsync()");
  }

  /**
   * Moves time forward to `t` (>= now), as `advanceAsync` does: timers due at
   * or before `t` fire one at a time, each followed by `settle()`, including
   * timers those continuations schedule. Time ends at `t`.
   */
  runUntil(t: number): Promise<void> {
    return this.#runUntil(t, "runUntil()");
  }

  async #runUntil(t: number, what: string): Promise<void> {
    if (typeof t !== "number" || !Number.isFinite(t) || t < this.#now) {
      throw new RangeError(`${what}: the time to run until must be a finite number of milliseconds >= now (${this.#now}); got ${String(t)}`);
    }
    this.#refuseWhileDriving(what);
    this.#driving = what;
    try {
      await settle();
      for (let h = this.#head(); h !== undefined && h.due <= t; h = this.#head()) {
        this.#fireNext();
        await settle();
      }
      this.#now = Math.max(this.#now, t);
    } finally {
      this.#driving = undefined;
    }
  }

  #refuseWhileDriving(what: string): void {
    if (this.#driving !== undefined) {
      throw new Error(`VirtualClock: ${what} was called while ${this.#driving} is moving time (from a timer callback, or without awaiting it); await the running one first`);
    }
  }

  /** The next scheduled entry, dropping cancelled ones from the top. */
  #head(): Entry | undefined {
    let h = this.#heap.peek();
    while (h !== undefined && h.state === "cancelled") {
      this.#heap.pop();
      this.#dead--;
      h = this.#heap.peek();
    }
    return h;
  }

  #fireNext(): boolean {
    const e = this.#head();
    if (!e) return false;
    this.#heap.pop();
    this.#now = Math.max(this.#now, e.due);
    if (e.period !== undefined) {
      e.due += e.period;
      e.seq = this.#seq++;
      this.#heap.push(e);
    } else {
      e.state = "fired";
      this.#live--;
    }
    e.fn();
    return true;
  }

  #schedule(ms: number, fn: () => void, period: number | undefined): Timer {
    const e: Entry = { due: this.#now + ms, seq: this.#seq++, fn, period, state: "scheduled" };
    this.#heap.push(e);
    this.#live++;
    return {
      cancel: () => {
        if (e.state !== "scheduled") return;
        e.state = "cancelled";
        this.#live--;
        this.#dead++;
        if (this.#dead > SWEEP_AFTER && this.#dead > this.#live) {
          this.#heap.filter((x) => x.state === "scheduled");
          this.#dead = 0;
        }
      },
    };
  }
}
