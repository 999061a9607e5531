import { describe, expect, it } from "vitest";
import { Awareness } from "../../../lib/swim/awareness.js";
import { Suspicion, suspicionBounds, suspicionTimeout } from "../../../lib/swim/suspicion.js";

describe("suspicionTimeout", () => {
  it.each([
    // confirmations, expected, min, max, timeout
    [0, 3, 2000, 6000, 6000],
    [1, 3, 2000, 6000, 4000], // log 2 / log 4 = 1/2 of the way
    [2, 3, 2000, 6000, 2830],
    [3, 3, 2000, 6000, 2000],
    [9, 3, 2000, 6000, 2000], // never below min
    [0, 0, 2000, 6000, 2000], // nobody can confirm: min at once
    [0, 1, 1000, 1000, 1000],
  ])("%i of %i confirmations, %i..%i ms: %i ms", (c, k, min, max, want) => {
    expect(suspicionTimeout(c, k, min, max)).toBe(want);
  });
});

describe("suspicionBounds", () => {
  it.each([
    // n, period, mult, maxMult, min, max
    [1, 1000, 4, 6, 4000, 24000],
    [5, 1000, 4, 6, 4000, 24000], // log10(5) < 1: scale 1
    [25, 1000, 4, 6, 5592, 33552], // memberlist's defaults at 25 nodes: 5.6 s
    [25, 1000, 2, 3, 2796, 8388],
    [100, 500, 2, 3, 2000, 6000],
  ])("n=%i, period %i, mult %i, max mult %i: %i..%i ms", (n, period, mult, maxMult, min, max) => {
    expect(suspicionBounds(n, period, mult, maxMult)).toEqual({ minMs: min, maxMs: max });
  });
});

describe("Suspicion", () => {
  it("moves its deadline closer with each independent confirmation, not with repeats or the raiser", () => {
    const sp = new Suspicion("n2", 1000, 3, 2000, 6000);
    expect(sp.deadline).toBe(7000);
    expect(sp.confirm("n2")).toBe(false);
    expect(sp.confirm("n3")).toBe(true);
    expect(sp.confirm("n3")).toBe(false);
    expect(sp.deadline).toBe(5000);
    sp.confirm("n4");
    sp.confirm("n5");
    expect(sp.confirm("n6")).toBe(false); // enough already
    expect([sp.confirmations, sp.deadline]).toEqual([3, 3000]);
  });
});

describe("Awareness", () => {
  it("stretches timeouts by score + 1, the score kept within 0..max-1", () => {
    const a = new Awareness(8);
    expect(a.scale(500)).toBe(500);
    a.apply(-1);
    expect(a.score).toBe(0);
    a.apply(3);
    expect(a.scale(500)).toBe(2000);
    a.apply(100);
    expect([a.score, a.scale(1000)]).toEqual([7, 8000]);
    a.apply(-2);
    expect(a.score).toBe(5);
    expect(() => new Awareness(0)).toThrow(/max must be a whole number >= 1, got 0/);
  });
});
