import type { Rng } from "../model/random.js";
import type { OpRequest } from "../workload.js";

/** Elle's wr-txns defaults as Maelstrom's kafka uses them: 10 keys in play, chosen with an exponential distribution of base 2. */
export const DEFAULT_KEY_COUNT = 10;
/** Jepsen's interleave-subscribes: the chance that an op becomes an assign of its keys (sub-p, 1/64). */
export const ASSIGN_P = 1 / 64;
/** Jepsen's poll-unseen: the chance that an assign also takes every key with sent but unpolled messages. */
export const UNSEEN_P = 1 / 3;
/** Jepsen's crash-client-interval: a client is crashed every 30/concurrency s on average. */
export const CRASH_INTERVAL_S = 30;

/** A Zipf draw over 0..n-1 (probability of i proportional to 1/(i+1)), as Jepsen's rand/zipf with skew 1. */
export function zipf(rng: Rng, n: number): number {
  let total = 0;
  for (let i = 1; i <= n; i++) total += 1 / i;
  let x = rng.next() * total;
  for (let i = 0; i < n; i++) {
    x -= 1 / (i + 1);
    if (x < 0) return i;
  }
  return n - 1;
}

/** The keys (as Maelstrom's strings) a completed op sent to or polled, with the highest offset of each. */
export interface OffsetsSeen {
  sent: Record<string, number>;
  polled: Record<string, number>;
}

interface Mop {
  op: OpRequest;
  key: number;
}

/**
 * The main phase's op stream of Maelstrom's kafka workload: Jepsen's kafka
 * generator with :txn? false and :sub-via #{:assign}. Elle's list-append
 * transactions of length 1 (one read or one append over `keyCount` keys in
 * play, exponential key choice, each key retired for a fresh one after
 * 1 + zipf(maxWritesPerKey) appends, values 1, 2, 3... per key) become
 * `poll` ([["poll"]]) and `send` ([["send", k, v]]) ops; 1 op in 64 becomes
 * an `assign` of the keys the next op would touch (that op still comes next),
 * and a third of assigns also take every key with acknowledged but unpolled
 * messages (poll-unseen). Beside that stream, a `crash` op every
 * 30/concurrency s on average (uniform gaps, Jepsen's stagger), which the
 * client answers with info so that its thread opens a fresh client.
 */
export class KafkaGenerator {
  readonly #activeKeys: number[];
  readonly #maxWrites: number[];
  readonly #written = new Map<number, number>();
  readonly #scale: number;
  #pending: Mop | undefined;
  /** Keys with messages sent (ok) but not yet polled past: key -> highest sent / polled offsets. */
  readonly #sent = new Map<string, number>();
  readonly #polled = new Map<string, number>();
  #nextCrashAt: number | undefined;

  constructor(
    private readonly rng: Rng,
    readonly keyCount: number,
    private readonly maxWritesPerKey: number,
    private readonly crashGapMs: number,
  ) {
    this.#activeKeys = Array.from({ length: keyCount }, (_, i) => i);
    this.#maxWrites = this.#activeKeys.map(() => 1 + zipf(rng, maxWritesPerKey));
    this.#scale = (2 ** keyCount - 1) * 2;
  }

  /** The next op; `now` (ms on the run's clock, when known) drives the crash stream. */
  next(now: number | undefined): OpRequest {
    if (now !== undefined) {
      this.#nextCrashAt ??= now + this.rng.next() * 2 * this.crashGapMs;
      if (now >= this.#nextCrashAt) {
        this.#nextCrashAt += this.rng.next() * 2 * this.crashGapMs;
        return { f: "crash", value: null };
      }
    }
    const mop = this.#pending ?? this.#draw();
    if (this.rng.next() < ASSIGN_P) {
      this.#pending = mop;
      let keys = [String(mop.key)];
      if (this.#sent.size > 0 && this.rng.next() < UNSEEN_P) keys = [...new Set([...keys, ...this.#sent.keys()])];
      return { f: "assign", value: keys };
    }
    this.#pending = undefined;
    return mop.op;
  }

  /** What an ok op sent and polled (poll-unseen's bookkeeping): keys caught up on are dropped. */
  observe(seen: OffsetsSeen): void {
    for (const [k, o] of Object.entries(seen.sent)) this.#sent.set(k, Math.max(this.#sent.get(k) ?? -1, o));
    for (const [k, o] of Object.entries(seen.polled)) this.#polled.set(k, Math.max(this.#polled.get(k) ?? -1, o));
    for (const k of [...this.#sent.keys(), ...this.#polled.keys()]) {
      if ((this.#polled.get(k) ?? -1) >= (this.#sent.get(k) ?? -1)) {
        this.#sent.delete(k);
        this.#polled.delete(k);
      }
    }
  }

  #draw(): Mop {
    for (;;) {
      const write = this.rng.next() < 0.5;
      const i = Math.min(this.#activeKeys.length - 1, Math.floor(Math.log2(this.rng.next() * this.#scale + 2) - 1));
      const k = this.#activeKeys[i]!;
      if (!write) return { op: { f: "poll", value: [["poll"]] }, key: k };
      const v = this.#written.get(k) ?? 1;
      if (this.#maxWrites[i]! < v) {
        // Written too often: a fresh key takes its place (Elle's fresh-key).
        this.#activeKeys[i] = Math.max(...this.#activeKeys) + 1;
        this.#maxWrites[i] = 1 + zipf(this.rng, this.maxWritesPerKey);
        continue;
      }
      this.#written.set(k, v + 1);
      return { op: { f: "send", value: [["send", String(k), v]] }, key: k };
    }
  }
}
