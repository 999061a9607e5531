import { hashString } from "./hash-string.js";

/**
 * Virtual nodes per member by default. With v points a member, the share of
 * the key space a member owns varies by about 1/sqrt(v) around 1/n; at 128
 * every member of 5 to 50 owns between 0.6 and 1.5 of its fair share
 * (test/lib/ring/hash-ring.test.ts checks the bound on 10,000 keys).
 */
export const DEFAULT_VIRTUAL_NODES = 128;

/**
 * A consistent-hash ring: each member is placed at `virtualNodes` points
 * (hashes of "<member>#<i>"), and a key belongs to the member of the first
 * point at or after the key's hash, wrapping around. A member's points depend
 * only on its own id, so adding or removing one member moves only the keys
 * between its points and their predecessors: the keys it takes or gives up.
 * Immutable: a changed membership is a new ring.
 */
export class HashRing {
  readonly members: readonly string[];
  readonly virtualNodes: number;
  /** Point hashes, ascending; `owners[i]` owns `points[i]`. */
  readonly #points: Uint32Array;
  readonly #owners: string[];

  constructor(members: Iterable<string>, virtualNodes = DEFAULT_VIRTUAL_NODES) {
    if (!Number.isInteger(virtualNodes) || virtualNodes < 1) throw new RangeError(`HashRing: virtualNodes must be a whole number >= 1, got ${virtualNodes}`);
    this.members = [...new Set(members)].sort();
    this.virtualNodes = virtualNodes;
    const all: Array<{ at: number; owner: string }> = [];
    for (const m of this.members) for (let i = 0; i < virtualNodes; i++) all.push({ at: hashString(`${m}#${i}`), owner: m });
    // Two members on one point (a 32-bit collision): the smaller id is first
    // and takes the point's keys, on every node alike; the other point is
    // never found, which is the same as not having it.
    all.sort((a, b) => a.at - b.at || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
    this.#points = Uint32Array.from(all, (p) => p.at);
    this.#owners = all.map((p) => p.owner);
  }

  /** The member that owns `key`; undefined on an empty ring. */
  owner(key: string): string | undefined {
    const n = this.#points.length;
    if (n === 0) return undefined;
    const h = hashString(key);
    // First point >= h.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return this.#owners[lo === n ? 0 : lo];
  }
}
