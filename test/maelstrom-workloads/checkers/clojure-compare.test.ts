import { describe, expect, it } from "vitest";
import { clojureCompare, NotComparable } from "../../../maelstrom-workloads/checkers/clojure-compare.js";

// Clojure's compare on parsed JSON: each row as (compare a b) answers in a Clojure REPL (sign only), or throws.

describe("clojureCompare", () => {
  it.each([
    [1, 2, -1],
    [2.5, 2, 1],
    [3, 3, 0],
    ["a", "b", -1],
    ["b", "a", 1],
    ["ab", "b", -1], // lexicographic, not by length
    ["Z", "a", -1], // UTF-16 code units: uppercase first
    [false, true, -1],
    [null, 5, -1],
    [5, null, 1],
    [null, { a: 1 }, -1], // null is below everything, maps included
    [{ a: 1 }, null, 1],
    [null, null, 0],
    [[1, 2], [1, 3], -1],
    [[9], [1, 1], -1], // vectors: shorter first
    [[1, "x"], ["a", "b", "c"], -1], // different lengths: elements never compared
    [[null, 2], [1, 0], -1],
  ])("compare %j %j has the sign of %i", (a, b, sign) => {
    expect(Math.sign(clojureCompare(a, b))).toBe(sign);
  });

  it.each([
    [1, "1", "does not order a number against a string"],
    ["a", 2, "does not order a string against a number"],
    [true, 1, "a boolean against a number"],
    [[1], "a", "an array against a string"],
    [[1], ["a"], "a number against a string"], // same length: element by element
    [{ a: 1 }, { a: 1 }, "a JSON object is a Clojure map"], // even equal maps
    [{ a: 1 }, 1, "a JSON object is a Clojure map"],
  ])("throws for %j against %j", (a, b, why) => {
    expect(() => clojureCompare(a, b)).toThrow(NotComparable);
    expect(() => clojureCompare(a, b)).toThrow(why);
  });
});
