import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VectorClock } from "../../../lib/causal/vector-clock.js";

const vc = (o: Record<string, number>) => VectorClock.of(o);
/** Small clocks over few ids, so that orderings of every kind come up often. */
const clockArb = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), fc.nat({ max: 4 })).map(vc);

describe("VectorClock", () => {
  it("is sparse: a missing entry is 0, and 0 is never stored", () => {
    expect(vc({}).get("x")).toBe(0);
    expect(vc({ a: 0, b: 2 }).toJSON()).toEqual({ b: 2 });
    expect(vc({ a: 0 }).equals(VectorClock.EMPTY)).toBe(true);
    expect(vc({ a: 1 }).with("a", 0).size).toBe(0);
  });

  it.each([
    [{}, "a", { a: 1 }],
    [{ a: 2, b: 1 }, "a", { a: 3, b: 1 }],
    [{ a: 2 }, "b", { a: 2, b: 1 }],
  ])("increments %j at %s to %j (and leaves the original alone)", (from, id, to) => {
    const c = vc(from);
    expect(c.increment(id).toJSON()).toEqual(to);
    expect(c.toJSON()).toEqual(vc(from).toJSON());
  });

  it.each([
    [{ a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    [{ a: 3, b: 1 }, { a: 1, b: 4 }, { a: 3, b: 4 }],
    [{}, { c: 1 }, { c: 1 }],
  ])("merges %j and %j into %j", (x, y, z) => {
    expect(vc(x).merge(vc(y)).toJSON()).toEqual(z);
  });

  it.each([
    [{}, {}, "equal"],
    [{ a: 1 }, { a: 1, b: 0 }, "equal"],
    [{ a: 1 }, { a: 2 }, "before"],
    [{}, { a: 1 }, "before"],
    [{ a: 1, b: 3 }, { a: 1, b: 2 }, "after"],
    [{ a: 2, b: 1 }, { a: 1, b: 2 }, "concurrent"],
    [{ a: 1 }, { b: 1 }, "concurrent"],
  ] as const)("compares %j with %j: %s", (x, y, order) => {
    expect(vc(x).compare(vc(y))).toBe(order);
  });

  it("reads back its JSON, an id like __proto__ included", () => {
    const c = vc({ n1: 3, "n4.abc": 1 }).with("__proto__", 2);
    const back = VectorClock.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(back.ok && back.clock.toJSON()).toEqual(c.toJSON());
    expect(back.ok && back.clock.get("__proto__")).toBe(2);
  });

  it.each([
    [null, /got null/],
    [[1], /got an array/],
    ["n1", /got string/],
    [undefined, /got nothing/],
    [{ n1: -1 }, /"n1" must be a whole number from 0 to 2\^53-1, got -1/],
    [{ n1: 1.5 }, /got 1\.5/],
    [{ n1: "3" }, /got "3"/],
    [{ n1: 2 ** 53 }, /got 9007199254740992/],
  ])("refuses %j with a clear error", (json, error) => {
    const r = VectorClock.fromJSON(json);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });

  it("throws on a bad count given in code", () => {
    expect(() => VectorClock.of({ a: -2 })).toThrow(/whole number/);
    expect(() => vc({}).with("a", Number.NaN)).toThrow(/whole number/);
  });
});

describe("VectorClock properties", () => {
  it("compare is a partial order: reflexive, antisymmetric, transitive", () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        expect(a.compare(a)).toBe("equal");
        const le = (x: VectorClock, y: VectorClock) => ["before", "equal"].includes(x.compare(y));
        if (le(a, b) && le(b, a)) expect(a.equals(b)).toBe(true);
        if (le(a, b) && le(b, c)) expect(le(a, c)).toBe(true);
        // The two directions agree.
        const flip = { before: "after", after: "before", equal: "equal", concurrent: "concurrent" } as const;
        expect(b.compare(a)).toBe(flip[a.compare(b)]);
      }),
    );
  });

  it("transitivity also on chains built to be ordered (random triples rarely are)", () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, x, y) => {
        const b = a.merge(x);
        const c = b.merge(y);
        expect(["before", "equal"]).toContain(a.compare(b));
        expect(["before", "equal"]).toContain(a.compare(c));
      }),
    );
  });

  it("merge is the least upper bound: commutative, associative, idempotent, and above both, below any other bound", () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        const m = a.merge(b);
        expect(m.equals(b.merge(a))).toBe(true);
        expect(a.merge(b).merge(c).equals(a.merge(b.merge(c)))).toBe(true);
        expect(a.merge(a).equals(a)).toBe(true);
        expect(m.covers(a) && m.covers(b)).toBe(true);
        if (c.covers(a) && c.covers(b)) expect(c.covers(m)).toBe(true);
        // compare agrees with merge: a <= b exactly when merging a into b changes nothing.
        expect(["before", "equal"].includes(a.compare(b))).toBe(m.equals(b));
      }),
    );
  });

  it("round-trips through JSON", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.nat()), (o) => {
        const c = VectorClock.of(o);
        const back = VectorClock.fromJSON(JSON.parse(JSON.stringify(c)));
        expect(back.ok && back.clock.equals(c)).toBe(true);
      }),
    );
  });
});

