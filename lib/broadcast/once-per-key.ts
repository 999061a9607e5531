/**
 * Says whether to act on a key for the first time (to log each unknown sender
 * once, say), remembering at most `limit` keys so that a flood of distinct
 * keys costs bounded memory. Keys longer than 80 characters are remembered
 * by their first 80.
 */
export class OncePerKey {
  readonly #seen = new Set<string>();
  #overflowed = false;

  constructor(readonly limit: number) {}

  /** "first" for a key not seen before (while fewer than `limit` are remembered); "overflow" once, for the first key past the limit; else undefined. */
  note(key: string): "first" | "overflow" | undefined {
    const k = key.slice(0, 80);
    if (this.#seen.has(k)) return undefined;
    if (this.#seen.size < this.limit) {
      this.#seen.add(k);
      return "first";
    }
    if (this.#overflowed) return undefined;
    this.#overflowed = true;
    return "overflow";
  }
}
