import { type CausalMessage, messageProblem } from "./causal-buffer.js";
import { VectorClock } from "./vector-clock.js";

/**
 * A message on the wire between nodes: [sender, seq, payload] or
 * [sender, seq, payload, delta]. Its clock is not sent whole. What is sent
 * is its past (`depsOf`: the clock with the sender's own count one less,
 * that is, what must be delivered before it), as `delta`: only the entries
 * in which it differs from the past of the message before it in the same
 * list (an entry that went away is sent as 0), leaving out the sender's own
 * entry, which seq gives. The first message's past is a delta from a base:
 * the past of a message the receiver is known to hold (named beside the
 * list), or the empty clock. No delta: the same past as the message before.
 *
 * Why: a clock has an entry per node, so a whole clock per message costs
 * O(nodes) bytes each. Messages broadcast about the same time by different
 * nodes usually have the same past (their senders had delivered the same
 * things, and not each other's), so next to each other (orderForDeltas)
 * they cost no clock entries at all. A batch pays for the entries where
 * its messages' pasts step forward, and for the first one's distance from
 * a recent message the receiver holds (pickBase).
 */
export type WireMessage = [string, number, unknown] | [string, number, unknown, Record<string, number>];

/** What must be delivered before `m`: its clock with its own entry one less. */
export function depsOf(m: Pick<CausalMessage<unknown>, "sender" | "seq" | "clock">): VectorClock {
  return m.clock.with(m.sender, m.seq - 1);
}

/** How many entries a delta from `from` to `to` has, `skip` (the sender's own entry) aside. */
export function deltaSize(from: VectorClock, to: VectorClock, skip: string): number {
  let n = 0;
  for (const [id, c] of to.entries()) if (id !== skip && from.get(id) !== c) n++;
  for (const [id] of from.entries()) if (id !== skip && to.get(id) === 0) n++;
  return n;
}

/**
 * The order to send `messages` in so that deltas stay small: by the sum of
 * their clocks' counts. The receiver does not care about the order (its
 * buffer delivers in causal order whatever the order of arrival); this one
 * puts messages with the same past next to each other, and is itself a
 * causal order (a message's sum exceeds that of any message in its past).
 * Stable, so ties keep the order given.
 */
export function orderForDeltas<P>(messages: readonly CausalMessage<P>[]): CausalMessage<P>[] {
  const total = (c: VectorClock) => {
    let t = 0;
    for (const [, n] of c.entries()) t += n;
    return t;
  };
  return messages.map((m) => ({ m, t: total(m.clock) })).sort((a, b) => a.t - b.t).map((x) => x.m);
}

/**
 * The base for a list that starts with `first`: among `candidates` (messages
 * the receiver is known to hold, so it has their clocks), the one whose past
 * is closest to first's, or none if the empty clock is as close.
 */
export function pickBase<P>(first: CausalMessage<P>, candidates: Iterable<CausalMessage<P>>): CausalMessage<P> | undefined {
  const want = depsOf(first);
  let best: CausalMessage<P> | undefined;
  let bestSize = deltaSize(VectorClock.EMPTY, want, first.sender);
  for (const c of candidates) {
    if (bestSize === 0) break;
    const size = deltaSize(depsOf(c), want, first.sender);
    if (size < bestSize) [best, bestSize] = [c, size];
  }
  return best;
}

/** `messages` for the wire, in the order given (see orderForDeltas), the first as a delta from `base`'s past (or from nothing). */
export function encodeMessages<P>(messages: readonly CausalMessage<P>[], base?: CausalMessage<unknown>): WireMessage[] {
  let prev = base ? depsOf(base) : VectorClock.EMPTY;
  return messages.map((m) => {
    const deps = depsOf(m);
    // Entries, not assignments to an object: an id "__proto__" must stay an entry.
    const delta: Array<[string, number]> = [];
    for (const [id, n] of deps.entries()) if (id !== m.sender && prev.get(id) !== n) delta.push([id, n]);
    for (const [id] of prev.entries()) if (id !== m.sender && deps.get(id) === 0) delta.push([id, 0]);
    prev = deps;
    return delta.length > 0 ? [m.sender, m.seq, m.payload, Object.fromEntries(delta)] : [m.sender, m.seq, m.payload];
  });
}

/**
 * Reads a list of wire messages from a peer, checking each payload with
 * `payloadProblem`; `base` is the message the list names as its base. All
 * or nothing: a delta means nothing without the one before it, so one bad
 * message spoils the rest, and the caller drops the lot.
 */
export function decodeMessages<P>(raw: unknown, payloadProblem: (p: unknown) => string | undefined, base?: CausalMessage<unknown>): { ok: true; messages: CausalMessage<P>[] } | { ok: false; error: string } {
  if (!Array.isArray(raw)) return { ok: false, error: "the messages must be a list" };
  const out: CausalMessage<P>[] = [];
  let prev = base ? depsOf(base) : VectorClock.EMPTY;
  for (const [i, w] of raw.entries()) {
    const bad = (why: string) => ({ ok: false as const, error: `message ${i}: ${why}` });
    if (!Array.isArray(w) || (w.length !== 3 && w.length !== 4)) return bad("expected [sender, seq, payload] or [sender, seq, payload, delta]");
    const [sender, seq, payload, delta] = w as [unknown, unknown, unknown, unknown];
    if (typeof sender !== "string") return bad("the sender must be a string");
    if (!(typeof seq === "number" && Number.isSafeInteger(seq) && seq >= 1)) return bad(`seq must be a whole number >= 1, got ${JSON.stringify(seq)}`);
    const pp = payloadProblem(payload);
    if (pp !== undefined) return bad(pp);
    let deps = prev;
    if (w.length === 4) {
      const d = VectorClock.fromJSON(delta);
      if (!d.ok) return bad(`delta: ${d.error}`);
      // fromJSON drops zero entries, which matter here (an entry went away): read the checked object itself.
      for (const [id, n] of Object.entries(delta as Record<string, number>)) deps = deps.with(id, n);
    }
    deps = deps.with(sender, seq - 1);
    const m: CausalMessage<P> = { sender, seq, clock: deps.with(sender, seq), payload: payload as P };
    const problem = messageProblem(m);
    if (problem !== undefined) return bad(problem);
    out.push(m);
    prev = deps;
  }
  return { ok: true, messages: out };
}
