import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalBuffer, type CausalMessage, messageKey, messageProblem } from "../../../lib/causal/causal-buffer.js";
import { VectorClock } from "../../../lib/causal/vector-clock.js";
import { historyArb, inPast } from "./causal-history.js";

const msg = (sender: string, seq: number, clock: Record<string, number>, payload = `${sender}#${seq}`): CausalMessage<string> => ({ sender, seq, clock: VectorClock.of({ ...clock, [sender]: seq }), payload });
const payloads = (b: CausalBuffer<string>) => b.log.map((m) => m.payload);

describe("CausalBuffer", () => {
  it("delivers a sender's messages in seq order: a later one waits for the gap", () => {
    const b = new CausalBuffer<string>("me");
    expect(b.receive(msg("a", 2, {})).status).toBe("waiting");
    expect(b.waiting).toBe(1);
    const r = b.receive(msg("a", 1, {}));
    expect(r).toMatchObject({ status: "delivered" });
    expect(r.delivered.map((m) => m.payload)).toEqual(["a#1", "a#2"]);
    expect(b.waiting).toBe(0);
    expect(b.delivered.toJSON()).toEqual({ a: 2 });
  });

  it("holds a message until what its clock counts of other senders is delivered, then delivers the chain", () => {
    const b = new CausalBuffer<string>("me");
    // c#1 depends on b#1, which depends on a#1.
    expect(b.receive(msg("c", 1, { a: 1, b: 1 })).status).toBe("waiting");
    expect(b.receive(msg("b", 1, { a: 1 })).status).toBe("waiting");
    expect(payloads(b)).toEqual([]);
    expect(b.receive(msg("a", 1, {})).delivered.map((m) => m.payload)).toEqual(["a#1", "b#1", "c#1"]);
    expect(payloads(b)).toEqual(["a#1", "b#1", "c#1"]);
  });

  it("drops duplicates, delivered or still held", () => {
    const b = new CausalBuffer<string>("me");
    b.receive(msg("a", 1, {}));
    b.receive(msg("a", 3, {}));
    expect(b.receive(msg("a", 1, {})).status).toBe("duplicate");
    expect(b.receive(msg("a", 3, {}, "another payload")).status).toBe("duplicate");
    b.receive(msg("a", 2, {}));
    expect(payloads(b)).toEqual(["a#1", "a#2", "a#3"]);
  });

  it("delivers its own broadcasts at once, each with everything delivered before in its clock", () => {
    const b = new CausalBuffer<string>("me");
    b.receive(msg("a", 1, {}));
    const m1 = b.broadcast("hello");
    expect(m1).toMatchObject({ sender: "me", seq: 1, payload: "hello" });
    expect(m1.clock.toJSON()).toEqual({ a: 1, me: 1 });
    const m2 = b.broadcast("again");
    expect(m2.clock.toJSON()).toEqual({ a: 1, me: 2 });
    expect(payloads(b)).toEqual(["a#1", "hello", "again"]);
    // Relayed back to us: a duplicate.
    expect(b.receive(m1).status).toBe("duplicate");
  });

  it("keeps a relayed message's sender and clock as they were", () => {
    const b = new CausalBuffer<string>("me");
    const m = msg("a", 1, { x: 0 });
    b.receive(m);
    expect(b.log[0]).toBe(m);
  });

  it("refuses a message that claims to be one of ours we never sent, and malformed ones", () => {
    const b = new CausalBuffer<string>("me");
    const r = b.receive(msg("me", 1, {}));
    expect(r).toMatchObject({ status: "refused", why: expect.stringMatching(/broadcast #1 of this node, which has broadcast only 0/) });
    expect(b.receive({ sender: "a", seq: 2, clock: VectorClock.of({ a: 1 }), payload: "x" })).toMatchObject({ status: "refused", why: expect.stringMatching(/clock counts 1 of its sender "a", not its seq 2/) });
    expect(messageProblem({ sender: "a", seq: 0, clock: VectorClock.EMPTY })).toMatch(/seq must be a whole number >= 1/);
    expect(messageProblem({ sender: "", seq: 1, clock: VectorClock.of({ "": 1 }) })).toMatch(/empty/);
  });

  it("names messages by seq and sender, unambiguously", () => {
    expect(messageKey({ sender: "n1 2", seq: 3 })).not.toBe(messageKey({ sender: "2", seq: 3 }));
    expect(messageKey({ sender: "n1", seq: 12 })).not.toBe(messageKey({ sender: "2 n1", seq: 1 }));
  });

  it("says whether it covers a clock (everything counted delivered)", () => {
    const b = new CausalBuffer<string>("me");
    b.receive(msg("a", 1, {}));
    expect(b.covers(VectorClock.of({ a: 1 }))).toBe(true);
    expect(b.covers(VectorClock.EMPTY)).toBe(true);
    expect(b.covers(VectorClock.of({ a: 1, b: 1 }))).toBe(false);
  });
});

describe("CausalBuffer properties", () => {
  it("for any arrival order of a causally consistent set, with duplicates: each delivered once, in causal order, nothing early, nothing held that could go", () => {
    const arb = historyArb().chain((all) =>
      fc.record({
        all: fc.constant(all),
        // Every message at least once, some twice, in any order.
        arrivals: fc.shuffledSubarray(all, { minLength: 0, maxLength: all.length }).chain((dups) => fc.shuffledSubarray([...all, ...dups], { minLength: all.length + dups.length, maxLength: all.length + dups.length })),
      }),
    );
    fc.assert(
      fc.property(arb, ({ all, arrivals }) => {
        const b = new CausalBuffer<string>("receiver");
        const arrived = new Set<string>();
        const delivered: CausalMessage<string>[] = [];
        for (const m of arrivals) {
          const r = b.receive(m);
          arrived.add(messageKey(m));
          delivered.push(...r.delivered);
          // Exactly what can be delivered is: a message whose whole past has arrived (the set's pasts are in the set).
          const could = all.filter((x) => arrived.has(messageKey(x)) && all.every((y) => !inPast(y, x) || arrived.has(messageKey(y))));
          expect(new Set(delivered.map(messageKey))).toEqual(new Set(could.map(messageKey)));
        }
        expect(delivered.map(messageKey).sort()).toEqual(all.map(messageKey).sort()); // each once
        expect(b.log.map(messageKey)).toEqual(delivered.map(messageKey));
        // In causal order: everything in a message's past comes before it.
        const at = new Map(delivered.map((m, i) => [messageKey(m), i]));
        for (const m of all) for (const x of all) if (inPast(x, m)) expect(at.get(messageKey(x))!, `${messageKey(x)} before ${messageKey(m)}`).toBeLessThan(at.get(messageKey(m))!);
        expect(b.waiting).toBe(0);
        expect(b.delivered.equals(all.reduce((c, m) => c.merge(m.clock), VectorClock.EMPTY))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("the histories it is tested with have real causal chains and concurrency", () => {
    // A check on the generator, so that the property above is not vacuous.
    const samples = fc.sample(historyArb(), { numRuns: 50, seed: 1 });
    const chains = samples.filter((all) => all.some((m) => all.some((x) => x.sender !== m.sender && inPast(x, m))));
    const concurrent = samples.filter((all) => all.some((m) => all.some((x) => x !== m && !inPast(x, m) && !inPast(m, x))));
    expect(chains.length).toBeGreaterThan(40);
    expect(concurrent.length).toBeGreaterThan(40);
  });
});
