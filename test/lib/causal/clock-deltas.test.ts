import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadcastValueProblem } from "../../../lib/broadcast/broadcast-value.js";
import type { CausalMessage } from "../../../lib/causal/causal-buffer.js";
import { decodeMessages, depsOf, encodeMessages, orderForDeltas, pickBase } from "../../../lib/causal/clock-deltas.js";
import { VectorClock } from "../../../lib/causal/vector-clock.js";
import { historyArb, inPast } from "./causal-history.js";

const msg = (sender: string, seq: number, clock: Record<string, number>, payload: unknown = `${sender}#${seq}`): CausalMessage<unknown> => ({ sender, seq, clock: VectorClock.of({ ...clock, [sender]: seq }), payload });
const same = (a: readonly CausalMessage<unknown>[], b: readonly CausalMessage<unknown>[]) => {
  expect(b.map((m) => [m.sender, m.seq, m.payload, m.clock.toJSON()])).toEqual(a.map((m) => [m.sender, m.seq, m.payload, expect.anything()]));
  a.forEach((m, i) => expect(b[i]!.clock.equals(m.clock), `clock of message ${i}`).toBe(true));
};

describe("clock deltas", () => {
  it("sends messages with the same past without any clock entries, and a step in the past as the entries that changed", () => {
    const past = { a: 3, b: 2 };
    const wire = encodeMessages([msg("c", 1, past), msg("d", 4, past), msg("e", 2, { ...past, b: 3 })]);
    expect(wire).toEqual([
      ["c", 1, "c#1", { a: 3, b: 2 }], // from the empty clock
      ["d", 4, "d#4"], // the same past (its own count, 3, is given by its seq)
      ["e", 2, "e#2", { b: 3, d: 0 }], // one step in b; and d#1..3 are not in e's past
    ]);
  });

  it("starts from a base's past when given one", () => {
    const base = msg("a", 5, { b: 2, c: 7 });
    const m = msg("d", 1, { a: 4, b: 2, c: 7 }); // concurrent with a#5: the same past
    expect(encodeMessages([m], base)).toEqual([["d", 1, "d#1"]]);
    const back = decodeMessages([["d", 1, "d#1"]], () => undefined, base);
    expect(back.ok && back.messages[0]!.clock.toJSON()).toEqual({ a: 4, b: 2, c: 7, d: 1 });
  });

  it("round-trips any list of a causal history, in any order, from any base", () => {
    const arb = historyArb(5).chain((all) => fc.record({ list: fc.shuffledSubarray(all), base: fc.option(fc.constantFrom(...(all.length ? all : [msg("z", 1, {})]))) }));
    fc.assert(
      fc.property(arb, ({ list, base }) => {
        const wire = JSON.parse(JSON.stringify(encodeMessages(list, base ?? undefined)));
        const back = decodeMessages(wire, () => undefined, base ?? undefined);
        expect(back.ok).toBe(true);
        if (back.ok) same(list, back.messages);
      }),
    );
  });

  it("keeps an id like __proto__ as an entry", () => {
    const list = [msg("a", 1, { ["__proto__"]: 2 }), msg("b", 1, {})];
    const back = decodeMessages(JSON.parse(JSON.stringify(encodeMessages(list))), () => undefined);
    expect(back.ok).toBe(true);
    if (back.ok) same(list, back.messages);
  });

  it("costs fewer entries than a whole clock per message, on random histories of 8 nodes", () => {
    let deltas = 0;
    let whole = 0;
    for (const all of fc.sample(historyArb(8, 120), { numRuns: 30, seed: 3 })) {
      deltas += encodeMessages(orderForDeltas(all)).reduce((n, w) => n + Object.keys(w[3] ?? {}).length, 0);
      whole += all.reduce((n, m) => n + m.clock.size, 0);
    }
    expect(whole).toBeGreaterThan(500);
    expect(deltas / whole).toBeLessThan(0.75); // 0.52 with this seed: random histories are no lockstep rounds, where pasts coincide more
  });

  it("orders messages causally for sending (a message after its past)", () => {
    fc.assert(
      fc.property(historyArb().chain((all) => fc.shuffledSubarray(all)), (list) => {
        const sorted = orderForDeltas(list);
        sorted.forEach((m, i) => sorted.slice(i + 1).forEach((later) => expect(inPast(later, m)).toBe(false)));
      }),
    );
  });

  it("picks the base whose past is closest to the first message's, or none", () => {
    const first = msg("d", 1, { a: 4, b: 2 });
    const far = msg("a", 1, {});
    const near = msg("a", 5, { b: 2 });
    expect(pickBase(first, [far, near])).toBe(near);
    expect(pickBase(msg("d", 1, {}), [far, near])).toBeUndefined();
    expect(depsOf(near).toJSON()).toEqual({ a: 4, b: 2 });
  });

  it.each([
    ["not a list", {}, /must be a list/],
    ["a message that is not a list", [{}], /message 0: expected \[sender, seq, payload\]/],
    ["a sender that is not a string", [[1, 1, "x"]], /message 0: the sender must be a string/],
    ["a seq of 0", [["a", 0, "x"]], /seq must be a whole number >= 1, got 0/],
    ["a fractional seq", [["a", 1.5, "x"]], /got 1.5/],
    ["a bad payload", [["a", 1, 1.5]], /message 0: the number .* cannot be kept exactly/],
    ["a bad delta", [["a", 1, "x", { b: -1 }]], /message 0: delta: .*"b" must be a whole number/],
    ["a bad second message", [["a", 1, "x"], ["b", 1, "y", []]], /message 1: delta: .* got an array/],
  ])("refuses %s, naming the message", (_what, raw, error) => {
    const r = decodeMessages(raw, broadcastValueProblem);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });
});
