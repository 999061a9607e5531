import { isKvRequest, type KvMap, kvChanges, kvStep, lookup, PERSISTENT_KV } from "./kv-step.js";
import type { Service, ServiceReply } from "./service.js";

/** How many past states seq-kv keeps, as Maelstrom's `sequential` (32). */
export const SEQ_KV_STATES = 32;

/**
 * Maelstrom's `seq-kv`: sequentially consistent, not linearizable
 * (MAELSTROM.md §6.4, src/maelstrom/service.clj `Sequential`).
 *
 * It keeps the last 32 states of the store, numbered from 0 (the empty store)
 * to `lastIndex`, and for each requester (the message's src) the number of
 * the last state it observed (0 at first). A request runs first on a state
 * picked uniformly from [that number, lastIndex]; if it would leave that
 * state unchanged (a read, a failed cas, a write of the value already there)
 * its answer stands and the requester's number becomes the state's. Otherwise
 * it runs again on the newest state, whose result (changed or not) becomes a
 * new newest state, and the requester's number becomes it. So a requester's
 * reads may be stale but never older than what it saw, a cas may fail
 * against a stale state, and after a write the writer sees at least it.
 *
 * As Maelstrom's ring buffer, a state number older than the window is taken
 * modulo the window: a requester more than 32 states behind gets some state
 * of the window (newer than its recorded number, so never older than its own
 * last write), but its recorded number stays the old one, so its next read
 * may see an older state of the window than the last one it read.
 */
export class SeqKv implements Service {
  readonly #draw: () => number;
  readonly #capacity: number;
  /** State number s is at #ring[s % capacity] while it is within the window. */
  readonly #ring: KvMap[];
  #lastIndex = 0;
  readonly #seen = new Map<string, number>();

  /** `draw`: uniform in [0, 1), e.g. seededRng(deriveSeed(seed, "seq-kv")).next. */
  constructor(draw: () => number, capacity = SEQ_KV_STATES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`SeqKv: capacity must be a whole number >= 1, got ${capacity}`);
    this.#draw = draw;
    this.#capacity = capacity;
    this.#ring = [new Map()];
  }

  /** The number of the newest state (0 before the first change). */
  get lastIndex(): number {
    return this.#lastIndex;
  }

  /** The number of the last state `src` observed. */
  seen(src: string): number {
    return this.#seen.get(src) ?? 0;
  }

  handle(src: string, body: Readonly<Record<string, unknown>>): ServiceReply | undefined {
    if (!isKvRequest(body.type)) return undefined;
    const from = this.seen(src);
    const index = from + Math.floor(this.#draw() * (this.#lastIndex - from + 1));
    const state = this.#stateAt(index);
    const speculative = kvStep(lookup(state), body, PERSISTENT_KV);
    if (!kvChanges(lookup(state), speculative)) {
      this.#seen.set(src, index);
      return speculative.reply;
    }
    const newest = this.#stateAt(this.#lastIndex);
    const { reply, put } = kvStep(lookup(newest), body, PERSISTENT_KV);
    const next = put ? new Map(newest).set(put.key, put.value) : newest;
    this.#lastIndex++;
    this.#ring[this.#lastIndex % this.#capacity] = next;
    this.#seen.set(src, this.#lastIndex);
    return reply;
  }

  /**
   * The state with number `index`, as Maelstrom's lookup gives it: offset
   * index - lastIndex - 1 from the end, taken modulo the number of states held.
   */
  #stateAt(index: number): KvMap {
    const held = Math.min(this.#lastIndex + 1, this.#capacity);
    const offset = (((index - this.#lastIndex - 1) % held) + held) % held;
    const s = this.#lastIndex - held + 1 + offset;
    return this.#ring[s % this.#capacity]!;
  }
}
