import { outranks, type Update } from "./member-status.js";

/**
 * How many times each node passes on one piece of news: `lambda` times
 * ceil(log10(n + 1)), as memberlist does: enough for infection-style
 * spreading to reach every one of n nodes with high probability.
 */
export function retransmitLimit(lambda: number, n: number): number {
  return lambda * Math.ceil(Math.log10(n + 1));
}

/**
 * News waiting to be piggy-backed, at most one item per member: newer news
 * about a member replaces older (and resets its count), older news is
 * dropped. `take` hands out the least-sent items first, counts each
 * handout, and retires an item once it has gone out `retransmitLimit` times.
 * It sends nothing itself; pings, acks and gossip ask it what to carry.
 */
export class Dissemination {
  readonly #lambda: number;
  readonly #items = new Map<string, { update: Update; sent: number; order: number }>();
  #added = 0;

  constructor(lambda: number) {
    this.#lambda = lambda;
  }

  get size(): number {
    return this.#items.size;
  }

  /** Queues news; false (and nothing changes) if what is queued about that member outranks or equals it. */
  add(update: Update): boolean {
    const held = this.#items.get(update.id);
    if (held && !outranks(update, held.update) && !(held.update.status === update.status && held.update.incarnation === update.incarnation && held.update.from !== update.from)) return false;
    this.#items.set(update.id, { update: { ...update }, sent: 0, order: this.#added++ });
    return true;
  }

  /**
   * Up to `max` items for one message, least-sent first (newest first among
   * equals), skipping items about members in `skip`; each counts as sent
   * once, and is retired after the limit for a cluster of `n`.
   */
  take(max: number, n: number, skip: ReadonlySet<string> = new Set()): Update[] {
    const limit = retransmitLimit(this.#lambda, n);
    const chosen = [...this.#items.values()]
      .filter((i) => !skip.has(i.update.id))
      .sort((a, b) => a.sent - b.sent || b.order - a.order)
      .slice(0, Math.max(0, max));
    for (const c of chosen) {
      c.sent++;
      if (c.sent >= limit) this.#items.delete(c.update.id);
    }
    return chosen.map((c) => ({ ...c.update }));
  }

  /** The queue as [id, times sent], least-sent first (for tests and logs). */
  inspect(): Array<[string, number]> {
    return [...this.#items.values()].sort((a, b) => a.sent - b.sent || b.order - a.order).map((i) => [i.update.id, i.sent]);
  }
}
