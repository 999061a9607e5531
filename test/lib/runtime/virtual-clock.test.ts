import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";

describe("VirtualClock", () => {
  it("fires timers in due order, ties in scheduling order, and only when time reaches them", () => {
    const c = new VirtualClock();
    const seen: string[] = [];
    c.after(20, () => seen.push("b@" + c.now()));
    c.after(10, () => seen.push("a@" + c.now()));
    c.after(20, () => seen.push("c@" + c.now()));
    c.advance(15);
    expect(seen).toEqual(["a@10"]);
    expect(c.now()).toBe(15);
    c.advance(5);
    expect(seen).toEqual(["a@10", "b@20", "c@20"]);
  });

  it("tells when the next timer is due, and runs timers one at a time", () => {
    const c = new VirtualClock();
    expect(c.nextDue()).toBeUndefined();
    const seen: number[] = [];
    c.after(30, () => seen.push(30));
    c.after(10, () => seen.push(10));
    expect(c.nextDue()).toBe(10);
    expect(c.runNext()).toBe(true);
    expect([seen, c.now(), c.nextDue()]).toEqual([[10], 10, 30]);
    expect(c.runNext()).toBe(true);
    expect(c.runNext()).toBe(false);
  });

  it("repeats `every` and stops after cancel", () => {
    const c = new VirtualClock();
    let n = 0;
    const t = c.every(10, () => void n++);
    c.advance(35);
    t.cancel();
    c.advance(100);
    expect(n).toBe(3);
    expect(c.pending).toBe(0);
  });

  it("fires a timer scheduled from inside a callback if it falls within the same advance", () => {
    const c = new VirtualClock();
    const seen: number[] = [];
    c.after(10, () => c.after(5, () => seen.push(c.now())));
    c.advance(20);
    expect(seen).toEqual([15]);
  });

  it("rejects negative and zero-period intervals", () => {
    const c = new VirtualClock();
    expect(() => c.after(-1, () => {})).toThrow(RangeError);
    expect(() => c.every(0, () => {})).toThrow(RangeError);
  });

  it("property: any set of timers fires sorted by (due, scheduling order)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), (delays) => {
        const c = new VirtualClock();
        const fired: Array<[number, number]> = [];
        delays.forEach((d, i) => c.after(d, () => fired.push([c.now(), i])));
        c.advance(100);
        const expected = delays.map((d, i) => [d, i] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(fired).toEqual(expected);
      }),
    );
  });
});
