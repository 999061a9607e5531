import { expect, it } from "vitest";
import { analyse, exceptionsChecker } from "../../../maelstrom-workloads/run/analyse.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import type { Workload } from "../../../maelstrom-workloads/workload.js";

const op = (index: number, type: Op["type"], extra: Partial<Op> = {}): Op => ({ index, time: index, type, process: 0, f: "x", value: null, ...extra });
const workload = (valid: true | false | "unknown"): Workload => ({
  name: "fake",
  reusableClient: false,
  nextOp: () => ({ f: "x", value: null }),
  invoke: async () => ({ type: "ok", value: null }),
  check: () => ({ "valid?": valid }),
});
const extras = { availability: undefined, lateness: [0.1, 0.2, 0.3, 4, 0.5], stopped: [], seed: 9 };

it("composes Maelstrom's checkers, worst validity wins, and adds the harness figures", () => {
  const h = [op(0, "invoke"), op(1, "ok")];
  const r = analyse(workload(true), h, [], extras);
  expect(r["valid?"]).toBe(true);
  expect(Object.keys(r)).toEqual(["workload", "stats", "availability", "net", "exceptions", "harness", "valid?"]);
  expect(r.harness).toEqual({ seed: 9, "delivery-lateness-ms": { count: 5, "0.5": 0.3, "0.99": 4, "1": 4 }, "output-stopped": [] });
  expect(analyse(workload("unknown"), h, [], extras)["valid?"]).toBe("unknown");
  expect(analyse(workload(true), h, [], { ...extras, availability: "total" })["valid?"]).toBe(true);
  expect(analyse(workload(true), [op(0, "invoke"), op(1, "fail")], [], { ...extras, availability: "total" })["valid?"]).toBe(false);
});

it("groups info ops with exceptions by their class, most frequent first, and stays valid", () => {
  const h = [
    op(0, "invoke"),
    op(1, "info", { exception: 'MalformedResponse: Malformed RPC response {"a":1}: bad' }),
    op(2, "invoke"),
    op(3, "info", { exception: 'MalformedResponse: Malformed RPC response {"b":2}: bad' }),
    op(4, "invoke"),
    op(5, "info", { exception: "Error: client c3 closed" }),
  ];
  const r = exceptionsChecker(h);
  expect(r["valid?"]).toBe(true);
  expect((r.exceptions as Array<{ count: number; class: string }>).map((e) => [e.count, e.class])).toEqual([
    [2, "MalformedResponse"],
    [1, "Error"],
  ]);
});
