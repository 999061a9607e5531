import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { counterChecker, type Interval, intervalsContain, unionShifted } from "../../../maelstrom-workloads/checkers/counter.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** A tiny history builder: ops get consecutive indices and 1 ms apart. */
function history() {
  const ops: Op[] = [];
  const push = (type: OpType, process: Op["process"], f: string, value: unknown, final?: boolean): Op => {
    const op: Op = { index: ops.length, time: ops.length * 1_000_000, type, process, f, value, ...(final ? { final } : {}) };
    ops.push(op);
    return op;
  };
  return {
    ops,
    add: (p: number, delta: number, type: Exclude<OpType, "invoke">) => {
      push("invoke", p, "add", delta);
      return push(type, p, "add", delta);
    },
    read: (p: number, value: unknown, final = false, type: Exclude<OpType, "invoke"> = "ok") => {
      push("invoke", p, "read", null, final);
      return push(type, p, "read", value, final);
    },
    nemesis: (f: string, v: unknown) => push("info", "nemesis", f, v),
  };
}

/** Every definite + subset sum, by brute force: the set the intervals must describe exactly. */
function subsetSums(definite: number, deltas: readonly number[]): Set<number> {
  let sums = new Set([definite]);
  for (const d of deltas) sums = new Set([...sums, ...[...sums].map((s) => s + d)]);
  return sums;
}

function members(set: readonly Interval[]): Set<number> {
  const out = new Set<number>();
  for (const [lo, hi] of set) for (let x = lo; x <= hi; x++) out.add(x);
  return out;
}

describe("counterChecker", () => {
  it("is valid when every final read is the sum of the ok adds, and says so in Maelstrom's keys", () => {
    const h = history();
    h.add(0, 3, "ok");
    h.add(1, 4, "ok");
    h.read(0, 3); // a mid-run read is never judged, even when it is not the total
    h.read(0, 7, true);
    h.read(1, 7, true);
    expect(counterChecker(h.ops)).toEqual({ "valid?": true, errors: null, "final-reads": [7, 7], acceptable: [[7, 7]] });
  });

  it("names each final read outside the acceptable set, as its op", () => {
    const h = history();
    h.add(0, 3, "ok");
    h.add(1, 2, "ok");
    h.read(0, 5, true);
    const bad = h.read(1, 3, true); // node n2 counted only its own adds
    const r = counterChecker(h.ops);
    expect(r["valid?"]).toBe(false);
    expect(r.errors).toEqual([bad]);
    expect(r["final-reads"]).toEqual([5, 3]);
  });

  it("accepts every subset sum of the info adds, ignores fail adds, nemesis ops, and non-ok final reads", () => {
    const h = history();
    h.add(0, 10, "ok");
    h.add(1, 1, "info");
    h.add(2, 4, "info");
    h.add(0, 100, "fail");
    h.nemesis("start-partition", "majority");
    h.read(0, 15, true);
    h.read(2, 999, true, "info"); // a final read that timed out judges nothing
    const r = counterChecker(h.ops);
    expect(r.acceptable).toEqual([
      [10, 11],
      [14, 15],
    ]);
    expect(r["valid?"]).toBe(true);
    expect(r["final-reads"]).toEqual([15]);
    const h2 = history();
    h2.add(0, 10, "ok");
    h2.add(1, 1, "info");
    h2.add(2, 4, "info");
    h2.read(0, 12, true); // 12 is no subset sum of {1, 4} above 10
    expect(counterChecker(h2.ops)["valid?"]).toBe(false);
  });

  it("is valid with no final reads at all, whatever the mid-run reads said", () => {
    const h = history();
    h.add(0, 2, "ok");
    h.read(0, -40);
    expect(counterChecker(h.ops)).toEqual({ "valid?": true, errors: null, "final-reads": [], acceptable: [[2, 2]] });
  });

  it("handles negative deltas (pn-counter)", () => {
    const h = history();
    h.add(0, -5, "ok");
    h.add(0, -3, "info");
    h.read(0, -8, true);
    h.read(1, -5, true);
    const r = counterChecker(h.ops);
    expect(r.acceptable).toEqual([
      [-8, -8],
      [-5, -5],
    ]);
    expect(r["valid?"]).toBe(true);
  });

  it("throws on a non-integer delta or read, as Maelstrom's assertion (the composed checker makes that unknown)", () => {
    const h = history();
    h.read(0, 1.5, true);
    expect(() => counterChecker(h.ops)).toThrow(/op 1 \(ok read on process 0\) has final read value 1.5, expected an integer/);
  });

  it("stays one interval, and fast, for 5000 info adds of 0..4", () => {
    const h = history();
    for (let i = 0; i < 5000; i++) h.add(i, i % 5, i % 2 === 0 ? "info" : "ok");
    h.read(0, 5000, true);
    const t0 = performance.now();
    const r = counterChecker(h.ops);
    expect(performance.now() - t0).toBeLessThan(500);
    // ok adds are the odd i: their deltas sum to 5000; the info ones add 0..(sum of theirs)
    expect(r.acceptable).toEqual([[5000, 10000]]);
  });

  it("describes exactly definite + every subset sum of the info deltas (property, against brute force)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.array(fc.integer({ min: -12, max: 12 }), { maxLength: 9 }), (definite, deltas) => {
        let set: Interval[] = [[definite, definite]];
        for (const d of deltas) set = unionShifted(set, d);
        for (let k = 1; k < set.length; k++) expect(set[k]![0]).toBeGreaterThan(set[k - 1]![1] + 1); // sorted, disjoint, not touching
        const expected = subsetSums(definite, deltas);
        expect(members(set)).toEqual(expected);
        for (let x = definite - 120; x <= definite + 120; x++) expect(intervalsContain(set, x)).toBe(expected.has(x));
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});
