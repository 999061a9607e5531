import { performance } from "node:perf_hooks";
import { checkInterval, type Clock, MAX_TIMER_MS, type Timer } from "./clock.js";

export { MAX_TIMER_MS };

/**
 * The production clock: `performance.now()` and Node's own timers. Delays
 * beyond what setTimeout honours (about 24.8 days) are waited out in steps,
 * so a long timer fires late rather than, as setTimeout alone would, at once.
 */
export class RealClock implements Clock {
  now(): number {
    return performance.now();
  }

  after(ms: number, fn: () => void): Timer {
    checkInterval(ms, "after: the delay");
    let handle: NodeJS.Timeout;
    const arm = (left: number): void => {
      handle = left > MAX_TIMER_MS ? setTimeout(() => arm(left - MAX_TIMER_MS), MAX_TIMER_MS) : setTimeout(fn, left);
    };
    arm(ms);
    return { cancel: () => clearTimeout(handle) };
  }

  every(ms: number, fn: () => void): Timer {
    checkInterval(ms, "every: the interval", { positive: true });
    if (ms <= MAX_TIMER_MS) {
      const t = setInterval(fn, ms);
      return { cancel: () => clearInterval(t) };
    }
    let current: Timer;
    const next = (): void => {
      current = this.after(ms, () => {
        next(); // first, so that fn may cancel
        fn();
      });
    };
    next();
    return { cancel: () => current.cancel() };
  }
}
