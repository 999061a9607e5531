import { VectorClock } from "./vector-clock.js";

/**
 * A broadcast message as causal delivery sees it: who first broadcast it
 * (`sender`), its number among that sender's broadcasts (`seq`, from 1), and
 * its clock: everything the sender had delivered when it broadcast, with its
 * own count set to `seq`. Relays pass it on unchanged.
 */
export interface CausalMessage<P> {
  readonly sender: string;
  readonly seq: number;
  readonly clock: VectorClock;
  readonly payload: P;
}

/** What identifies a message: its sender and seq. Unambiguous, since seq is digits and comes first. */
export function messageKey(m: Pick<CausalMessage<unknown>, "sender" | "seq">): string {
  return `${m.seq} ${m.sender}`;
}

/** Why `m` cannot be a causal message, or undefined if it can. */
export function messageProblem(m: Pick<CausalMessage<unknown>, "sender" | "seq" | "clock">): string | undefined {
  if (m.sender === "") return "the sender is empty";
  if (!(Number.isSafeInteger(m.seq) && m.seq >= 1)) return `seq must be a whole number >= 1, got ${m.seq}`;
  if (m.clock.get(m.sender) !== m.seq) return `its clock counts ${m.clock.get(m.sender)} of its sender ${JSON.stringify(m.sender)}, not its seq ${m.seq}`;
  return undefined;
}

/** What became of a received message. */
export type Receipt<P> =
  /** Delivered now, with what it unblocked after it (in delivery order). */
  | { status: "delivered"; delivered: CausalMessage<P>[] }
  /** Held until what it depends on has been delivered. */
  | { status: "waiting"; delivered: [] }
  /** Delivered or held already: dropped. */
  | { status: "duplicate"; delivered: [] }
  /** Not acceptable (see messageProblem, or it claims to be one of ours that we never sent): dropped. */
  | { status: "refused"; delivered: []; why: string };

/**
 * Causal delivery (Birman, Schiper and Stephenson): a message from sender i
 * is delivered once it is the next one from i (seq is one more than the
 * count of i delivered) and everything else its clock counts has been
 * delivered; until then it waits. Duplicates are dropped. This node's own
 * broadcasts (as `self`) are delivered at once.
 *
 * Pure: no time, no I/O. A held message is indexed under the one sender it
 * waits for first, and looked at again only when a message of that sender
 * is delivered, so delivering n messages costs about n times the clock size,
 * not n times what is held.
 */
export class CausalBuffer<P> {
  /** How many messages of each sender have been delivered. */
  readonly #delivered = new Map<string, number>();
  readonly #log: CausalMessage<P>[] = [];
  readonly #held = new Map<string, CausalMessage<P>>();
  /** Keys of held messages, by the sender whose next delivery they wait for. */
  readonly #blockedOn = new Map<string, Set<string>>();

  constructor(readonly self: string) {
    if (self === "") throw new RangeError("CausalBuffer: self must be a non-empty id");
  }

  /** Every message delivered here, in delivery order. */
  get log(): readonly CausalMessage<P>[] {
    return this.#log;
  }

  /** The clock of what has been delivered here. */
  get delivered(): VectorClock {
    return VectorClock.of(this.#delivered);
  }

  /** Whether everything `clock` counts has been delivered here. */
  covers(clock: VectorClock): boolean {
    for (const [id, n] of clock.entries()) if ((this.#delivered.get(id) ?? 0) < n) return false;
    return true;
  }

  /** How many messages wait for others. */
  get waiting(): number {
    return this.#held.size;
  }

  /** Whether the message is delivered or held here. */
  has(m: Pick<CausalMessage<P>, "sender" | "seq">): boolean {
    return m.seq <= (this.#delivered.get(m.sender) ?? 0) || this.#held.has(messageKey(m));
  }

  /** A new broadcast of this node: its clock is everything delivered here plus itself. Delivered at once. */
  broadcast(payload: P): CausalMessage<P> {
    const seq = (this.#delivered.get(this.self) ?? 0) + 1;
    const m: CausalMessage<P> = { sender: this.self, seq, clock: this.delivered.with(this.self, seq), payload };
    // Nothing can wait for it: a message naming a broadcast of ours we have not made is refused (receive).
    this.#deliver(m);
    return m;
  }

  /** A message from a peer (first-hand or relayed). */
  receive(m: CausalMessage<P>): Receipt<P> {
    const problem = messageProblem(m);
    if (problem !== undefined) return { status: "refused", delivered: [], why: problem };
    if (this.has(m)) return { status: "duplicate", delivered: [] };
    // Ours are delivered as we make them: one we have not delivered was never ours (or comes from a clash of ids).
    if (m.sender === this.self) return { status: "refused", delivered: [], why: `it claims to be broadcast #${m.seq} of this node, which has broadcast only ${this.#delivered.get(this.self) ?? 0}` };
    const blocker = this.#blocker(m);
    if (blocker !== undefined) {
      this.#hold(m, blocker);
      return { status: "waiting", delivered: [] };
    }
    this.#deliver(m);
    return { status: "delivered", delivered: [m, ...this.#cascade([m])] };
  }

  /** The first sender whose deliveries `m` still waits for, or undefined if it can be delivered now. */
  #blocker(m: CausalMessage<P>): string | undefined {
    if ((this.#delivered.get(m.sender) ?? 0) + 1 < m.seq) return m.sender;
    for (const [id, n] of m.clock.entries()) if (id !== m.sender && (this.#delivered.get(id) ?? 0) < n) return id;
    return undefined;
  }

  #hold(m: CausalMessage<P>, blocker: string): void {
    const key = messageKey(m);
    this.#held.set(key, m);
    let s = this.#blockedOn.get(blocker);
    if (!s) this.#blockedOn.set(blocker, (s = new Set()));
    s.add(key);
  }

  #deliver(m: CausalMessage<P>): void {
    this.#delivered.set(m.sender, m.seq);
    this.#log.push(m);
  }

  /** Delivers what waited for the senders of `just` (and, in turn, what that unblocks). Returns them in delivery order. */
  #cascade(just: CausalMessage<P>[]): CausalMessage<P>[] {
    const out: CausalMessage<P>[] = [];
    const senders = just.map((m) => m.sender);
    while (senders.length > 0) {
      const sender = senders.pop()!;
      const keys = this.#blockedOn.get(sender);
      if (!keys) continue;
      this.#blockedOn.delete(sender);
      for (const key of keys) {
        const m = this.#held.get(key)!;
        const blocker = this.#blocker(m);
        if (blocker !== undefined) {
          this.#held.delete(key);
          this.#hold(m, blocker);
          continue;
        }
        this.#held.delete(key);
        this.#deliver(m);
        out.push(m);
        senders.push(m.sender);
      }
    }
    return out;
  }
}
