import { RpcError } from "../protocol/rpc-error.js";
import type { Timer } from "../runtime/clock.js";
import type { CausalBuffer } from "./causal-buffer.js";
import type { VectorClock } from "./vector-clock.js";

interface Waiter {
  deps: VectorClock;
  done: () => void;
  timer: Timer;
}

/**
 * Requests that wait until this node has delivered everything their `deps`
 * token covers: answered once it has, or error 11 (temporarily unavailable,
 * definite: nothing was done) after `patienceMs`, which is kept under the
 * client's 5 s timeout so that the client hears a definite answer.
 */
export class DepsWaiters {
  readonly #waiting = new Set<Waiter>();

  constructor(
    readonly timers: { after(ms: number, fn: () => void): Timer },
    readonly patienceMs: number,
  ) {}

  /** How many requests wait. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Undefined if `buffer` covers `deps` now; else a promise that resolves once it does, or rejects with error 11. */
  waitFor(deps: VectorClock, buffer: CausalBuffer<unknown>, what: string): Promise<void> | undefined {
    if (buffer.covers(deps)) return undefined;
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        deps,
        done: () => {
          w.timer.cancel();
          resolve();
        },
        timer: this.timers.after(this.patienceMs, () => {
          this.#waiting.delete(w);
          reject(RpcError.temporarilyUnavailable(`${what}: this node has not delivered everything deps covers within ${this.patienceMs} ms (missing ${missing(deps, buffer.delivered)}); nothing was done, try again`));
        }),
      };
      this.#waiting.add(w);
    });
  }

  /** Answers the requests whose deps `buffer` now covers. */
  check(buffer: CausalBuffer<unknown>): void {
    for (const w of this.#waiting) {
      if (!buffer.covers(w.deps)) continue;
      this.#waiting.delete(w);
      w.done();
    }
  }
}

/** The entries of `deps` not delivered, as "id: have/need", at most 5 of them. */
function missing(deps: VectorClock, have: VectorClock): string {
  const gaps = [...deps.entries()].filter(([id, n]) => have.get(id) < n).map(([id, n]) => `${id.slice(0, 40)}: ${have.get(id)}/${n}`);
  return gaps.slice(0, 5).join(", ") + (gaps.length > 5 ? ` and ${gaps.length - 5} more` : "");
}
