import { describe, expect, it } from "vitest";
import { availabilityChecker, type Availability } from "../../../maelstrom-workloads/checkers/availability.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** A history of `n` client ops with the given completion types, plus two nemesis ops. */
function history(completions: OpType[]): Op[] {
  const ops: Op[] = [];
  const push = (type: OpType, process: Op["process"], f: string, extra: Partial<Op> = {}) =>
    ops.push({ index: ops.length, time: ops.length, type, process, f, value: null, ...extra });
  push("info", "nemesis", "start-partition");
  completions.forEach((type, p) => {
    push("invoke", p, "read");
    push(type, p, "read");
  });
  push("info", "nemesis", "stop-partition");
  return ops;
}

const oks = (n: number): OpType[] => Array(n).fill("ok");
const fails = (n: number): OpType[] => Array(n).fill("fail");

describe("availabilityChecker", () => {
  it.each<[string, OpType[], Availability, boolean, number]>([
    ["no option: valid even when nothing succeeded", fails(3), undefined, true, 0],
    ["null option behaves like no option", fails(3), null, true, 0],
    ["total with every op ok", oks(4), "total", true, 1],
    ["total with one failure", [...oks(3), "fail"], "total", false, 0.75],
    ["total with one info", [...oks(3), "info"], "total", false, 0.75],
    ["a bound met exactly", [...oks(1), "fail"], 0.5, true, 0.5],
    ["a bound exceeded", [...oks(3), "fail"], 0.5, true, 0.75],
    ["a bound missed", [...oks(2), "fail"], 0.75, false, 2 / 3],
    ["bound 0 with nothing ok", fails(2), 0, true, 0],
    ["bound 1 with every op ok", oks(2), 1, true, 1],
  ])("%s", (_name, completions, availability, valid, fraction) => {
    expect(availabilityChecker(history(completions), availability)).toEqual({ "valid?": valid, "ok-fraction": fraction });
  });

  it("has ok-fraction 1 without invocations, so even total is met", () => {
    expect(availabilityChecker(history([]), "total")).toEqual({ "valid?": true, "ok-fraction": 1 });
    expect(availabilityChecker([], 1)).toEqual({ "valid?": true, "ok-fraction": 1 });
  });

  it("counts invocations still pending against availability", () => {
    const h = history(oks(3));
    h.push({ index: h.length, time: 99, type: "invoke", process: 9, f: "read", value: null });
    expect(availabilityChecker(h, "total")).toEqual({ "valid?": false, "ok-fraction": 0.75 });
  });

  it("counts final reads", () => {
    const h = history(oks(1));
    h.push({ index: h.length, time: 99, type: "invoke", process: 5, f: "read", value: null, final: true });
    h.push({ index: h.length, time: 99, type: "fail", process: 5, f: "read", value: null, final: true });
    expect(availabilityChecker(h, "total")["ok-fraction"]).toBe(0.5);
  });

  it("compares against single-precision ok-fraction like Maelstrom: 9/10 does not meet 0.9", () => {
    const r = availabilityChecker(history([...oks(9), "fail"]), 0.9);
    expect(r["ok-fraction"]).toBe(0.9);
    expect(r["valid?"]).toBe(false);
    // while 0.8999 is met
    expect(availabilityChecker(history([...oks(9), "fail"]), 0.8999)["valid?"]).toBe(true);
  });

  it("rejects an unknown option", () => {
    expect(() => availabilityChecker([], "most" as unknown as Availability)).toThrow(/availability/);
  });
});
