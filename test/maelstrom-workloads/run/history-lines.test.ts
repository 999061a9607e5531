import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historyLines } from "../../../maelstrom-workloads/run/history-lines.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

const MARK = "\u0000history-lines:value\u0000";
const oldTxt = (o: Op) => [o.process, o.type, o.f, JSON.stringify(o.value) ?? "nil", ...(o.error !== undefined ? [JSON.stringify(o.error)] : [])].join("\t");

describe("historyLines", () => {
  it("gives JSON.stringify(op) and Jepsen's history.txt line, for any op and value", () => {
    const value = fc.oneof(fc.jsonValue(), fc.array(fc.nat(), { minLength: 50, maxLength: 400 }), fc.constant(undefined), fc.constant(MARK), fc.constant([MARK, "x".repeat(300)]));
    const op = fc.record(
      {
        index: fc.nat(),
        time: fc.nat(),
        type: fc.constantFrom("invoke" as const, "ok" as const, "fail" as const, "info" as const),
        process: fc.oneof(fc.nat(9), fc.constant("nemesis" as const)),
        f: fc.oneof(fc.constantFrom("read", "broadcast"), fc.constant(MARK)),
        value,
        error: fc.oneof(fc.constant(undefined), fc.tuple(fc.nat(), fc.string())),
        exception: fc.oneof(fc.constant(undefined), fc.constant(MARK), fc.string()),
      },
      { requiredKeys: ["index", "time", "type", "process", "f", "value"] },
    );
    fc.assert(
      fc.property(op, (o) => {
        const [jsonl, txt] = historyLines(o as Op);
        expect(jsonl).toBe(JSON.stringify(o));
        expect(txt).toBe(oldTxt(o as Op));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the value's place among the op's keys", () => {
    const o = { value: Array.from({ length: 300 }, (_, i) => i), index: 1, time: 2, type: "ok", process: 0, f: "read" } as unknown as Op;
    expect(historyLines(o)[0]).toBe(JSON.stringify(o));
    expect(historyLines(o)[0].startsWith('{"value":[0,1,')).toBe(true);
  });
});
