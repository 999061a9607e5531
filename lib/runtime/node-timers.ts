import { checkInterval, type Clock, type Timer } from "./clock.js";
import { isThenable, stackOf } from "../protocol/describe.js";
import type { Logger } from "./logger.js";

/**
 * A node's timers and waits on its clock. Each is tracked, so `stop()` cancels
 * them all at once and ends every wait; afterwards `every` and `after`
 * schedule nothing and log why. A throwing callback is logged, not fatal.
 */
export class NodeTimers {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #timers = new Set<Timer>();
  /** Waits (retry backoff sleeps) to end at once on stop. */
  readonly #onStop = new Set<(reason: string) => void>();
  #stoppedBecause: string | undefined;

  constructor(clock: Clock, log: Logger) {
    this.#clock = clock;
    this.#log = log;
  }

  every(ms: number, fn: () => void | Promise<void>): Timer {
    checkInterval(ms, "every: the interval", { positive: true });
    if (this.#stoppedBecause !== undefined) return this.#notScheduled(`every(${ms})`);
    const t = this.#clock.every(ms, () => this.#guard("every", fn));
    return this.#track(t);
  }

  after(ms: number, fn: () => void | Promise<void>): Timer {
    checkInterval(ms, "after: the delay");
    if (this.#stoppedBecause !== undefined) return this.#notScheduled(`after(${ms})`);
    return this.#trackedAfter(ms, () => this.#guard("after", fn));
  }

  /** Waits `ms` on the clock; resolves undefined then, or at once with the reason if the node stops first. */
  sleep(ms: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const onStop = (reason: string) => resolve(reason);
      this.#onStop.add(onStop);
      this.#trackedAfter(ms, () => {
        this.#onStop.delete(onStop);
        resolve(undefined);
      });
    });
  }

  /** Cancels every timer and ends every wait with `reason`. Call once. */
  stop(reason: string): void {
    this.#stoppedBecause = reason;
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    const waits = [...this.#onStop];
    this.#onStop.clear();
    for (const w of waits) w(reason);
  }

  #track(t: Timer): Timer {
    this.#timers.add(t);
    return {
      cancel: () => {
        t.cancel();
        this.#timers.delete(t);
      },
    };
  }

  #notScheduled(what: string): Timer {
    this.#log.info(`not scheduling ${what}: the node stopped (${this.#stoppedBecause})`);
    return { cancel: () => {} };
  }

  #trackedAfter(ms: number, fn: () => void): Timer {
    const t: Timer = this.#clock.after(ms, () => {
      this.#timers.delete(t);
      fn();
    });
    return this.#track(t);
  }

  #guard(what: string, fn: () => void | Promise<void>): void {
    const onError = (e: unknown) => this.#log.error(`${what} callback threw: ${stackOf(e)}`);
    try {
      const r = fn();
      if (isThenable(r)) r.then(undefined, onError);
    } catch (e) {
      onError(e);
    }
  }
}
