/** One micro-op on the wire: `[f, key, value]`. */
export type MicroOp = [f: string, key: unknown, value: unknown];

/** A Lamport timestamp: the counter, then the node id to break ties. */
export type Stamp = [counter: number, node: string];

/** A committed transaction's effect, as replicated: its stamp and its last write to each key it wrote. */
export interface TxnEntry {
  stamp: Stamp;
  writes: [key: unknown, value: unknown][];
}

/** Whether stamp a is later than b. */
export function laterThan(a: Stamp, b: Stamp): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

/**
 * A node's copy of a read/write register store, for transactions applied
 * whole: pure (no I/O, no time). Each key holds its value and the stamp of
 * the transaction that wrote it; a write with an older stamp than the one a
 * key holds is ignored (last writer wins), so every copy that has applied the
 * same transactions holds the same values, whatever the order they came in.
 *
 * The stamps are Lamport timestamps: a local transaction takes a counter
 * above every stamp this copy has seen. So a transaction's stamp is above
 * those of every transaction whose writes it read or overwrote, and
 * write-write and write-read dependencies always go from an older stamp to a
 * newer one: they can form no cycle (no G0, no G1c). A transaction is applied
 * in one step, so no other sees its intermediate writes (no G1b), and none is
 * ever aborted (no G1a): read committed, with every node available.
 */
export class TxnStore {
  readonly #node: string;
  readonly #keys = new Map<string, { value: unknown; stamp: Stamp }>();
  #counter = 0;

  constructor(node: string) {
    this.#node = node;
  }

  /** Runs `txn` on this copy at once: reads see this copy and the txn's own earlier writes. Returns the completed txn and the entry to replicate (undefined for a read-only txn). */
  applyLocal(txn: readonly MicroOp[]): { completed: MicroOp[]; entry: TxnEntry | undefined } {
    const stamp: Stamp = [++this.#counter, this.#node];
    const own = new Map<string, [unknown, unknown]>();
    const completed = txn.map(([f, k, v]): MicroOp => {
      const id = JSON.stringify(k);
      if (f === "r") return [f, k, own.has(id) ? own.get(id)![1] : (this.#keys.get(id)?.value ?? null)];
      own.set(id, [k, v]);
      return [f, k, v];
    });
    if (own.size === 0) return { completed, entry: undefined };
    const entry: TxnEntry = { stamp, writes: [...own.values()] };
    this.applyEntry(entry);
    return { completed, entry };
  }

  /** Applies a replicated transaction (again, harmlessly, if it was applied before), and moves the clock past its stamp. */
  applyEntry(entry: TxnEntry): void {
    this.#counter = Math.max(this.#counter, entry.stamp[0]);
    for (const [k, value] of entry.writes) {
      const id = JSON.stringify(k);
      const held = this.#keys.get(id);
      if (held === undefined || laterThan(entry.stamp, held.stamp)) this.#keys.set(id, { value, stamp: entry.stamp });
    }
  }

  /** The value of `key` on this copy (null if never written). */
  read(key: unknown): unknown {
    return this.#keys.get(JSON.stringify(key))?.value ?? null;
  }
}
