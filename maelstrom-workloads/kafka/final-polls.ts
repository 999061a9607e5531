import type { Rng } from "../model/random.js";
import type { OpRequest } from "../workload.js";

/** Maelstrom clips kafka's final phase to 10 s: a node that lost messages would otherwise be polled forever. */
export const FINAL_LIMIT_MS = 10_000;
/** Jepsen's (gen/stagger 1/5) between final polls: a uniform wait of 0 to 2 x 200 ms before each. */
export const POLL_GAP_MS = 200;

interface ThreadState {
  step: number;
  /** Key -> offset this thread must still poll up to. */
  targets: Map<string, number>;
}

/**
 * Jepsen's final-polls, per thread (gen/each-thread): once the main phase is
 * over, every thread crashes its client (`crash`, info: a fresh client and
 * process), assigns itself every key any op has touched, seeking to the
 * beginning (`assign` marked final), and polls (each after a wait of
 * 0-400 ms) until its own polls have
 * reached the highest offset any ok op sent or polled for each key, or
 * 10 s have passed since the phase began. With nothing sent, no final ops.
 */
export class FinalPolls {
  readonly #threads = new Map<number, ThreadState>();
  #startedAt: number | undefined;

  /** `maxOffsets`: key -> highest offset any ok op sent or polled (Jepsen's track-key-offsets), read at the first call. */
  constructor(
    private readonly maxOffsets: ReadonlyMap<string, number>,
    private readonly rng: Rng,
  ) {}

  next(thread: number, now: number): OpRequest | undefined {
    this.#startedAt ??= now;
    let t = this.#threads.get(thread);
    if (!t) {
      t = { step: 0, targets: new Map(this.maxOffsets) };
      this.#threads.set(thread, t);
    }
    if (t.targets.size === 0 || now - this.#startedAt >= FINAL_LIMIT_MS) return undefined;
    const step = t.step++;
    if (step === 0) return { f: "crash", value: null, final: true };
    if (step === 1) return { f: "assign", value: [...this.maxOffsets.keys()].sort(compareKeys), final: true };
    return { f: "poll", value: [["poll"]], final: true, delayMs: this.rng.next() * 2 * POLL_GAP_MS };
  }

  /** Thread `thread` polled up to these offsets (an ok final poll). */
  polled(thread: number, offsets: Record<string, number>): void {
    const t = this.#threads.get(thread);
    if (!t) return;
    for (const [k, o] of Object.entries(offsets)) if ((t.targets.get(k) ?? Infinity) <= o) t.targets.delete(k);
  }
}

/** Keys are decimal strings (Maelstrom's string keys): numeric order. */
export function compareKeys(a: string, b: string): number {
  return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
}
