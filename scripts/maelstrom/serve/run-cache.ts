/**
 * Run summaries already made, so that the index does not read every run's
 * files on every request. An entry is used only while its key (the path,
 * mtime, size and inode of each file it was made from) is unchanged. Requests
 * that arrive while a summary is being made share it. Bounded: the entries
 * least recently used go first, past `max` entries or `maxWeight` (roughly the
 * bytes the entries hold).
 */
export class RunCache<V = unknown> {
  private readonly entries = new Map<string, { key: string; value: Promise<V>; weight: number }>();
  private weight = 0;

  constructor(
    private readonly max = 10_000,
    private readonly maxWeight = 64 * 1024 * 1024,
  ) {}

  /** The value cached for `id` under `key`, or make's (cached once it resolves to weight <= maxWeight). */
  get(id: string, key: string, make: () => Promise<{ value: V; weight: number }>): Promise<V> {
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.key === key) {
      this.entries.delete(id); // to the back: most recently used
      this.entries.set(id, hit);
      return hit.value;
    }
    this.drop(id);
    const made = make();
    const value = made.then((m) => m.value);
    const entry = { key, value, weight: 0 };
    this.entries.set(id, entry);
    made.then(
      (m) => {
        if (this.entries.get(id) !== entry) return;
        entry.weight = m.weight;
        this.weight += m.weight;
        this.evict();
      },
      () => this.entries.get(id) === entry && this.drop(id),
    );
    return value;
  }

  /** How many summaries are held. */
  get size(): number {
    return this.entries.size;
  }

  private drop(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.weight -= e.weight;
    this.entries.delete(id);
  }

  private evict(): void {
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.max && this.weight <= this.maxWeight) break;
      this.drop(id);
    }
  }
}
