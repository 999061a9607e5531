/** How two clocks (and the events they stand for) are ordered. */
export type ClockOrder = "before" | "after" | "equal" | "concurrent";

/** JSON.parse gives numbers of any size; a clock entry must count exactly. */
const isCount = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;

/**
 * A vector clock: for each id, how many events of that id are covered. Sparse
 * (an id it does not name counts 0, and no entry is ever stored as 0, so two
 * clocks that cover the same events have the same entries) and immutable
 * (every operation returns a new clock), so a clock can be kept with a message
 * and shared without copies.
 */
export class VectorClock {
  static readonly EMPTY = new VectorClock(new Map());
  readonly #entries: ReadonlyMap<string, number>;

  private constructor(entries: ReadonlyMap<string, number>) {
    this.#entries = entries;
  }

  /** A clock from id-count pairs; zero counts are left out. Throws on a count that is not a whole number >= 0 (use fromJSON for untrusted input). */
  static of(entries: Iterable<readonly [string, number]> | Readonly<Record<string, number>>): VectorClock {
    const pairs = Symbol.iterator in entries ? (entries as Iterable<readonly [string, number]>) : Object.entries(entries);
    const m = new Map<string, number>();
    for (const [id, n] of pairs) {
      if (!isCount(n)) throw new RangeError(`vector clock: the count of ${JSON.stringify(id)} must be a whole number from 0 to 2^53-1, got ${String(n)}`);
      if (n > 0) m.set(id, n);
    }
    return new VectorClock(m);
  }

  /**
   * Reads a clock from parsed JSON (a token from a client, a clock from a
   * peer): an object mapping ids to whole numbers >= 0. Keys are read as own
   * keys only, so an id like "__proto__" is an ordinary id.
   */
  static fromJSON(json: unknown): { ok: true; clock: VectorClock } | { ok: false; error: string } {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      const got = json === undefined ? "nothing" : json === null ? "null" : Array.isArray(json) ? "an array" : typeof json;
      return { ok: false, error: `a vector clock must be an object mapping node ids to whole numbers >= 0, got ${got}` };
    }
    const m = new Map<string, number>();
    for (const [id, n] of Object.entries(json)) {
      if (!isCount(n)) return { ok: false, error: `vector clock entry ${JSON.stringify(id.slice(0, 80))} must be a whole number from 0 to 2^53-1, got ${JSON.stringify(n) ?? String(n)}` };
      if (n > 0) m.set(id, n);
    }
    return { ok: true, clock: new VectorClock(m) };
  }

  /** The clock as a JSON object, ids in the order they were first set. */
  toJSON(): Record<string, number> {
    // fromEntries defines own properties, so an id like "__proto__" stays an entry.
    return Object.fromEntries(this.#entries);
  }

  /** The count of `id` (0 if the clock does not name it). */
  get(id: string): number {
    return this.#entries.get(id) ?? 0;
  }

  /** How many ids have a count above 0. */
  get size(): number {
    return this.#entries.size;
  }

  /** The ids with a count above 0, with their counts. */
  entries(): IterableIterator<[string, number]> {
    return this.#entries.entries();
  }

  /** This clock with `id` counted one more: the clock of the next event of `id`. */
  increment(id: string): VectorClock {
    return this.with(id, this.get(id) + 1);
  }

  /** This clock with the count of `id` set to `n` (0 removes it). */
  with(id: string, n: number): VectorClock {
    if (!isCount(n)) throw new RangeError(`vector clock: the count of ${JSON.stringify(id)} must be a whole number from 0 to 2^53-1, got ${String(n)}`);
    if (this.get(id) === n) return this;
    const m = new Map(this.#entries);
    if (n === 0) m.delete(id);
    else m.set(id, n);
    return new VectorClock(m);
  }

  /** The least clock that covers both: the larger count of each id. */
  merge(other: VectorClock): VectorClock {
    let m: Map<string, number> | undefined;
    for (const [id, n] of other.#entries) {
      if (n <= this.get(id)) continue;
      m ??= new Map(this.#entries);
      m.set(id, n);
    }
    return m ? new VectorClock(m) : this;
  }

  /** Whether every count of `other` is at most this clock's: this clock covers everything `other` does. */
  covers(other: VectorClock): boolean {
    for (const [id, n] of other.#entries) if (this.get(id) < n) return false;
    return true;
  }

  /** How this clock is ordered against `other`: before (strictly covered by it), after, equal, or concurrent (neither covers the other). */
  compare(other: VectorClock): ClockOrder {
    const ge = this.covers(other);
    const le = other.covers(this);
    return ge && le ? "equal" : le ? "before" : ge ? "after" : "concurrent";
  }

  /** Whether both clocks have the same entries. */
  equals(other: VectorClock): boolean {
    if (this.size !== other.size) return false;
    for (const [id, n] of this.#entries) if (other.get(id) !== n) return false;
    return true;
  }

  toString(): string {
    return JSON.stringify(this.toJSON());
  }
}
