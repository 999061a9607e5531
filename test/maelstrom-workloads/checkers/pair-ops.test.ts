import { describe, expect, it } from "vitest";
import { isClientOp, pairCompletions } from "../../../maelstrom-workloads/checkers/pair-ops.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

function ops(steps: Array<[OpType, Op["process"]]>): Op[] {
  return steps.map(([type, process], index) => ({ index, time: index, type, process, f: "x", value: index }));
}

describe("pairCompletions", () => {
  it("pairs each completion with the invocation pending on its process", () => {
    const h = ops([
      ["invoke", 0],
      ["invoke", 1],
      ["ok", 1],
      ["fail", 0],
      ["invoke", 1],
      ["info", 1],
    ]);
    const pairs = pairCompletions(h);
    expect([...pairs].map(([c, inv]) => [c, inv.index])).toEqual([
      [2, 1],
      [3, 0],
      [5, 4],
    ]);
  });

  it("leaves an info with nothing pending unpaired", () => {
    expect(pairCompletions(ops([["info", "nemesis"], ["info", "nemesis"]])).size).toBe(0);
  });

  it("throws on an ok without an invocation, and on a second invocation while one is pending", () => {
    expect(() => pairCompletions(ops([["ok", 0]]))).toThrow(/no pending invocation/);
    expect(() => pairCompletions(ops([["invoke", 0], ["invoke", 0]]))).toThrow(/still pending/);
  });

  it("isClientOp is true only for numeric processes", () => {
    const [a, b] = ops([["invoke", 3], ["info", "nemesis"]]);
    expect(isClientOp(a!)).toBe(true);
    expect(isClientOp(b!)).toBe(false);
  });
});
