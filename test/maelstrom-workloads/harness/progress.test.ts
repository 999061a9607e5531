import { describe, expect, it } from "vitest";
import { Progress } from "../../../maelstrom-workloads/harness/progress.js";

const history = { invoke: 3, ok: 2, fail: 0, info: 1 };
function lineWith(grudge: Record<string, string[]>): string {
  const p = new Progress(() => {}, () => ({ history, grudge }), false);
  try {
    p.phase("main", 20);
    p.fault("partition", "n0 | n1 n2");
    return p.line();
  } finally {
    p.stop();
  }
}

describe("Progress: the line a person watches", () => {
  it("counts the links a partition cut, singular for one", () => {
    expect(lineWith({ n0: ["n1"] })).toMatch(/^\[main \d+\.\d\/20 s\] ops 3 \(ok 2, fail 0, info 1\) \| partition n0 \| n1 n2 \(1 link cut: n0✗n1\)$/);
    expect(lineWith({ n0: ["n1", "n2"] })).toMatch(/\(2 links cut: n0✗n1,n2\)$/);
    expect(lineWith({})).toMatch(/\(0 links cut\)$/);
  });
});
