import { describe, expect, it } from "vitest";
import { finalReadLacks, LACKS_LIMIT } from "../../../maelstrom-workloads/checkers/final-read-lacks.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** Ops in order; process p reads node n<p mod 3> (3 nodes, 3 threads). */
function history() {
  const ops: Op[] = [];
  const push = (type: OpType, process: number, f: string, value: unknown, final?: boolean) => {
    ops.push({ index: ops.length, time: ops.length * 1e6, type, process, f, value, ...(final ? { final } : {}) });
  };
  return {
    ops,
    broadcast(p: number, v: unknown, outcome: "ok" | "info" = "ok") {
      push("invoke", p, "broadcast", v);
      push(outcome, p, "broadcast", v);
    },
    read(p: number, vs: unknown[] | null, final = false, outcome: "ok" | "fail" = "ok") {
      push("invoke", p, "read", null, final);
      push(outcome, p, "read", outcome === "ok" ? vs : null, final);
    },
  };
}
const nodes = ["n0", "n1", "n2"];
const check = (ops: Op[]) => finalReadLacks(ops, { addF: "broadcast", readF: "read", nodes, nodeOf: (p) => nodes[p % 3]! });

describe("finalReadLacks: per node, the known values its final reads lacked", () => {
  it("names each node's missing values, ascending; an acknowledged value and one only read are known, an unacknowledged unread one is not", () => {
    const h = history();
    h.broadcast(0, 5);
    h.broadcast(1, 3);
    h.broadcast(2, 8, "info"); // indeterminate, but n2 read it below: known
    h.broadcast(0, 9, "info"); // indeterminate and never read: not known
    h.read(2, [8]);
    h.read(0, [3, 5, 8], true);
    h.read(1, [5], true);
    h.read(2, [42], true); // 42 was never broadcast: ignored
    expect(check(h.ops)).toEqual({
      n0: { "read-count": 1, "lacks-count": 0, lacks: [] },
      n1: { "read-count": 1, "lacks-count": 2, lacks: [3, 8] },
      n2: { "read-count": 1, "lacks-count": 3, lacks: [3, 5, 8] },
    });
  });

  it("an indeterminate value that only a main-phase read returned is known, and lacked by every final read that lacks it", () => {
    const h = history();
    h.broadcast(0, 1);
    h.broadcast(1, 2, "info");
    h.broadcast(2, 3, "info");
    h.read(3, [2]); // main phase: 2 is known from here on
    h.read(0, [1], true);
    h.read(1, [1], true);
    expect(check(h.ops)).toEqual({
      n0: { "read-count": 1, "lacks-count": 1, lacks: [2] },
      n1: { "read-count": 1, "lacks-count": 1, lacks: [2] },
    });
  });

  it("main-phase reads do not count as final; a node with no ok final read has lacks-count null; nodes without a final read are left out", () => {
    const h = history();
    h.broadcast(0, 1);
    h.read(0, [1]); // not final
    h.read(0, null, true, "fail");
    h.read(1, [1], true);
    expect(check(h.ops)).toEqual({
      n0: { "read-count": 0, "lacks-count": null, lacks: [] },
      n1: { "read-count": 1, "lacks-count": 0, lacks: [] },
    });
  });

  it("a node read by several threads lacks only what none of its final reads had", () => {
    const h = history();
    h.broadcast(0, 1);
    h.broadcast(0, 2);
    h.broadcast(0, 3);
    h.read(0, [1], true);
    h.read(3, [2], true); // process 3: thread 3, also n0
    expect(check(h.ops).n0).toEqual({ "read-count": 2, "lacks-count": 1, lacks: [3] });
  });

  it(`counts every lacked value but lists the first ${LACKS_LIMIT}`, () => {
    const h = history();
    for (let v = 0; v < LACKS_LIMIT + 5; v++) h.broadcast(0, v);
    h.read(0, [], true);
    const n0 = check(h.ops).n0!;
    expect(n0["lacks-count"]).toBe(LACKS_LIMIT + 5);
    expect(n0.lacks).toEqual(Array.from({ length: LACKS_LIMIT }, (_, i) => i));
  });
});
