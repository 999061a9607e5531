import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { jsonText } from "../model/json-text.js";

/** An inclusive range of integers, [lo, hi] with lo <= hi. */
export type Interval = readonly [lo: number, hi: number];

function requireInteger(op: Op, what: string): number {
  const v = op.value;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    // Maelstrom's checker asserts the same (its interval arithmetic is only sound on integers); checkSafe makes this "unknown".
    throw new Error(`counter checker: op ${op.index} (${op.type} ${op.f} on process ${String(op.process)}) has ${what} ${jsonText(v)}, expected an integer`);
  }
  return v;
}

/**
 * A final read's value: an integer, exactly. A read past ±(2^53−1) is a
 * BigInt (run/first-json-value.ts), which Maelstrom's `integer?` accepts too;
 * it is compared with the acceptable set by value (JavaScript's < and >
 * compare a bigint with a number exactly), never rounded.
 */
function readValue(op: Op): number | bigint {
  return typeof op.value === "bigint" ? op.value : requireInteger(op, "final read value");
}

/**
 * `set ∪ (set + delta)`, both sorted and merged: the two lists are merged in
 * one pass, and neighbours that overlap or touch (hi + 1 >= next lo) are
 * joined, so the result is again sorted, disjoint and non-adjacent. O(k) for
 * k intervals; with Maelstrom's small deltas the set collapses to one
 * interval after a few indeterminate adds, so thousands of them cost little.
 */
export function unionShifted(set: readonly Interval[], delta: number): Interval[] {
  if (delta === 0) return [...set];
  const shifted = set.map(([lo, hi]): Interval => [lo + delta, hi + delta]);
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < set.length || j < shifted.length) {
    const next = j >= shifted.length || (i < set.length && set[i]![0] <= shifted[j]![0]) ? set[i++]! : shifted[j++]!;
    const last = out[out.length - 1];
    if (last !== undefined && next[0] <= last[1] + 1) last[1] = Math.max(last[1], next[1]);
    else out.push([next[0], next[1]]);
  }
  return out;
}

/** Whether `x` lies in one of the sorted, disjoint intervals (binary search); a bigint compares by its exact value. */
export function intervalsContain(set: readonly Interval[], x: number | bigint): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = set[mid]!;
    if (x < a) hi = mid - 1;
    else if (x > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Maelstrom's counter checker, shared by g-counter and pn-counter
 * (MAELSTROM.md 5.5; src/maelstrom/workload/pn_counter.clj):
 * - the definite total is the sum of the deltas of `ok` adds;
 * - each `info` add (it may or may not have happened) widens the acceptable
 *   set S to S ∪ (S + delta), so S ends as definite + every subset sum of the
 *   indeterminate deltas; `fail` adds (none, with these clients) count for nothing;
 * - only `ok` reads of the final phase (flagged `final`) are judged, each must
 *   lie in S; mid-run reads are never checked, and no final read at all is valid.
 *
 * Result: `{"valid?", "errors": <the bad final reads, as ops> | null,
 * "final-reads": [values], "acceptable": [[lo, hi], ...]}` (inclusive, sorted).
 * A non-integer delta or read throws (as Maelstrom's assertion), which the
 * composed checker reports as "unknown".
 */
export function counterChecker(history: readonly Op[]): CheckResult {
  let definite = 0;
  const indeterminate: number[] = [];
  for (const op of history) {
    if (op.f !== "add" || op.process === "nemesis") continue;
    if (op.type === "ok") definite += requireInteger(op, "delta");
    else if (op.type === "info") indeterminate.push(requireInteger(op, "delta"));
  }
  let acceptable: Interval[] = [[definite, definite]];
  for (const d of indeterminate) acceptable = unionShifted(acceptable, d);

  const reads = history.filter((op) => op.final === true && op.type === "ok");
  const errors = reads.filter((op) => !intervalsContain(acceptable, readValue(op)));
  return {
    "valid?": errors.length === 0,
    errors: errors.length === 0 ? null : errors,
    "final-reads": reads.map((op) => op.value),
    acceptable: acceptable.map(([lo, hi]) => [lo, hi]),
  };
}
