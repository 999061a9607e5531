import { checkInterval, type Clock, type Timer } from "./clock.js";

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  period: number | undefined;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. Timers fire in order of due time, and
 * timers due at the same time fire in the order they were scheduled, so a run
 * is fully determined by its inputs.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #queue: Entry[] = [];

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
    return this.#queue.length;
  }

  /** Due time of the next timer, if any. */
  nextDue(): number | undefined {
    return this.#queue[0]?.due;
  }

  /** Fires the next timer (moving time to its due time); false when none is left. */
  runNext(): boolean {
    const e = this.#queue.shift();
    if (!e) return false;
    this.#now = Math.max(this.#now, e.due);
    if (e.period !== undefined) {
      e.due += e.period;
      e.seq = this.#seq++;
      this.#insert(e);
    }
    e.fn();
    return true;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    checkInterval(ms, "advance: the step");
    const target = this.#now + ms;
    while (this.#queue.length > 0 && this.#queue[0]!.due <= target) this.runNext();
    this.#now = target;
  }

  #schedule(ms: number, fn: () => void, period: number | undefined): Timer {
    const e: Entry = { due: this.#now + ms, seq: this.#seq++, fn, period, cancelled: false };
    this.#insert(e);
    return {
      cancel: () => {
        if (e.cancelled) return;
        e.cancelled = true;
        const i = this.#queue.indexOf(e);
        if (i >= 0) this.#queue.splice(i, 1);
      },
    };
  }

  #insert(e: Entry): void {
    // Binary search for the first entry that sorts after e.
    let lo = 0;
    let hi = this.#queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.#queue[mid]!;
      if (m.due < e.due || (m.due === e.due && m.seq < e.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#queue.splice(lo, 0, e);
  }
}
