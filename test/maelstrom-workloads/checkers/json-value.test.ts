import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, compareJson, jsonEqual } from "../../../maelstrom-workloads/checkers/json-value.js";

describe("jsonEqual", () => {
  it.each<[unknown, unknown, boolean]>([
    [1, 1, true],
    [1, 1.0, true], // JS cannot tell them apart once parsed (Clojure can)
    [1, "1", false],
    [null, undefined, true],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{}, [], false],
    ["Please echo 1", "Please echo 1", true],
    [true, 1, false],
  ])("%j vs %j -> %s", (a, b, want) => {
    expect(jsonEqual(a, b)).toBe(want);
  });

  it("is reflexive on parsed JSON, and canonical form survives a key shuffle", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const parsed = JSON.parse(JSON.stringify(v));
        expect(jsonEqual(v, parsed)).toBe(true);
        expect(JSON.parse(canonicalJson(v))).toEqual(parsed);
      }),
    );
  });
});

describe("compareJson", () => {
  it("orders numbers numerically, not lexically", () => {
    expect([10, 2, 33, -1, 4].sort(compareJson)).toEqual([-1, 2, 4, 10, 33]);
  });

  it("orders strings by code units, arrays shorter first, and mixed types by kind", () => {
    expect(["b", "a", "B"].sort(compareJson)).toEqual(["B", "a", "b"]);
    expect([[2], [1, 1], [1]].sort(compareJson)).toEqual([[1], [2], [1, 1]]);
    expect([{ a: 1 }, [1], "s", 3, true, null].sort(compareJson)).toEqual([null, true, 3, "s", [1], { a: 1 }]);
  });

  it("is a consistent total order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(Math.sign(compareJson(a, b))).toBe(-Math.sign(compareJson(b, a)) || 0);
        if (compareJson(a, b) === 0) expect(canonicalJson(a)).toBe(canonicalJson(b));
      }),
    );
  });
});
