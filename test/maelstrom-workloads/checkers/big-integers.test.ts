import { describe, expect, it } from "vitest";
import { casRegister, Inconsistent } from "../../../maelstrom-workloads/checkers/cas-register.js";
import { clojureCompare } from "../../../maelstrom-workloads/checkers/clojure-compare.js";
import { counterChecker } from "../../../maelstrom-workloads/checkers/counter.js";
import { canonicalJson, compareJson, jsonEqual } from "../../../maelstrom-workloads/checkers/json-value.js";
import { setFullChecker } from "../../../maelstrom-workloads/checkers/set-full.js";
import { uniqueIdsChecker } from "../../../maelstrom-workloads/checkers/unique-ids.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";
import { readFirstJsonValue } from "../../../maelstrom-workloads/run/first-json-value.js";

// Integers past ±(2^53−1) reach the checkers as BigInts (run/first-json-value.ts), exact, as
// Maelstrom's checkers see Longs and BigIntegers. These two differ by 1 and are the same double.
const A = 1152921504606846977n; // 2^60 + 1
const B = 1152921504606846978n; // 2^60 + 2
/** A value as the harness reads it from a node's line. */
const read = (text: string): unknown => {
  const r = readFirstJsonValue(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

function history(f: string, completions: Array<[Exclude<OpType, "invoke">, unknown, unknown?]>): Op[] {
  const ops: Op[] = [];
  const push = (type: OpType, value: unknown, final?: boolean) => ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process: 0, f, value, ...(final ? { final } : {}) });
  for (const [type, value, invokeValue = null] of completions) {
    push("invoke", invokeValue, f === "read" && type === "ok" ? true : undefined);
    push(type, value, f === "read" && type === "ok" ? true : undefined);
  }
  return ops;
}

describe("checkers on integers past 2^53", () => {
  it("unique-ids: distinct 64-bit ids that round to the same double are unique; a repeated one is a duplicate, shown exactly", () => {
    const ids = [read("1152921504606846977"), read("1152921504606846978"), read("1152921504606846993")];
    expect(uniqueIdsChecker(history("generate", ids.map((id) => ["ok", id])))).toEqual({ "valid?": true, "attempted-count": 3, "acknowledged-count": 3, "duplicated-count": 0, duplicated: [], range: [A, 1152921504606846993n] });
    const dup = uniqueIdsChecker(history("generate", [["ok", A], ["ok", 5], ["ok", B], ["ok", read("1152921504606846977")]]));
    expect(dup).toMatchObject({ "valid?": false, "duplicated-count": 1, duplicated: [[A, 2]], range: [5, B] });
  });

  it("Clojure's compare and json-value's order and equality take a BigInt by value, against numbers too", () => {
    expect(clojureCompare(A, B)).toBeLessThan(0);
    expect(clojureCompare(B, 1152921504606846976)).toBeGreaterThan(0); // 2^60 as a double
    expect(clojureCompare(A, 1152921504606846976)).toBeGreaterThan(0);
    expect(clojureCompare(2n ** 60n, 1152921504606846976)).toBe(0);
    expect(clojureCompare([1, A], [1, B])).toBeLessThan(0);
    expect(() => clojureCompare(A, "1")).toThrow(`${A} and "1" cannot be compared`);
    expect(compareJson(A, B)).toBeLessThan(0);
    expect(compareJson(-A, 3)).toBeLessThan(0);
    expect(jsonEqual({ v: [A] }, { v: [A] })).toBe(true);
    expect(jsonEqual(A, B)).toBe(false);
    expect(jsonEqual(A, Number(A))).toBe(false);
    expect(canonicalJson({ b: B, a: [A] })).toBe(`{"a":[${A}],"b":${B}}`);
  });

  it("the counter judges a big final read exactly, neither rounding it nor giving up", () => {
    // Two definite adds of 2^52 make 2^53, an exact double: the read 2^53 + 1 is one too many.
    const adds: Array<[Exclude<OpType, "invoke">, unknown, unknown]> = [["ok", 2 ** 52, 2 ** 52], ["ok", 2 ** 52, 2 ** 52]];
    const ops = (value: unknown) => [...history("add", adds), ...history("read", [["ok", value]]).map((o) => ({ ...o, index: o.index + 4 }))];
    expect(counterChecker(ops(read("9007199254740993")))).toMatchObject({ "valid?": false, "final-reads": [9007199254740993n], acceptable: [[2 ** 53, 2 ** 53]] });
    expect(counterChecker(ops(read("9007199254740992")))).toMatchObject({ "valid?": true, "final-reads": [9007199254740992n] });
    expect(counterChecker(ops(read("-18446744073709551616")))).toMatchObject({ "valid?": false });
  });

  it("set-full: a big integer read that nobody added is ignored, and one read beside the added elements breaks nothing", () => {
    const h: Op[] = [
      { index: 0, time: 0, type: "invoke", process: 0, f: "add", value: 1 },
      { index: 1, time: 1, type: "ok", process: 0, f: "add", value: 1 },
      { index: 2, time: 2, type: "invoke", process: 1, f: "read", value: null },
      { index: 3, time: 3, type: "ok", process: 1, f: "read", value: read(`[1, ${A}, ${B}, ${A}]`) },
    ];
    expect(setFullChecker(h)).toMatchObject({ "valid?": true, "attempt-count": 1, "stable-count": 1, "lost-count": 0 });
    expect(() => setFullChecker([...h.slice(0, 3), { ...h[3]!, value: A }])).toThrow(`set-full: ok read op 3 has a non-array value: ${A}`);
  });

  it("the cas-register (lin-kv's model) compares big values exactly", () => {
    const [a, b] = read(`[${A}, ${B}]`) as [unknown, unknown];
    expect(casRegister.step(a, { f: "read", value: a })).toBe(A);
    expect(casRegister.step(a, { f: "read", value: b })).toBeInstanceOf(Inconsistent);
    expect(casRegister.step(a, { f: "cas", value: [b, 1] })).toEqual(new Inconsistent(`cannot cas ${B} to 1: the value is ${A}`));
    expect(casRegister.step(a, { f: "cas", value: [a, b] })).toBe(B);
  });
});
