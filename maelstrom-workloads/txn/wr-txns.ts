import type { Rng } from "../model/random.js";

/** One micro-operation of a transaction: `[f, key, value]`, f "r" (value null when asked), "w" or "append". */
export type MicroOp = [f: string, key: unknown, value: unknown];

/** What the generator needs: Maelstrom's options as the txn workloads pass them to Elle. */
export interface WrTxnOptions {
  /** "w" for txn-rw-register, "append" for txn-list-append. */
  writeF: "w" | "append";
  /** Keys in play at once (`--key-count`; Elle's default for its exponential key distribution is 10). */
  keyCount: number;
  /** Shortest transaction (Maelstrom passes none, so Elle's 1). */
  minTxnLength: number;
  /** `--max-txn-length` (Maelstrom's default 4). */
  maxTxnLength: number;
  /** `--max-writes-per-key` (Maelstrom's default 16): a key written this often is retired for a fresh one. */
  maxWritesPerKey: number;
}

/** Elle's default key count for the exponential key distribution Maelstrom's txn workloads use. */
export const DEFAULT_KEY_COUNT = 10;
/** Base of the exponential key distribution (Elle's default): each active key is twice as likely as the one before it. */
const KEY_DIST_BASE = 2;

/**
 * Elle's `wr-txns` (elle 0.2.2, the version Maelstrom's Jepsen 0.3.7 uses),
 * the transaction stream of both txn workloads: each transaction has a length
 * drawn uniformly from min..max; each micro-op is a read or a write (50/50) of
 * a key drawn from the active keys, position i twice as likely as position
 * i - 1. Writes to a key carry 1, 2, 3, ... (unique per key); a write that
 * would pass --max-writes-per-key retires its key instead: the key's slot
 * takes a fresh key (one more than the largest active key) and the micro-op
 * is drawn again. Reads carry null. For list-append the writes are appends
 * (Elle's `append-txns`), with the same values.
 */
export class WrTxnGenerator {
  readonly #opts: WrTxnOptions;
  readonly #rng: Rng;
  readonly #active: number[];
  /** The next value to write, by key (1 for a key never written). */
  readonly #nextValue = new Map<number, number>();
  readonly #scale: number;

  constructor(opts: WrTxnOptions, rng: Rng) {
    for (const [name, v] of [["keyCount", opts.keyCount], ["minTxnLength", opts.minTxnLength], ["maxTxnLength", opts.maxTxnLength], ["maxWritesPerKey", opts.maxWritesPerKey]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`wr-txns: ${name} must be a whole number >= 1, got ${v}`);
    }
    if (opts.minTxnLength > opts.maxTxnLength) throw new Error(`wr-txns: minTxnLength ${opts.minTxnLength} is above maxTxnLength ${opts.maxTxnLength}`);
    this.#opts = opts;
    this.#rng = rng;
    this.#active = Array.from({ length: opts.keyCount }, (_, i) => i);
    this.#scale = (KEY_DIST_BASE * (KEY_DIST_BASE ** opts.keyCount - 1)) / (KEY_DIST_BASE - 1);
  }

  /** The keys in play now, in slot order (a test's view). */
  get activeKeys(): readonly number[] {
    return this.#active;
  }

  next(): MicroOp[] {
    const { minTxnLength: min, maxTxnLength: max, writeF, maxWritesPerKey } = this.#opts;
    let length = min + this.#rng.int(0, max - min + 1);
    const txn: MicroOp[] = [];
    while (length > 0) {
      const write = this.#rng.next() >= 0.5;
      const i = this.#keyIndex();
      const k = this.#active[i]!;
      if (!write) {
        txn.push(["r", k, null]);
        length--;
        continue;
      }
      const v = this.#nextValue.get(k) ?? 1;
      if (v > maxWritesPerKey) {
        this.#active[i] = Math.max(...this.#active) + 1;
        continue;
      }
      this.#nextValue.set(k, v + 1);
      txn.push([writeF, k, v]);
      length--;
    }
    return txn;
  }

  /** Elle's exponential key choice: floor(log_b(u * scale + b) - 1) for u uniform in [0, 1). */
  #keyIndex(): number {
    const n = this.#active.length;
    const i = Math.floor(Math.log(this.#rng.next() * this.#scale + KEY_DIST_BASE) / Math.log(KEY_DIST_BASE) - 1);
    return Math.min(Math.max(i, 0), n - 1);
  }
}
