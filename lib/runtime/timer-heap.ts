/** One scheduled callback in a TimerHeap, ordered by (due, seq). */
export interface HeapEntry {
  due: number;
  seq: number;
}

const before = (a: HeapEntry, b: HeapEntry) => a.due < b.due || (a.due === b.due && a.seq < b.seq);

/**
 * A binary min-heap of timer entries ordered by due time, then by `seq`
 * (scheduling order). Push and pop are O(log n) however many nodes share the
 * clock, where a sorted array cost O(n) per insert and per cancel.
 */
export class TimerHeap<E extends HeapEntry> {
  #a: E[] = [];

  get size(): number {
    return this.#a.length;
  }

  peek(): E | undefined {
    return this.#a[0];
  }

  push(e: E): void {
    const a = this.#a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      if (!before(e, a[p]!)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = e;
  }

  pop(): E | undefined {
    const a = this.#a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) this.#siftDown(last);
    return top;
  }

  /** Keeps only the entries `keep` accepts (used to drop cancelled timers in bulk). */
  filter(keep: (e: E) => boolean): void {
    const kept = this.#a.filter(keep);
    this.#a = [];
    for (const e of kept) this.push(e);
  }

  #siftDown(e: E): void {
    const a = this.#a;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(a[r]!, a[l]!) ? r : l;
      if (!before(a[c]!, e)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = e;
  }
}
