import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PnCounter } from "../../../lib/counter/pn-counter.js";

describe("PnCounter", () => {
  it("counts its own adds, both signs, as p and n", () => {
    const c = new PnCounter("n1/7");
    c.add(4);
    c.add(-5);
    c.add(0);
    expect(c.value).toBe(-1);
    expect(c.state()).toEqual({ p: { "n1/7": 4 }, n: { "n1/7": 5 } });
  });

  it("merges by the larger entry: an old state never undoes a newer one, and a merge that adds nothing says so", () => {
    const a = new PnCounter("a");
    const b = new PnCounter("b");
    a.add(3);
    const old = a.state();
    a.add(-2);
    expect(b.merge(a.state())).toBe(true);
    expect(b.merge(old)).toBe(false);
    expect(b.value).toBe(1);
    // a state whose p did not grow but whose n did is still taken (both sides are merged)
    const c = new PnCounter("c");
    c.merge(old);
    expect(c.merge(a.state())).toBe(true);
    expect(c.value).toBe(1);
  });

  it("rejects a delta that is not a safe integer", () => {
    expect(() => new PnCounter("a").add(1.5)).toThrow(/delta must be a safe integer, got 1.5/);
  });

  it("replicas that exchanged states in any order, repeated or stale, agree on the sum of every add (property)", () => {
    const replicas = ["a", "b", "c"];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ add: fc.constantFrom(0, 1, 2), delta: fc.integer({ min: -5, max: 4 }) }), fc.record({ from: fc.constantFrom(0, 1, 2), to: fc.constantFrom(0, 1, 2) })), { maxLength: 40 }),
        (steps) => {
          const cs = replicas.map((r) => new PnCounter(r));
          const sent: ReturnType<PnCounter["state"]>[] = [];
          let total = 0;
          for (const s of steps) {
            if ("add" in s) {
              cs[s.add]!.add(s.delta);
              total += s.delta;
            } else {
              const st = cs[s.from]!.state();
              sent.push(st);
              cs[s.to]!.merge(st);
            }
          }
          for (const st of sent) cs[0]!.merge(st); // old states delivered late change nothing
          for (const c of cs) for (const d of cs) d.merge(c.state()); // one full round
          for (const c of cs) for (const d of cs) d.merge(c.state());
          for (const c of cs) expect(c.value).toBe(total);
          expect(cs[1]!.state()).toEqual(cs[2]!.state());
        },
      ),
      { seed: 4, numRuns: 200 },
    );
  });
});