/** One step of a random message-passing execution: an event at process `p`. */
type Step = { kind: "local"; p: number } | { kind: "send"; p: number; to: number } | { kind: "recv"; p: number; pick: number };

describe("clocks of random executions", () => {
  it("order events exactly as happened-before does", () => {
    const procs = 4;
    const stepArb = fc.oneof(
      fc.record({ kind: fc.constant("local" as const), p: fc.nat({ max: procs - 1 }) }),
      fc.record({ kind: fc.constant("send" as const), p: fc.nat({ max: procs - 1 }), to: fc.nat({ max: procs - 1 }) }),
      fc.record({ kind: fc.constant("recv" as const), p: fc.nat({ max: procs - 1 }), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps: Step[]) => {
        // Events, each with its vector clock and, independently, the events that happened directly before it.
        const events: { clock: VectorClock; direct: number[] }[] = [];
        const clocks = Array.from({ length: procs }, () => VectorClock.EMPTY);
        const lastOf: (number | undefined)[] = Array(procs).fill(undefined);
        const inFlight: { to: number; clock: VectorClock; sentBy: number }[] = [];
        for (const s of steps) {
          const id = `p${s.p}`;
          const direct = lastOf[s.p] === undefined ? [] : [lastOf[s.p]!];
          if (s.kind === "recv") {
            const mine = inFlight.filter((m) => m.to === s.p);
            if (mine.length === 0) continue;
            const m = mine[s.pick % mine.length]!;
            inFlight.splice(inFlight.indexOf(m), 1);
            clocks[s.p] = clocks[s.p]!.merge(m.clock);
            direct.push(m.sentBy);
          }
          clocks[s.p] = clocks[s.p]!.increment(id);
          events.push({ clock: clocks[s.p]!, direct });
          lastOf[s.p] = events.length - 1;
          if (s.kind === "send") inFlight.push({ to: s.to, clock: clocks[s.p]!, sentBy: events.length - 1 });
        }
        // Happened-before: the transitive closure of program order and send-to-receive.
        const before = events.map(() => new Set<number>());
        events.forEach((e, i) => {
          for (const d of e.direct) {
            before[i]!.add(d);
            for (const x of before[d]!) before[i]!.add(x);
          }
        });
        for (let i = 0; i < events.length; i++) {
          for (let j = 0; j < events.length; j++) {
            if (i === j) continue;
            const expected = before[j]!.has(i) ? "before" : before[i]!.has(j) ? "after" : "concurrent";
            expect(events[i]!.clock.compare(events[j]!.clock), `events ${i} and ${j}`).toBe(expected);
          }
        }
      }),
    );
  });
});
