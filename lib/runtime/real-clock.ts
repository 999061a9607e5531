import { performance } from "node:perf_hooks";
import { checkInterval, type Clock, type Timer } from "./clock.js";

/** The production clock: `performance.now()` and Node's own timers. */
export class RealClock implements Clock {
  now(): number {
    return performance.now();
  }

  after(ms: number, fn: () => void): Timer {
    checkInterval(ms, "after");
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  }

  every(ms: number, fn: () => void): Timer {
    checkInterval(ms, "every");
    if (ms === 0) throw new RangeError("every: an interval of 0 ms would never yield; use a positive interval");
    const t = setInterval(fn, ms);
    return { cancel: () => clearInterval(t) };
  }
}
