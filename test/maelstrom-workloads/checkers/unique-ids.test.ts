import { describe, expect, it } from "vitest";
import { compose } from "../../../maelstrom-workloads/checkers/compose.js";
import { DUPLICATES_SHOWN, uniqueIdsChecker } from "../../../maelstrom-workloads/checkers/unique-ids.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** A history of generate ops: each [type, id] pair is an invoke and its completion on process 0. */
function history(completions: Array<[Exclude<OpType, "invoke">, unknown]>): Op[] {
  const ops: Op[] = [];
  const push = (type: OpType, value: unknown) => ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process: 0, f: "generate", value });
  for (const [type, id] of completions) {
    push("invoke", null);
    push(type, type === "ok" ? id : null);
  }
  return ops;
}
const oks = (...ids: unknown[]) => history(ids.map((id) => ["ok", id]));

describe("uniqueIdsChecker (Jepsen's unique-ids)", () => {
  it("is valid for distinct ids, with Jepsen's keys", () => {
    const h = [...history([["ok", 3], ["info", null], ["fail", null]]), ...oks(1, 7).map((o) => ({ ...o, index: o.index + 6 }))];
    expect(uniqueIdsChecker(h)).toEqual({ "valid?": true, "attempted-count": 5, "acknowledged-count": 3, "duplicated-count": 0, duplicated: [], range: [1, 7] });
  });

  it("is invalid with a duplicate, counted by JSON value (object key order ignored), listed as [id, count] in id order", () => {
    const r = uniqueIdsChecker(oks("n1-2", "n1-1", "n1-2", "n2-1", "n1-1", "n1-2"));
    expect(r).toMatchObject({ "valid?": false, "acknowledged-count": 6, "duplicated-count": 2, duplicated: [["n1-1", 2], ["n1-2", 3]], range: ["n1-1", "n2-1"] });
    expect(uniqueIdsChecker(oks([1, { a: 1, b: 2 }], [1, { b: 2, a: 1 }]))).toMatchObject({ "valid?": "unknown", "duplicated-count": 1 }); // maps: no order
    expect(uniqueIdsChecker(oks([1, 2], [1, 2], [2, 1]))).toMatchObject({ "valid?": false, duplicated: [[[1, 2], 2]], range: [[1, 2], [2, 1]] });
  });

  it("lists at most 48 duplicated ids: those seen most often, ties to the larger id, shown in id order", () => {
    const ids = Array.from({ length: 60 }, (_, i) => i);
    const r = uniqueIdsChecker(oks(...ids, ...ids, 5, 6)); // 5 and 6 three times, the rest twice
    expect(r["duplicated-count"]).toBe(60);
    const listed = r.duplicated as Array<[number, number]>;
    expect(listed).toHaveLength(DUPLICATES_SHOWN);
    expect(listed.map(([id]) => id)).toEqual([5, 6, ...Array.from({ length: 46 }, (_, i) => 14 + i)]);
    expect(listed.find(([id]) => id === 5)).toEqual([5, 3]);
  });

  it("takes only ok ids: info and fail completions (and nemesis ops) are not ids", () => {
    const h = history([["ok", 1], ["info", 1], ["fail", 1]]);
    h.push({ index: h.length, time: 0, type: "info", process: "nemesis", f: "start-partition", value: 1 });
    expect(uniqueIdsChecker(h)).toMatchObject({ "valid?": true, "attempted-count": 3, "acknowledged-count": 1 });
  });

  it("skips null ids in the range, as tesser's range does, and gives [null, null] with no acknowledged id", () => {
    expect(uniqueIdsChecker(oks(null, 4, null, 2)).range).toEqual([2, 4]);
    expect(uniqueIdsChecker([])).toEqual({ "valid?": true, "attempted-count": 0, "acknowledged-count": 0, "duplicated-count": 0, duplicated: [], range: [null, null] });
  });

  it("orders the range by Clojure's compare: strings lexicographically, arrays shorter first", () => {
    expect(uniqueIdsChecker(oks("n2-10", "n10-1", "n2-9")).range).toEqual(["n10-1", "n2-9"]);
    expect(uniqueIdsChecker(oks([5, 5], [1, 1, 1], [0, 9])).range).toEqual([[0, 9], [1, 1, 1]]);
  });

  it("is unknown, naming the two ids and their ops, when ids cannot be compared (a number and a string), and keeps the counts", () => {
    const r = uniqueIdsChecker(oks(1, "a", 1));
    expect(r["valid?"]).toBe("unknown");
    expect(r.error).toMatch(/^unique-ids: the ids "a" \(op 3\) and 1 \(op 1\) cannot be compared: Clojure does not order a string against a number\. .*Maelstrom reports this result as unknown/);
    expect(r).toMatchObject({ "acknowledged-count": 3, "duplicated-count": 1, duplicated: [[1, 2]] });
    expect(r.range).toBeUndefined();
  });

  it("is unknown for two JSON object ids, and not for one alone (Jepsen never compares it)", () => {
    expect(uniqueIdsChecker(oks({ n: 1 }, { n: 2 }))).toMatchObject({ "valid?": "unknown", error: expect.stringContaining("a JSON object is a Clojure map") });
    expect(uniqueIdsChecker(oks({ n: 1 }))).toMatchObject({ "valid?": true, range: [{ n: 1 }, { n: 1 }] });
  });

  it("makes the composed result unknown, as Maelstrom's test", () => {
    expect(compose({ workload: () => uniqueIdsChecker(oks(1, "1")) })["valid?"]).toBe("unknown");
  });
});
