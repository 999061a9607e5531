import { isKvRequest, kvStep, LWW_KV } from "./kv-step.js";
import type { Service, ServiceReply } from "./service.js";

/** How many replicas Maelstrom's `eventual` wrapper gives lww-kv (2; its documentation says 5). */
export const LWW_KV_REPLICAS = 2;

interface Replica {
  /** Lamport-style clock: each stored value takes the clock, which then increments. */
  clock: number;
  /** canonical key → the value and the clock when it was stored */
  readonly m: Map<string, { ts: number; value: unknown }>;
}

/**
 * Maelstrom's `lww-kv` as its code behaves (src/maelstrom/service.clj
 * `Eventual` over `LWWKV`), not as its documentation describes it: two
 * replicas, each request applied to one picked uniformly at random. Maelstrom
 * also merges two random replicas on each request, but builds the new replica
 * vector from the one before the merge, so the merge never takes effect: the
 * replicas never converge, and a read sees either one, forever. We skip the
 * discarded merge.
 *
 * Each replica stamps what it stores with its own clock. cas ignores
 * `create_if_not_exists` (a missing key is always 20), and its 22 text shows
 * the expected value without pr-str quoting.
 */
export class LwwKv implements Service {
  readonly #draw: () => number;
  readonly #replicas: Replica[];

  /** `draw`: uniform in [0, 1), e.g. seededRng(deriveSeed(seed, "lww-kv")).next. */
  constructor(draw: () => number, replicas = LWW_KV_REPLICAS) {
    if (!Number.isInteger(replicas) || replicas < 1) throw new RangeError(`LwwKv: replicas must be a whole number >= 1, got ${replicas}`);
    this.#draw = draw;
    this.#replicas = Array.from({ length: replicas }, () => ({ clock: 0, m: new Map() }));
  }

  /** Each replica's clock, for tests. */
  get clocks(): number[] {
    return this.#replicas.map((r) => r.clock);
  }

  handle(_src: string, body: Readonly<Record<string, unknown>>): ServiceReply | undefined {
    if (!isKvRequest(body.type)) return undefined;
    const r = this.#replicas[Math.floor(this.#draw() * this.#replicas.length)]!;
    const { reply, put } = kvStep((k) => r.m.get(k), body, LWW_KV);
    if (put) r.m.set(put.key, { ts: r.clock++, value: put.value });
    return reply;
  }
}
