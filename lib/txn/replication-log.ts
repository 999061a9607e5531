/**
 * The transactions a node has committed, in order, and how many of them each
 * peer has acknowledged: pure, with a pull API (the node asks what to send to
 * a peer; nothing here sends). Entries every peer has are dropped.
 */
export class ReplicationLog<E> {
  readonly #peers: readonly string[];
  /** Entries from index #base on (the earlier ones every peer has). */
  #entries: E[] = [];
  #base = 0;
  readonly #acked = new Map<string, number>();

  constructor(peers: readonly string[]) {
    this.#peers = peers;
    for (const p of peers) this.#acked.set(p, 0);
  }

  append(entry: E): void {
    if (this.#peers.length > 0) this.#entries.push(entry);
    else this.#base++;
  }

  /** Total entries ever appended. */
  get length(): number {
    return this.#base + this.#entries.length;
  }

  /** What `peer` lacks, at most `limit` entries from the first it has not acknowledged; undefined when it has all. */
  pending(peer: string, limit: number): { from: number; entries: E[] } | undefined {
    const from = this.#ackedBy(peer);
    if (from >= this.length) return undefined;
    return { from, entries: this.#entries.slice(from - this.#base, from - this.#base + limit) };
  }

  /** `peer` has the first `upto` entries (an older or repeated acknowledgement changes nothing). */
  acked(peer: string, upto: number): void {
    const had = this.#ackedBy(peer);
    this.#acked.set(peer, Math.min(Math.max(had, upto), this.length));
    const low = Math.min(...this.#peers.map((p) => this.#acked.get(p)!));
    if (low > this.#base) {
      this.#entries = this.#entries.slice(low - this.#base);
      this.#base = low;
    }
  }

  #ackedBy(peer: string): number {
    const n = this.#acked.get(peer);
    if (n === undefined) throw new Error(`ReplicationLog: ${JSON.stringify(peer)} is not a peer (peers: ${this.#peers.join(", ") || "none"})`);
    return n;
  }
}
