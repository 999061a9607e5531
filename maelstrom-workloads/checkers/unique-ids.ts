import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { clojureCompare, NotComparable, show } from "./clojure-compare.js";
import { canonicalJson, compareJson } from "./json-value.js";

/** How many duplicated ids "duplicated" lists at most (Jepsen's 48, those seen most often). */
export const DUPLICATES_SHOWN = 48;

interface Seen {
  id: unknown;
  count: number;
  /** The first ok op that returned it. */
  first: number;
}

class IdsNotComparable extends Error {
  constructor(e: NotComparable, opA: number | undefined, opB: number | undefined) {
    const at = (op: number | undefined) => (op === undefined ? "" : ` (op ${op})`);
    super(
      `the ids ${show(e.a)}${at(opA)} and ${show(e.b)}${at(opB)} cannot be compared: ${e.reason}. ` +
        "Jepsen's unique-ids checker orders ids with Clojure's compare (for its range and its sorted map of duplicates) and throws here, " +
        'so Maelstrom reports this result as unknown. Ids of one kind (all numbers, all strings, or arrays of those) can be judged',
    );
    this.name = "IdsNotComparable";
  }
}

function compareIds(x: { id: unknown; op?: number }, y: { id: unknown; op?: number }): number {
  try {
    return clojureCompare(x.id, y.id);
  } catch (e) {
    if (e instanceof NotComparable) throw new IdsNotComparable(e, x.op, y.op);
    throw e;
  }
}

/** [smallest, largest] as tesser's range folds them: null ids skipped; a later id equal to the extreme replaces it. */
function foldRange(acks: readonly { id: unknown; op: number }[]): [unknown, unknown] {
  let min: { id: unknown; op: number } | undefined;
  let max: { id: unknown; op: number } | undefined;
  for (const x of acks) {
    if (x.id === null) continue;
    if (min === undefined || max === undefined) {
      min = max = x;
      continue;
    }
    // Jepsen folds min and max separately; each compares the new id with its extreme.
    if (compareIds(x, min) <= 0) min = x;
    if (compareIds(x, max) >= 0) max = x;
  }
  return [min?.id ?? null, max?.id ?? null];
}

/**
 * Jepsen's unique-ids checker (MAELSTROM.md §5.4), a pure function of the history:
 * - "attempted-count": `generate` invocations; "acknowledged-count": their ok completions;
 * - ids are counted by JSON value equality (json-value.ts: structural, object
 *   key order ignored); "duplicated" lists those returned more than once, at
 *   most DUPLICATES_SHOWN of them (the most often seen; ties go to the larger
 *   id, as Jepsen's reverse of a stable sort), as [id, count] pairs in id
 *   order (Jepsen's sorted map; a JSON object's keys would have to be strings);
 * - "range": [smallest, largest] by Clojure's compare (null ids skipped; [null, null] with none);
 * - "valid?": no duplicates.
 *
 * Ids that Clojure's compare cannot order against each other (a number and a
 * string, any JSON object) make Jepsen's checker throw, and Maelstrom's result
 * unknown. Here too: "valid?" is "unknown" with an "error" that names the two
 * ids and their ops; the counts and duplicates are kept beside it (ordered by
 * compareJson), for a person to read.
 */
export function uniqueIdsChecker(history: readonly Op[]): CheckResult {
  let attempted = 0;
  const acks: { id: unknown; op: number }[] = [];
  const seen = new Map<string, Seen>();
  for (const op of history) {
    if (op.f !== "generate") continue;
    if (op.type === "invoke") attempted++;
    if (op.type !== "ok") continue;
    const id = op.value === undefined ? null : op.value;
    acks.push({ id, op: op.index });
    const key = canonicalJson(id);
    const s = seen.get(key);
    if (s === undefined) seen.set(key, { id, count: 1, first: op.index });
    else s.count++;
  }
  const dups = [...seen.values()].filter((s) => s.count > 1);
  const counts = { "attempted-count": attempted, "acknowledged-count": acks.length, "duplicated-count": dups.length };
  const listed = (order: (a: unknown, b: unknown) => number) =>
    [...dups]
      .sort((a, b) => b.count - a.count || order(b.id, a.id))
      .slice(0, DUPLICATES_SHOWN)
      .sort((a, b) => order(a.id, b.id))
      .map((s) => [s.id, s.count]);
  try {
    const range = foldRange(acks);
    const duplicated = listed((a, b) => compareIds({ id: a, op: seen.get(canonicalJson(a))?.first }, { id: b, op: seen.get(canonicalJson(b))?.first }));
    return { "valid?": dups.length === 0, ...counts, duplicated, range };
  } catch (e) {
    if (!(e instanceof IdsNotComparable)) throw e;
    return { "valid?": "unknown", error: `unique-ids: ${e.message}`, ...counts, duplicated: listed(compareJson) };
  }
}
